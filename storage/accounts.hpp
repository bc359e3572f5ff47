// MySQL accounts and grants, kept in system.sqlite3 and mirrored in memory:
// authentication runs on the I/O threads and must never touch disk. Reads
// take a shared lock; changes write through to SQLite, then to memory.
#pragma once

#include "parser/error.hpp"
#include "storage/privileges.hpp"
#include "storage/sqlite.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qproxy::storage {

struct account {
    std::string user;
    std::string host;         // pattern; stored lower-case (hosts compare case-insensitively)
    std::string plugin;       // "mysql_native_password", "caching_sha2_password"
    std::string auth_string;  // the plugin's hash, never the password; empty = no password
    bool require_ssl = false;
};

struct grant_level {
    std::string db;     // "*": global (*.*)
    std::string table;  // "*": the whole database (db.*)
};

struct grant_entry {
    grant_level level;
    privilege_set privileges = 0;  // includes privilege::grant_option when WITH GRANT OPTION
};

class account_store {
public:
    // First start only: creates 'qsmaster'@'localhost', empty password, ALL
    // PRIVILEGES WITH GRANT OPTION on *.* (Qserv's convention).
    [[nodiscard]] static sql_result<std::unique_ptr<account_store>> open(const std::filesystem::path& data_dir);

    // The account a client logging in as user from client_host gets, as
    // MySQL picks it: the most specific host first (exact name, then the
    // 'localhost' alias for loopback addresses, then patterns with the
    // longest literal prefix), then a named user before the anonymous ''.
    std::optional<account> find(std::string_view user, std::string_view client_host) const;
    // Exact account, for ALTER/DROP/SHOW GRANTS FOR.
    std::optional<account> get(std::string_view user, std::string_view host) const;

    // 1396 "Operation CREATE USER failed for 'u'@'h'" unless if_not_exists
    // (then existed tells the caller to warn).
    [[nodiscard]] sql_status create_user(const account& a, bool if_not_exists, bool& existed);
    // Replaces plugin, auth_string and require_ssl. 1396 unless if_exists.
    [[nodiscard]] sql_status alter_user(const account& a, bool if_exists);
    // Also drops the account's grants. 1396 unless if_exists.
    [[nodiscard]] sql_status drop_user(std::string_view user, std::string_view host, bool if_exists);

    // privileges == all_privileges means ALL at that level; a set holding
    // privilege::grant_option grants it too. Errors: 1133 unknown account,
    // 1221 / 1144 privileges that do not exist at that level.
    [[nodiscard]] sql_status grant(std::string_view user, std::string_view host, const grant_level& level,
                                   privilege_set privileges, bool with_grant_option);
    // 1141 (1147 for a table) when the account has no grant at that level.
    [[nodiscard]] sql_status revoke(std::string_view user, std::string_view host, const grant_level& level,
                                    privilege_set privileges, bool grant_option);

    // user/host name an account exactly (CURRENT_USER(), not the client host).
    privilege_set global_privileges(std::string_view user, std::string_view host) const;
    privilege_set db_privileges(std::string_view user, std::string_view host, std::string_view db) const;
    privilege_set table_privileges(std::string_view user, std::string_view host, std::string_view db,
                                   std::string_view table) const;
    // SHOW DATABASES / information_schema visibility: any privilege on the
    // database or one of its tables, or a global one (information_schema
    // is visible to everyone).
    bool can_see_db(std::string_view user, std::string_view host, std::string_view db) const;

    // MySQL 8.0's text, e.g. "GRANT SELECT ON `db`.* TO `u`@`%`"; empty when
    // the account does not exist (the caller reports 1141).
    std::vector<std::string> show_grants(std::string_view user, std::string_view host) const;
    // The account's grants in SHOW GRANTS order (global first, always).
    std::vector<grant_entry> grants(std::string_view user, std::string_view host) const;
    std::vector<account> accounts() const;

private:
    using key = std::pair<std::string, std::string>;  // user, lower-case host
    struct entry {
        account acct;
        std::map<key, privilege_set> grants;  // (db, table) -> privileges incl. grant_option
    };

    account_store(database db, std::map<key, entry> accounts);
    static std::vector<grant_entry> entries(const entry& e);
    const entry* lookup(std::string_view user, std::string_view host) const;
    entry* lookup(std::string_view user, std::string_view host);

    mutable std::shared_mutex mutex_;
    database db_;  // used only under the exclusive lock
    std::map<key, entry> accounts_;
};

}  // namespace qproxy::storage
