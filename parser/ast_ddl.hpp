// Data definition and manipulation: CREATE/DROP DATABASE and TABLE (with qproxy's
// partitioning clause), LOAD DATA, INSERT/REPLACE/UPDATE/DELETE.
#pragma once

#include "parser/ast_session.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qproxy::sql {

struct create_database_stmt {
    bool if_not_exists_ = false;
    std::string name_;
    std::optional<std::string> charset_;
    std::optional<std::string> collation_;
    bool operator==(const create_database_stmt&) const = default;
};

struct drop_database_stmt {
    bool if_exists_ = false;
    std::string name_;
    bool operator==(const drop_database_stmt&) const = default;
};

// Synonyms collapse to one name (INTEGER→int_, NUMERIC/DEC/FIXED→decimal, REAL/DOUBLE PRECISION→double_,
// BOOL→boolean, CHARACTER→char_, NCHAR→char_ with charset "utf8mb3", LONG VARCHAR→mediumtext …).
enum class type_name : std::uint8_t {
    bit, tinyint, smallint, mediumint, int_, bigint, decimal, float_, double_, boolean,
    date, datetime, timestamp, time, year,
    char_, varchar, binary, varbinary, tinyblob, blob, mediumblob, longblob,
    tinytext, text, mediumtext, longtext, enum_, set, json,
    geometry, point, linestring, polygon, multipoint, multilinestring, multipolygon, geometrycollection,
};

struct data_type {
    type_name name_ = type_name::int_;
    std::optional<std::uint32_t> length_;  // display width, (M), fsp, FLOAT(p)
    std::optional<std::uint32_t> scale_;   // (M, D)
    bool unsigned_ = false;
    bool zerofill_ = false;
    bool binary_ = false;                  // CHAR(n) BINARY: the charset's _bin collation
    std::string charset_;
    std::string collation_;
    std::vector<std::string> values_;      // ENUM / SET members, decoded
    bool operator==(const data_type&) const = default;
};

enum class key_kind : std::uint8_t { none, primary, unique, index, fulltext, spatial, foreign, check };

struct key_part {
    std::string column_;
    std::optional<std::uint32_t> length_;
    bool desc_ = false;
    bool operator==(const key_part&) const = default;
};

// REFERENCES t (cols) [ON DELETE action] [ON UPDATE action]; actions upper-case ("CASCADE", "SET NULL", …).
struct reference_spec {
    table_name table_;
    std::vector<std::string> columns_;
    std::string on_delete_;
    std::string on_update_;
    bool operator==(const reference_spec&) const = default;
};

struct key_def {
    key_kind kind_ = key_kind::index;
    std::string constraint_;               // CONSTRAINT symbol
    std::string name_;                     // index name
    std::vector<key_part> parts_;
    std::string using_;                    // BTREE / HASH, upper-case
    std::optional<std::string> comment_;
    std::optional<reference_spec> references_;  // foreign
    std::optional<expr> check_;                 // check
    bool operator==(const key_def&) const = default;
};

struct column_def {
    std::string name_;
    data_type type_;
    std::optional<bool> not_null_;         // NOT NULL (true), NULL (false), unspecified
    std::optional<expr> default_;
    std::optional<expr> on_update_;        // ON UPDATE CURRENT_TIMESTAMP[(n)]
    bool auto_increment_ = false;
    key_kind key_ = key_kind::none;        // inline PRIMARY KEY / UNIQUE [KEY]
    std::optional<std::string> comment_;
    bool operator==(const column_def&) const = default;
};

// ENGINE [=] x, [DEFAULT] CHARSET [=] x, COMMENT [=] 'x', …: name_ upper-case and canonical
// ("CHARSET" for CHARACTER SET, "COLLATE"), value_ decoded, quoted_ when written as a string.
struct table_option {
    std::string name_;
    std::string value_;
    bool quoted_ = false;
    bool operator==(const table_option&) const = default;
};

enum class partition_kind : std::uint8_t {
    key,       // PARTITION BY KEY (columns_) [PARTITIONS n]
    sphere,    // PARTITION BY SPHERE (lon, lat) [KEY (key_)] [STRIPES n] [SUBSTRIPES n] [OVERLAP deg]
    director,  // PARTITION BY DIRECTOR (col) REFERENCES db.t
};

struct partition_spec {
    partition_kind kind_ = partition_kind::key;
    std::vector<std::string> columns_;
    std::string key_;
    std::optional<std::uint32_t> partitions_;
    std::optional<std::uint32_t> stripes_;
    std::optional<std::uint32_t> substripes_;
    std::optional<double> overlap_;
    table_name references_;
    bool operator==(const partition_spec&) const = default;
};

struct create_table_stmt {
    bool temporary_ = false;
    bool if_not_exists_ = false;
    table_name table_;
    std::vector<column_def> columns_;
    std::vector<key_def> keys_;
    std::vector<table_option> options_;
    std::optional<partition_spec> partition_;
    std::optional<table_name> like_;       // CREATE TABLE t LIKE u
    std::optional<select_stmt> as_select_; // CREATE TABLE t [(…)] [AS] SELECT …
    bool operator==(const create_table_stmt&) const = default;
};

struct drop_table_stmt {
    bool temporary_ = false;
    bool if_exists_ = false;
    std::vector<table_name> tables_;
    bool operator==(const drop_table_stmt&) const = default;
};

// column_ = value_ in UPDATE … SET, INSERT … SET / ON DUPLICATE KEY UPDATE, LOAD DATA … SET.
struct column_assignment {
    expr column_;
    expr value_;
    bool operator==(const column_assignment&) const = default;
};

enum class duplicates : std::uint8_t { error, replace, ignore };

struct load_data_stmt {
    bool low_priority_ = false;
    bool concurrent_ = false;
    bool local_ = false;
    std::string file_;
    duplicates dup_ = duplicates::error;
    table_name table_;
    std::optional<std::string> charset_;
    std::optional<std::string> fields_terminated_;
    std::optional<std::string> fields_enclosed_;
    bool fields_optionally_ = false;       // OPTIONALLY ENCLOSED BY
    std::optional<std::string> fields_escaped_;
    std::optional<std::string> lines_starting_;
    std::optional<std::string> lines_terminated_;
    std::optional<std::uint64_t> ignore_lines_;
    std::vector<expr> columns_;            // column or @user_var
    std::vector<column_assignment> set_;
    bool operator==(const load_data_stmt&) const = default;
};

enum class priority : std::uint8_t { none, low, delayed, high };

// INSERT|REPLACE [priority] [IGNORE] [INTO] t [(columns_)] {VALUES rows_ | select_ | SET set_}
// [ON DUPLICATE KEY UPDATE on_duplicate_]
struct insert_stmt {
    bool replace_ = false;
    priority priority_ = priority::none;
    bool ignore_ = false;
    table_name table_;
    std::vector<std::string> columns_;
    std::vector<std::vector<expr>> rows_;
    std::optional<select_stmt> select_;
    std::vector<column_assignment> set_;
    std::vector<column_assignment> on_duplicate_;
    bool operator==(const insert_stmt&) const = default;
};

struct update_stmt {
    bool low_priority_ = false;
    bool ignore_ = false;
    std::vector<table_ref> tables_;
    std::vector<column_assignment> set_;
    std::optional<expr> where_;
    std::vector<order_item> order_by_;
    std::optional<limit_clause> limit_;
    bool operator==(const update_stmt&) const = default;
};

// Single-table DELETE; the multi-table forms are reported as unsupported.
struct delete_stmt {
    bool low_priority_ = false;
    bool quick_ = false;
    bool ignore_ = false;
    table_name table_;
    std::string alias_;
    std::optional<expr> where_;
    std::vector<order_item> order_by_;
    std::optional<limit_clause> limit_;
    bool operator==(const delete_stmt&) const = default;
};

}  // namespace qproxy::sql
