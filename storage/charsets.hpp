// MySQL 8.0's character sets and collations as clients see them (SHOW
// COLLATION, SHOW CHARACTER SET, information_schema, the handshake's
// collation byte, SET NAMES validation). Static data, safe from any thread.
#pragma once

#include "parser/error.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace qproxy::storage {

struct collation_info {
    std::uint16_t id = 0;
    std::string name;
    std::string charset;
    bool is_default = false;
    bool is_compiled = true;
    std::uint32_t sortlen = 1;
    std::string_view pad_attribute;  // "PAD SPACE" or "NO PAD"
};

struct charset_info {
    std::string_view name;
    std::string_view default_collation;
    std::string_view description;
    std::uint32_t maxlen = 1;  // bytes per character
};

// Ordered by id.
std::span<const collation_info> collations();
// Ordered by name.
std::span<const charset_info> charsets();

// Lookups return nullptr when unknown. Names are case-insensitive; MySQL
// 8.0's alias `utf8` (and `utf8_*` collation names) mean utf8mb3.
const collation_info* find_collation(std::uint16_t id);
const collation_info* find_collation(std::string_view name);
const charset_info* find_charset(std::string_view name);
const collation_info* default_collation(std::string_view charset);

// SET NAMES cs [COLLATE coll] / CHARACTER SET validation: the collation to
// use, or 1115 / 1273 / 1253 exactly as MySQL words them.
[[nodiscard]] sql_result<const collation_info*> charset_collation(
    std::string_view charset, std::optional<std::string_view> collation = std::nullopt);

sql_error unknown_charset_error(std::string_view name);    // 1115 (42000)
sql_error unknown_collation_error(std::string_view name);  // 1273 (HY000)

}  // namespace qproxy::storage
