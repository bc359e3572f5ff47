// MySQL's default string comparison on the embedded engine: utf8mb4_0900_ai_ci
// (case- and accent-insensitive, NO PAD) approximated by one weight per
// character — lower case, Latin accents removed — which is what SQLite needs
// for `=`, `<`, ORDER BY, GROUP BY, DISTINCT, LIKE and the string functions
// that search (LOCATE, INSTR, FIELD, …).
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>
#include <string_view>

namespace qproxy::czar {

// Registered by register_mysql_functions(): NO PAD (utf8mb4_0900_ai_ci) and
// PAD SPACE (utf8mb4_general_ci and the older collations: trailing spaces ignored).
inline constexpr std::string_view collation_name = "mysql_ci";
inline constexpr std::string_view pad_collation_name = "mysql_ci_pad";

// The comparison weights of a UTF-8 string, one per character (equal weights
// are equal characters; collation_compare() orders them).
std::u32string collation_weights(std::string_view utf8);
// <0, 0, >0 as MySQL's ci collation orders a and b; `pad_space` ignores
// trailing spaces as the PAD SPACE collations (utf8mb4_general_ci) do.
int collation_compare(std::string_view a, std::string_view b, bool pad_space = false);

// `subject LIKE pattern ESCAPE escape` with % and _; binary compares bytes
// exactly, otherwise characters compare by collation weight.
bool like_match(std::string_view subject, std::string_view pattern, std::optional<char32_t> escape, bool binary);

// Character position (0-based) of the first match of `needle` in `haystack`
// at or after character `from_char`, compared by weight; nullopt if none.
std::optional<std::size_t> collation_find(std::string_view haystack, std::string_view needle, std::size_t from_char = 0);

// UTF-8 helpers shared by the string functions.
std::u32string utf8_decode(std::string_view utf8);
std::string utf8_encode(std::u32string_view text);
std::size_t utf8_length(std::string_view utf8);

// Upper/lower case of every character (full Unicode simple case mapping).
std::string utf8_upper(std::string_view utf8);
std::string utf8_lower(std::string_view utf8);

[[nodiscard]] int register_collation(sqlite3* db);

}  // namespace qproxy::czar
