// CREATE TABLE's statement as the catalog's table description: each column's
// MySQL type text built from the AST (the result metadata derives from it, so
// FLOAT stays float and DECIMAL(10,2) keeps its scale), keys as COLUMN_KEY,
// the table's CHARSET / COLLATE / COMMENT, and qproxy's partitioning clause:
//   (none)                                          replicated
//   PARTITION BY KEY (col) [PARTITIONS n]           hash director (n defaults to 1, as MySQL)
//   PARTITION BY SPHERE (lon, lat) [KEY (id)] [STRIPES 85] [SUBSTRIPES 12] [OVERLAP 0.01667]
//                                                   sky director (Qserv's stripes)
//   PARTITION BY DIRECTOR (col) REFERENCES [db.]director   child
// Integer display widths are kept as written ("bigint(20)"): MySQL still
// reports them as the column's length.
#pragma once

#include "parser/ast_ddl.hpp"
#include "parser/error.hpp"
#include "storage/schema_types.hpp"

#include <string_view>

namespace qproxy::czar {

// The table as declared, for catalog::create_table (which completes and
// checks it: storage/table_definition.hpp). Refused here with MySQL's errors:
// 1063 a FLOAT(p) beyond 53, 1067 an invalid DEFAULT, 1072 a key column
// that does not exist, 1235 what qproxy cannot keep (TEMPORARY, AS SELECT,
// AUTO_INCREMENT, CHECK, expression defaults, KEY partitioning over several
// columns, a director in another database), 4110 sky parameters Qserv's
// partitioner refuses.
[[nodiscard]] sql_result<storage::table_info> declared_table(const sql::create_table_stmt& s, std::string_view db);

}  // namespace qproxy::czar
