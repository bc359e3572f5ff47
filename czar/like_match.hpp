// MySQL's LIKE for SHOW … LIKE and friends: % any run, _ one character, the
// escape character (backslash by default) quotes the next one; characters
// compare as the ci collation does (czar/collation.hpp has the general form).
#pragma once

#include <string_view>

namespace qproxy::czar {

bool like_match(std::string_view text, std::string_view pattern, char escape = '\\');

}  // namespace qproxy::czar
