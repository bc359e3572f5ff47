// Values between the embedded engine and MySQL's text protocol: a SQLite
// result value becomes the text MySQL would send for the column's type
// (DECIMAL with its scale, DOUBLE as MySQL prints it, BIGINT UNSIGNED from
// its 64 bits), and a MySQL value becomes the SQLite value the printer's
// conventions expect (parser/print_sqlite.hpp).
#pragma once

#include "parser/types.hpp"
#include "storage/sqlite.hpp"

namespace qproxy::czar {

// Column i of the current row of `stmt` as MySQL text for `type`.
cell format_value(const storage::statement& stmt, int i, const column_meta& type);
// The same for a value a function received (a user variable's assigned value).
cell format_value(sqlite3_value* value, const column_meta& type);

// Re-reads MySQL text produced elsewhere for `type` (DECIMAL scale, DOUBLE form).
cell normalize_text(cell value, const column_meta& type);

// Binds a MySQL value of `type` to parameter `index` (1-based).
[[nodiscard]] sql_status bind_value(storage::statement& stmt, int index, const cell& value, const column_meta& type);
// Returns a MySQL value of `type` from a function, as bind_value would bind it.
void result_value(sqlite3_context* ctx, const cell& value, const column_meta& type);

}  // namespace qproxy::czar
