// The tables each file of the chunk store holds, as SQLite DDL (layout in
// storage/README.md): shared by table DDL (chunk_store.cpp) and loads
// (load_file.cpp), which create files with every table of their kind.
#pragma once

#include "storage/schema_types.hpp"

#include <span>
#include <string>
#include <string_view>

namespace qproxy::storage {

// The last column of every table in the store: the number of the load that
// wrote the row (rows from before numbered loads: 0). A query sees the rows
// numbered up to its database's published load (storage/README.md,
// "Snapshots"); no MySQL column may take the name.
inline constexpr std::string_view load_column = "qproxy_load";
[[nodiscard]] std::string load_column_definition();
// Present in a database's directory once every file there has load columns
// (made with the directory; older directories get it at start).
inline constexpr std::string_view numbered_marker = "LOAD_NUMBERS";

// The files of a database, and which tables each holds.
enum class file_kind { chunk, replicated, director_index };

[[nodiscard]] bool has_director_index(const table_info& t);
[[nodiscard]] bool belongs(const table_info& t, file_kind k);

// The CREATE statements of t in a file of kind k (t belongs there), in
// `schema` ("" or an attached schema's name and a dot).
[[nodiscard]] std::string table_schema(const table_info& t, file_kind k, std::string_view schema);
// Drops t from a file, its overlap table too (a sky director's).
[[nodiscard]] std::string drop_schema(const table_info& t);
// Every table of a new file of kind k.
[[nodiscard]] std::string file_schema(std::span<const table_info> tables, file_kind k, std::string_view schema);

}  // namespace qproxy::storage
