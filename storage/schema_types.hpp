// What the catalog describes: databases, tables and columns, with the MySQL
// metadata clients see for them.
#pragma once

#include "parser/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qproxy::storage {

struct column_info {
    std::string name;
    std::string column_type;  // full MySQL text: "bigint unsigned", "varchar(64)", "enum('a','b')"
    std::string data_type;    // "bigint"
    bool nullable = true;
    std::optional<std::string> default_value;
    std::string key;    // "PRI", "UNI", "MUL" or ""
    std::string extra;  // "auto_increment"...
    std::string comment;
    std::optional<std::string> charset, collation;  // text columns only
    column_meta meta;  // what a SELECT of this column reports (name fields filled in)
};

// How a table's rows are spread over chunks (the partitioning DDL of the
// ingest issue). kind none: replicated, one full copy.
struct partitioning {
    enum class kind_t : std::uint8_t {
        none,   // replicated
        sky,    // director placed by (lon, lat): Qserv's stripes / sub-stripes
        hash,   // director placed by a hash of `key` into `partitions` chunks
        child,  // rows live in the chunk of the director row whose key they hold
    };
    kind_t kind = kind_t::none;
    std::string key;          // sky/hash: the director key column; child: the column holding the director key
    std::string lon, lat;     // sky: the position columns (ra, decl)
    std::uint32_t stripes = 85, sub_stripes = 12;
    double overlap = 0.01667;  // degrees
    std::uint32_t partitions = 0;  // hash
    std::string director_db, director_table;  // child
    bool operator==(const partitioning&) const = default;
};

struct table_info {
    std::string db, name;
    std::string kind;    // "replicated" | "director" | "child" | "system view"
    std::string engine;  // "" for system views
    std::string comment;
    std::vector<column_info> columns;
    std::string create_sql;  // SHOW CREATE TABLE
    partitioning part;       // kind none for replicated tables and system views
};

struct database_info {
    std::string name, charset, collation;
};

// A database's load numbers (catalog::loads).
struct load_numbers {
    std::int64_t published = 0, last = 0;
};

}  // namespace qproxy::storage
