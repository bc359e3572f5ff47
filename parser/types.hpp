// MySQL's type vocabulary as it appears on the wire: column types, flags,
// character sets, and the result-set shape every layer hands to proxy/.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qproxy {

enum class field_type : std::uint8_t {
    decimal = 0x00, tiny = 0x01, short_ = 0x02, long_ = 0x03, float_ = 0x04,
    double_ = 0x05, null = 0x06, timestamp = 0x07, longlong = 0x08, int24 = 0x09,
    date = 0x0a, time = 0x0b, datetime = 0x0c, year = 0x0d, varchar = 0x0f,
    bit = 0x10, json = 0xf5, newdecimal = 0xf6, enum_ = 0xf7, set = 0xf8,
    tiny_blob = 0xf9, medium_blob = 0xfa, long_blob = 0xfb, blob = 0xfc,
    var_string = 0xfd, string = 0xfe, geometry = 0xff,
};

namespace column_flag {
inline constexpr std::uint16_t not_null = 1;
inline constexpr std::uint16_t pri_key = 2;
inline constexpr std::uint16_t unique_key = 4;
inline constexpr std::uint16_t multiple_key = 8;
inline constexpr std::uint16_t blob = 16;
inline constexpr std::uint16_t unsigned_ = 32;
inline constexpr std::uint16_t zerofill = 64;
inline constexpr std::uint16_t binary = 128;
inline constexpr std::uint16_t enum_ = 256;
inline constexpr std::uint16_t auto_increment = 512;
inline constexpr std::uint16_t timestamp = 1024;
inline constexpr std::uint16_t set = 2048;
inline constexpr std::uint16_t no_default_value = 4096;
inline constexpr std::uint16_t on_update_now = 8192;
inline constexpr std::uint16_t num = 32768;
}  // namespace column_flag

namespace charset {
inline constexpr std::uint16_t utf8mb3_general_ci = 33;
inline constexpr std::uint16_t binary = 63;
inline constexpr std::uint16_t utf8mb4_general_ci = 45;
inline constexpr std::uint16_t utf8mb4_0900_ai_ci = 255;
}  // namespace charset

// One column of a result set, as the column-definition packet carries it.
struct column_meta {
    std::string db;
    std::string table;
    std::string org_table;
    std::string name;
    std::string org_name;
    std::uint16_t charset = charset::binary;
    std::uint32_t length = 0;  // display length in bytes, as MySQL reports it
    field_type type = field_type::var_string;
    std::uint16_t flags = 0;
    std::uint8_t decimals = 0;

    bool operator==(const column_meta&) const = default;
};

// A row in MySQL's text form (what the text protocol sends); NULL is nullopt.
// The binary protocol converts from this form using the column's type.
using cell = std::optional<std::string>;
using row = std::vector<cell>;

struct result_set {
    std::vector<column_meta> columns;
    std::vector<row> rows;
};

// The same metadata without db/table/column names: what MySQL sends for an
// expression, which has no origin.
column_meta without_origin(column_meta m);

// Column-metadata constructors for the common cases (MySQL's lengths).
column_meta text_column(std::string name, std::uint32_t chars = 64);
column_meta bigint_column(std::string name, bool is_unsigned = false);
column_meta int_column(std::string name);
column_meta double_column(std::string name);
column_meta datetime_column(std::string name);

}  // namespace qproxy
