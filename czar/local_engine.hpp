// Statements that touch no partitioned table, run once on the embedded engine
// (czar/engine_pool.hpp) with MySQL's semantics and column metadata: table-less
// SELECTs, SELECTs over information_schema, SET values, and the filters of
// SHOW … LIKE / WHERE.
#pragma once

#include "czar/like_match.hpp"  // the LIKE of SHOW … LIKE, for callers filtering their own lists
#include "parser/ast_select.hpp"
#include "parser/error.hpp"
#include "parser/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qproxy::storage {
class catalog;
struct schema_viewer;
}  // namespace qproxy::storage

namespace qproxy::czar {

// Everything a statement may read from its session (the session implements it),
// and the one thing it may change: user variables assigned with `@v := e`.
class session_view {
public:
    virtual ~session_view() = default;
    // @@name with scope ("" = default, "session", "global", "local"); nullopt → error 1193 "Unknown system variable 'name'".
    virtual std::optional<std::pair<cell, column_meta>> system_variable(std::string_view scope, std::string_view name) const = 0;
    virtual std::optional<std::pair<cell, column_meta>> user_variable(std::string_view name) const = 0;  // unknown → NULL (MySQL)
    virtual std::string database() const = 0;      // "" → DATABASE() is NULL
    virtual std::string user() const = 0;          // USER(): 'user@client_host'
    virtual std::string current_user() const = 0;  // CURRENT_USER(): 'user@account_host'
    virtual std::uint64_t connection_id() const = 0;
    virtual std::uint64_t last_insert_id() const = 0;
    virtual std::int64_t row_count() const = 0;
    virtual std::uint64_t found_rows() const = 0;
    virtual std::string time_zone() const = 0;     // "SYSTEM" or "+hh:mm"
    // After a statement that assigned @name succeeded: its last value (MySQL text
    // form) and the type of the expression that assigned it.
    virtual void set_user_variable(std::string_view name, cell value, column_meta type) = 0;
};

// A table-less SELECT: rows in MySQL text form with MySQL column metadata; column
// names as MySQL prints them (the alias, else the item's text as written).
// `warnings` (optional) receives what MySQL would warn about (1365 "Division by 0").
// Every entry point assigns the user variables the statement assigns (`@v := e`,
// per row, left to right) and hands them to `session` when it succeeds.
[[nodiscard]] sql_result<result_set> run_select(const sql::select_stmt& s, std::string_view statement_text,
                                                session_view& session, std::vector<sql_error>* warnings = nullptr);

// A SELECT whose tables are all information_schema tables of `catalog`; with a
// viewer, rows are limited to what that account may see (MySQL's rule).
[[nodiscard]] sql_result<result_set> run_catalog_select(const sql::select_stmt& s, std::string_view statement_text,
                                                        session_view& session, const storage::catalog& catalog,
                                                        const storage::schema_viewer* viewer = nullptr,
                                                        std::vector<sql_error>* warnings = nullptr);

// One expression (SET values, LIMIT placeholders): its value in MySQL text form and its type.
[[nodiscard]] sql_result<std::pair<cell, column_meta>> evaluate(const sql::expr& e, std::string_view statement_text,
                                                                session_view& session,
                                                                std::vector<sql_error>* warnings = nullptr);

// SHOW … LIKE 'pattern' (on the first column, case-insensitively, MySQL escapes) or
// SHOW … WHERE expr (over the result's column names, case-insensitively).
[[nodiscard]] sql_result<result_set> filter(result_set rs, const sql::expr* where, std::optional<std::string_view> like,
                                            std::string_view statement_text, session_view& session);

}  // namespace qproxy::czar
