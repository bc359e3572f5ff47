// MySQL column type text -> everything derived from it: DATA_TYPE, the
// information_schema.COLUMNS numbers and the result-set metadata.
#pragma once

#include "parser/error.hpp"
#include "storage/schema_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::storage {

struct column_type_details {
    std::string data_type;  // "varchar"
    std::optional<std::int64_t> character_maximum_length, character_octet_length;
    std::optional<std::int64_t> numeric_precision, numeric_scale, datetime_precision;
    std::vector<std::string> members;  // ENUM / SET, in declaration order
};

// Parses MySQL's COLUMN_TYPE text ("int unsigned", "decimal(10,2)",
// "varchar(64)", "enum('a','b')", "datetime(3)"...). collation applies to
// text types. 1064-style error for text that is not a MySQL type.
[[nodiscard]] sql_result<column_type_details> describe_column_type(std::string_view column_type,
                                                                   std::string_view collation);

// A complete column_info: data_type, charset/collation (text types; the
// utf8mb4 default when collation is empty) and the result metadata with
// MySQL 8.0's lengths, flags and decimals.
[[nodiscard]] sql_result<column_info> make_column(std::string name, std::string column_type, bool nullable,
                                                  std::string_view collation = {}, std::string key = {});

}  // namespace qproxy::storage
