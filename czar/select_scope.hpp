// The tables a SELECT reads, as its column references see them: each base
// table of the FROM trees (through joins, derived tables and unions) under the
// name references use, with its catalog entry. Shared by every planner.
#pragma once

#include "czar/session_env.hpp"
#include "parser/ast_select.hpp"
#include "storage/schema_types.hpp"

#include <string>
#include <vector>

namespace qproxy::storage {
class catalog;
}

namespace qproxy::czar {

struct scope_table {
    std::string alias;  // the name references use: the alias, else the table's name
    storage::table_info info;
    bool nested = false;  // read by a subquery of an expression: its names resolve after the outer ones
};

// Tables of `s` found in the catalog (unknown ones are the caller's to report),
// those of expression subqueries last and marked nested.
[[nodiscard]] std::vector<scope_table> collect_scope(const sql::select_stmt& s, const std::string& current_db,
                                                     const storage::catalog& catalog);

// `*` and `t.*` become the columns they stand for, in table order (1051 for an unknown t).
[[nodiscard]] sql_status expand_stars(sql::select_stmt& s, const std::vector<scope_table>& scope);

// A column of a scope table as a SELECT reports it (db, alias as table, names).
[[nodiscard]] column_meta column_of(const scope_table& t, const storage::column_info& c);

// Names a join merges into one column: USING (…) lists, and "*" for a NATURAL join
// (every common column).
[[nodiscard]] std::vector<std::string> coalesced_columns(const sql::select_stmt& s);

// Column references resolve against the scope: 1052 when a bare name is in two
// tables, unless a join coalesces it (then the first table's column).
[[nodiscard]] session_env::column_lookup scope_columns(const std::vector<scope_table>& scope,
                                                       std::vector<std::string> coalesced = {});

[[nodiscard]] bool iequals(std::string_view a, std::string_view b);

}  // namespace qproxy::czar
