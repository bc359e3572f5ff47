// A table as the catalog keeps it: a CREATE TABLE's columns and partitioning,
// checked and completed — the table kind, the chunk columns Qserv adds,
// every column's MySQL metadata and the SHOW CREATE TABLE text.
#pragma once

#include "parser/error.hpp"
#include "storage/schema_types.hpp"

#include <string>
#include <string_view>

namespace qproxy::storage {

// Columns every partitioned table carries, as in Qserv: chunkId on all of
// them, subChunkId where the director is sky-partitioned. They are ordinary
// columns (SELECT * shows them) whose values the loader computes.
inline constexpr std::string_view chunk_id_column = "chunkId";
inline constexpr std::string_view sub_chunk_id_column = "subChunkId";

// "replicated" | "director" | "child".
[[nodiscard]] std::string_view table_kind(partitioning::kind_t kind);

// True for chunkId / subChunkId of a partitioned table (the loader fills them).
[[nodiscard]] bool is_chunk_column(const table_info& t, const column_info& c);

// Derives column c's data type, charset and metadata from its type text (and
// collation), as a column of db.table; keeps its name, nullability, key,
// default, extra and comment.
[[nodiscard]] sql_result<column_info> complete_column(const column_info& c, std::string_view db,
                                                      std::string_view table);

// Checks a new table (names, duplicate columns, partitioning columns and
// parameters) and completes it: kind, engine QSERV, the chunk columns
// appended unless declared, column metadata and create_sql. `director` is
// the table a child references (already checked by the caller), else null.
// MySQL's errors: 1059, 1060, 1072, 1103, 1113, 1166; partitioning
// parameters out of range: 1504.
[[nodiscard]] sql_result<table_info> define_table(table_info t, const database_info& db, const table_info* director);

// SHOW CREATE TABLE's text, with the partitioning clause of qproxy's DDL.
[[nodiscard]] std::string show_create_table(const table_info& t, const database_info& db);

}  // namespace qproxy::storage
