// Snapshots: a query reads each database as its published load left it when
// the query was planned (storage/catalog.hpp, "Loads"), however many loads
// commit while its chunks run. Every row carries the number of the load that
// wrote it, every file's user_version the newest number it holds. A chunk
// whose files hold nothing newer than the query's snapshot (nearly always)
// runs the chunk query as printed; otherwise its variant reading each table
// through `WHERE qproxy_load <= n` (always filtering would cost ~10 % of a
// scan: one more column read and compared per row).
#pragma once

#include "czar/chunk_connections.hpp"
#include "parser/print_sqlite.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace qproxy::czar {

// q's text with each table site read as `(SELECT * FROM name WHERE
// qproxy_load <= load_of(site)) AS alias` (the alias the site had, else
// its table name, so that column references still resolve).
[[nodiscard]] std::string read_up_to(const sql::sqlite_query& q,
                                     const std::function<std::int64_t(const sql::sqlite_table_site&)>& load_of);

// Whether the connection's files hold rows numbered above `loads`: main's
// user_version against loads[0], rep_i's against loads[1 + i]. Asked while a
// statement is active, it answers for that statement's read transaction;
// afterwards, for a later state (numbers only grow: a file newer then is
// newer now).
[[nodiscard]] sql_result<bool> holds_newer_rows(chunk_connections::lease& conn, std::span<const std::int64_t> loads);

}  // namespace qproxy::czar
