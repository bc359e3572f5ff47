// What the catalog describes: databases, tables and columns, with the MySQL
// metadata clients see for them.
#pragma once

#include "parser/types.hpp"

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

struct table_info {
    std::string db, name;
    std::string kind;    // "replicated" | "director" | "child" | "system view"
    std::string engine;  // "" for system views
    std::string comment;
    std::vector<column_info> columns;
    std::string create_sql;  // SHOW CREATE TABLE
};

struct database_info {
    std::string name, charset, collation;
};

}  // namespace qproxy::storage
