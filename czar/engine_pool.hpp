// The embedded engine for statements that touch no partitioned table: a small
// pool of in-memory SQLite connections with MySQL's functions registered, and
// the one place a printed query is bound and stepped.
#pragma once

#include "parser/print_sqlite.hpp"
#include "storage/sqlite.hpp"

#include <functional>

namespace qproxy::czar {

// Runs `q` on a pooled connection, calling `row` for each result row.
[[nodiscard]] sql_status run_query(const sql::sqlite_query& q, const std::function<sql_status(const storage::statement&)>& row);

// Runs `q` once per parameter row: `first_param` is the number of the first
// parameter each row binds (the printed query's own parameters come first).
[[nodiscard]] sql_status run_query_per_row(const sql::sqlite_query& q, int first_param,
                                           const std::vector<std::vector<sql::sqlite_param>>& rows,
                                           const std::function<sql_status(std::size_t, const storage::statement&)>& row);

}  // namespace qproxy::czar
