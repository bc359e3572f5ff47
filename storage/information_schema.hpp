// information_schema as MySQL 8.0 shapes it: table and column names, column
// order and MySQL types (they drive result metadata), plus the static facts
// qproxy publishes there (engines, plugins). Rows live in schema_rows.hpp.
#pragma once

#include "storage/schema_types.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace qproxy::storage {

inline constexpr std::string_view information_schema_name = "information_schema";

// Positions in information_schema_tables().
enum class is_table : std::size_t {
    schemata, tables, columns, statistics, key_column_usage, table_constraints, referential_constraints,
    views, routines, parameters, triggers, events, partitions, engines, character_sets, collations,
    collation_character_set_applicability, user_privileges, schema_privileges, table_privileges,
    column_privileges, plugins, files,
    // Qserv's live tables (ASYNC_API.md), filled from query_sources.
    processlist, queries,
};
inline constexpr std::size_t is_table_count = static_cast<std::size_t>(is_table::queries) + 1;

// Built once; kind "system view", db "information_schema", upper-case names.
std::span<const table_info> information_schema_tables();
const table_info& information_schema_table(is_table t);
// Case-insensitive, as MySQL treats information_schema names.
std::optional<is_table> find_information_schema_table(std::string_view name);
// The column holding a database name, for tables whose rows are shown only
// for databases the viewer can see.
std::optional<std::size_t> database_column(is_table t);

// SHOW ENGINES and information_schema.ENGINES.
struct engine_info {
    std::string_view name, support, comment, transactions, xa, savepoints;
};
std::span<const engine_info> engines();
// The engine qproxy's own tables report (information_schema.TABLES.ENGINE).
inline constexpr std::string_view qserv_engine = "QSERV";

// SHOW PLUGINS and information_schema.PLUGINS.
struct plugin_info {
    std::string_view name, version, status, type, type_version, author, description, license, load_option;
};
std::span<const plugin_info> plugins();

}  // namespace qproxy::storage
