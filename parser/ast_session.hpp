// Session-level statements: SET, SHOW, USE, DESCRIBE, EXPLAIN, transactions,
// locks, KILL, Qserv's SUBMIT/CANCEL, CALL, FLUSH, DO.
#pragma once

#include "parser/ast_select.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qproxy::sql {

struct table_name {
    std::string db_;  // "" = current database
    std::string name_;

    bool operator==(const table_name&) const = default;
};

// 'user'@'host'; host defaults to '%'. CURRENT_USER / CURRENT_USER() sets current_user_.
struct user_spec {
    std::string user_;
    std::string host_ = "%";
    bool current_user_ = false;

    bool operator==(const user_spec&) const = default;
};

// SUBMIT <select>. query_ is the text after SUBMIT as written: the history's QUERY,
// or, when it is not a SELECT (select_ empty), what the czar's 4110 "SUBMIT only
// valid with SELECT queries" quotes. With a SELECT it is provenance, not meaning.
struct submit_stmt {
    std::optional<select_stmt> select_;
    std::string query_;

    bool operator==(const submit_stmt& o) const {
        return select_ == o.select_ && (select_ || query_ == o.query_);
    }
};

struct cancel_stmt {
    expr id_;
    bool operator==(const cancel_stmt&) const = default;
};

enum class kill_kind : std::uint8_t { connection, query };  // KILL <id> is CONNECTION
struct kill_stmt {
    kill_kind kind_ = kill_kind::connection;
    expr id_;
    bool operator==(const kill_stmt&) const = default;
};

struct call_stmt {
    std::string db_;
    std::string name_;
    std::vector<expr> args_;
    bool operator==(const call_stmt&) const = default;
};

enum class set_target : std::uint8_t { user_var, sys_var, names, charset, transaction, password };
enum class isolation_level : std::uint8_t { read_uncommitted, read_committed, repeatable_read, serializable };

struct set_assignment {
    set_target kind_ = set_target::sys_var;
    var_scope scope_ = var_scope::none;       // sys_var, transaction (GLOBAL|SESSION)
    // user_var / sys_var: the name as written (sys var may be "component.name");
    // names / charset: the character set, "" for DEFAULT.
    std::string name_;
    std::optional<std::string> collation_;    // SET NAMES cs COLLATE c
    std::optional<expr> value_;               // user_var, sys_var (DEFAULT: expr_kind::default_value), password
    std::optional<isolation_level> isolation_;  // transaction
    std::optional<bool> read_only_;             // transaction: READ ONLY (true) / READ WRITE (false)
    std::optional<user_spec> user_;             // SET PASSWORD FOR user = …

    bool operator==(const set_assignment&) const = default;
};

struct set_stmt {
    std::vector<set_assignment> assignments_;
    bool operator==(const set_stmt&) const = default;
};

struct use_stmt {
    std::string db_;
    bool operator==(const use_stmt&) const = default;
};

enum class show_kind : std::uint8_t {
    databases,          // SHOW DATABASES|SCHEMAS [LIKE|WHERE]
    tables,             // SHOW [FULL] TABLES [FROM db] [LIKE|WHERE]
    columns,            // SHOW [FULL] COLUMNS|FIELDS FROM t [FROM db] [LIKE|WHERE]
    index,              // SHOW INDEX|INDEXES|KEYS FROM t [FROM db] [WHERE]
    table_status,       // SHOW TABLE STATUS [FROM db] [LIKE|WHERE]
    open_tables,        // SHOW OPEN TABLES [FROM db] [LIKE|WHERE]
    triggers,           // SHOW TRIGGERS [FROM db] [LIKE|WHERE]
    events,             // SHOW EVENTS [FROM db] [LIKE|WHERE]
    create_table,       // SHOW CREATE TABLE t
    create_view,        // SHOW CREATE VIEW t
    create_database,    // SHOW CREATE DATABASE|SCHEMA [IF NOT EXISTS] db
    variables,          // SHOW [GLOBAL|SESSION] VARIABLES [LIKE|WHERE]
    status,             // SHOW [GLOBAL|SESSION] STATUS [LIKE|WHERE]
    warnings,           // SHOW WARNINGS [LIMIT]
    errors,             // SHOW ERRORS [LIMIT]
    warnings_count,     // SHOW COUNT(*) WARNINGS
    errors_count,       // SHOW COUNT(*) ERRORS
    collation,          // SHOW COLLATION [LIKE|WHERE]
    charset,            // SHOW CHARACTER SET|CHARSET [LIKE|WHERE]
    engines,            // SHOW [STORAGE] ENGINES
    engine_status,      // SHOW ENGINE engine_ STATUS
    plugins,            // SHOW PLUGINS
    grants,             // SHOW GRANTS [FOR user_]
    processlist,        // SHOW [FULL] PROCESSLIST
    privileges,         // SHOW PRIVILEGES
    procedure_status,   // SHOW PROCEDURE STATUS [LIKE|WHERE]
    function_status,    // SHOW FUNCTION STATUS [LIKE|WHERE]
    master_status,      // SHOW MASTER STATUS
    binary_logs,        // SHOW BINARY|MASTER LOGS
    replica_status,     // SHOW SLAVE|REPLICA STATUS
    profiles,           // SHOW PROFILES
};

struct show_stmt {
    show_kind kind_ = show_kind::databases;
    bool full_ = false;
    var_scope scope_ = var_scope::none;   // variables, status
    bool if_not_exists_ = false;          // create_database
    std::string db_;                      // FROM|IN db; create_database's name
    std::string table_;                   // columns, index, create_table, create_view
    std::string engine_;                  // engine_status
    std::optional<std::string> like_;     // LIKE 'pattern' (escapes decoded, \% and \_ kept)
    std::optional<expr> where_;
    std::optional<limit_clause> limit_;   // warnings, errors
    std::optional<user_spec> user_;       // grants FOR user

    bool operator==(const show_stmt&) const = default;
};

// DESCRIBE|DESC|EXPLAIN [db.]table [column | 'wild']
struct describe_stmt {
    table_name table_;
    std::optional<std::string> column_;
    bool operator==(const describe_stmt&) const = default;
};

// EXPLAIN|DESCRIBE [FORMAT = f] [ANALYZE] <select>
struct explain_stmt {
    std::string format_;  // "" = default (TRADITIONAL)
    bool analyze_ = false;
    select_stmt select_;
    bool operator==(const explain_stmt&) const = default;
};

enum class txn_kind : std::uint8_t {
    begin,               // BEGIN [WORK]
    start,               // START TRANSACTION [characteristics]
    commit,              // COMMIT [WORK] [AND [NO] CHAIN] [[NO] RELEASE]
    rollback,            // ROLLBACK [WORK] [AND [NO] CHAIN] [[NO] RELEASE]
    savepoint,           // SAVEPOINT name
    release_savepoint,   // RELEASE SAVEPOINT name
    rollback_to,         // ROLLBACK [WORK] TO [SAVEPOINT] name
};

struct transaction_stmt {
    txn_kind kind_ = txn_kind::begin;
    std::optional<bool> read_only_;     // start: READ ONLY / READ WRITE
    bool consistent_snapshot_ = false;  // start: WITH CONSISTENT SNAPSHOT
    std::optional<bool> chain_;         // commit/rollback: AND CHAIN (true) / AND NO CHAIN (false)
    std::optional<bool> release_;       // commit/rollback: RELEASE (true) / NO RELEASE (false)
    std::string savepoint_;
    bool operator==(const transaction_stmt&) const = default;
};

enum class lock_type : std::uint8_t { read, read_local, write, low_priority_write };
struct lock_target {
    table_name table_;
    std::string alias_;
    lock_type type_ = lock_type::read;
    bool operator==(const lock_target&) const = default;
};
struct lock_tables_stmt {
    std::vector<lock_target> tables_;
    bool operator==(const lock_tables_stmt&) const = default;
};
struct unlock_tables_stmt {
    bool operator==(const unlock_tables_stmt&) const = default;
};

// FLUSH [LOCAL] option[, option…]: options_ upper-case ("PRIVILEGES", "TABLES", "LOGS", "STATUS", …);
// FLUSH TABLES t1, t2 lists tables_.
struct flush_stmt {
    bool local_ = false;
    std::vector<std::string> options_;
    std::vector<table_name> tables_;
    bool operator==(const flush_stmt&) const = default;
};

struct do_stmt {
    std::vector<expr> exprs_;
    bool operator==(const do_stmt&) const = default;
};

// Blank or comment-only text, or a lone ';'.
struct empty_stmt {
    bool operator==(const empty_stmt&) const = default;
};

}  // namespace qproxy::sql
