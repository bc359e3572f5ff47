// Account management: CREATE/ALTER/DROP USER, GRANT, REVOKE.
#pragma once

#include "parser/ast_session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qproxy::sql {

// user [IDENTIFIED BY 'pw' | IDENTIFIED WITH plugin [BY 'pw' | AS 'hash']]
struct user_auth {
    user_spec user_;
    std::optional<std::string> plugin_;
    std::optional<std::string> password_;  // clear text from BY
    std::optional<std::string> hash_;      // stored hash from AS
    bool operator==(const user_auth&) const = default;
};

enum class tls_require : std::uint8_t { unspecified, none, ssl, x509 };

struct create_user_stmt {
    bool if_not_exists_ = false;
    std::vector<user_auth> users_;
    tls_require require_ = tls_require::unspecified;
    bool operator==(const create_user_stmt&) const = default;
};

struct alter_user_stmt {
    bool if_exists_ = false;
    std::vector<user_auth> users_;
    tls_require require_ = tls_require::unspecified;
    bool operator==(const alter_user_stmt&) const = default;
};

struct drop_user_stmt {
    bool if_exists_ = false;
    std::vector<user_spec> users_;
    bool operator==(const drop_user_stmt&) const = default;
};

// A privilege as MySQL names it, upper-case: "ALL" (ALL [PRIVILEGES]), "SELECT", "PROCESS",
// "CREATE USER", "SHOW DATABASES", "GRANT OPTION", …; columns_ for SELECT (a, b).
struct privilege {
    std::string name_;
    std::vector<std::string> columns_;
    bool operator==(const privilege&) const = default;
};

enum class grant_object_type : std::uint8_t { table, function, procedure };

// ON [TABLE|FUNCTION|PROCEDURE] *.* | db.* | db.tbl | * | tbl: db_ "" means the current
// database, "*" every database; table_ "*" every table.
struct grant_object {
    grant_object_type type_ = grant_object_type::table;
    std::string db_;
    std::string table_;
    bool operator==(const grant_object&) const = default;
};

struct grant_stmt {
    std::vector<privilege> privileges_;
    grant_object object_;
    std::vector<user_spec> users_;
    bool with_grant_option_ = false;
    bool operator==(const grant_stmt&) const = default;
};

// REVOKE privileges ON object FROM users, or REVOKE ALL [PRIVILEGES], GRANT OPTION FROM users
// (all_grant_option_, with privileges_ empty).
struct revoke_stmt {
    std::vector<privilege> privileges_;
    grant_object object_;
    std::vector<user_spec> users_;
    bool all_grant_option_ = false;
    bool operator==(const revoke_stmt&) const = default;
};

}  // namespace qproxy::sql
