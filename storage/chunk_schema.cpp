#include "storage/chunk_schema.hpp"

#include "parser/print_sqlite.hpp"
#include "parser/typing.hpp"
#include "storage/chunk_store.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

namespace qproxy::storage {

namespace {

using kind_t = partitioning::kind_t;

std::string sqlite_name(std::string_view name) { return sql::sqlite_quote_identifier(name); }

const column_info* find_column(const table_info& t, std::string_view name) {
    for (const auto& c : t.columns) {
        if (iequals(c.name, name)) return &c;
    }
    return nullptr;
}

}  // namespace

std::string load_column_definition() { return fmt::format("{} INTEGER NOT NULL DEFAULT 0", load_column); }

std::string overlap_table(std::string_view table) { return fmt::format("{}FullOverlap", table); }

std::string_view sqlite_type(const column_meta& m) {
    if (sql::is_integer_type(m)) return "INTEGER";
    if (sql::is_decimal_type(m) || sql::is_real_type(m)) return "REAL";
    if (sql::is_binary_string(m)) return "BLOB";
    return "TEXT";
}

bool has_director_index(const table_info& t) {
    return (t.part.kind == kind_t::sky || t.part.kind == kind_t::hash) && !t.part.key.empty();
}

bool belongs(const table_info& t, file_kind k) {
    switch (k) {
    case file_kind::chunk: return t.part.kind != kind_t::none;
    case file_kind::replicated: return t.part.kind == kind_t::none;
    case file_kind::director_index: return has_director_index(t);
    }
    return false;
}

std::string table_schema(const table_info& t, file_kind k, std::string_view schema) {
    const std::string name = sqlite_name(t.name);
    if (k == file_kind::director_index) {
        // Keys compare as the engine compares the column; text keys in a
        // _ci collation fold ASCII case, so pruning never misses a row.
        const column_info& key = *find_column(t, t.part.key);
        const bool fold = sqlite_type(key.meta) == "TEXT" && key.collation && key.collation->find("_ci") != std::string::npos;
        return fmt::format("CREATE TABLE IF NOT EXISTS {}{} (\"key\" {}{} NOT NULL PRIMARY KEY, "
                           "chunk_id INTEGER NOT NULL, sub_chunk_id INTEGER NOT NULL, {}) WITHOUT ROWID;\n",
                           schema, name, sqlite_type(key.meta), fold ? " COLLATE NOCASE" : "", load_column_definition());
    }
    // Director and child rows are found by director key: point lookups,
    // and the join of a child with its director inside a chunk. An integer
    // director key (unique, never NULL) is the table's rowid: no separate
    // index to maintain.
    const column_info* key = k == file_kind::chunk && !t.part.key.empty() ? find_column(t, t.part.key) : nullptr;
    const bool key_is_rowid = key && has_director_index(t) && sqlite_type(key->meta) == "INTEGER";
    std::string columns;
    for (const auto& c : t.columns) {
        if (!columns.empty()) columns += ", ";
        columns += fmt::format("{} {}{}", sqlite_name(c.name), sqlite_type(c.meta),
                               key_is_rowid && &c == key ? " PRIMARY KEY" : "");
    }
    columns += ", " + load_column_definition();
    std::string sql = fmt::format("CREATE TABLE IF NOT EXISTS {}{} ({});\n", schema, name, columns);
    if (key && !key_is_rowid) {
        sql += fmt::format("CREATE INDEX IF NOT EXISTS {}{} ON {} ({});\n", schema,
                           sqlite_name(t.name + ".director_key"), name, sqlite_name(key->name));
    }
    if (k != file_kind::chunk || t.part.kind != kind_t::sky) return sql;
    // A sky director's overlap table: copies of the rows of other chunks within
    // the overlap of this one, for near-neighbour joins. Both tables index
    // (lat, lon): a near-neighbour join seeks its partners' latitude band and
    // computes their distances from the index alone.
    const std::string overlap = sqlite_name(overlap_table(t.name));
    sql += fmt::format("CREATE TABLE IF NOT EXISTS {}{} ({});\n", schema, overlap, columns);
    for (const auto& table : {t.name, overlap_table(t.name)}) {
        sql += fmt::format("CREATE INDEX IF NOT EXISTS {}{} ON {} ({}, {});\n", schema, sqlite_name(table + ".position"),
                           sqlite_name(table), sqlite_name(t.part.lat), sqlite_name(t.part.lon));
    }
    return sql;
}

std::string drop_schema(const table_info& t) {
    std::string sql = fmt::format("DROP TABLE IF EXISTS {};\n", sqlite_name(t.name));
    if (t.part.kind == kind_t::sky) sql += fmt::format("DROP TABLE IF EXISTS {};\n", sqlite_name(overlap_table(t.name)));
    return sql;
}

std::string file_schema(std::span<const table_info> tables, file_kind k, std::string_view schema) {
    std::string sql;
    for (const auto& t : tables) {
        if (belongs(t, k)) sql += table_schema(t, k, schema);
    }
    return sql;
}

}  // namespace qproxy::storage
