// MySQL's LIKE: % any run, _ one character, backslash escapes the next one;
// case-insensitive as the *_ci collations compare (ASCII folding; UTF-8 bytes
// outside ASCII compare exactly, and _ consumes one whole UTF-8 character).
#pragma once

#include <string_view>

namespace qproxy::czar {

bool like_match(std::string_view text, std::string_view pattern, char escape = '\\');

}  // namespace qproxy::czar
