#include "parser/error.hpp"

#include <fmt/format.h>

namespace qproxy {

sql_error syntax_error(std::string_view near, unsigned line) {
    // MySQL quotes at most 80 bytes of the remaining text.
    if (near.size() > 80) near = near.substr(0, 80);
    return {er::parse, "42000",
            fmt::format("You have an error in your SQL syntax; check the manual that corresponds to your "
                        "MySQL server version for the right syntax to use near '{}' at line {}",
                        near, line)};
}

sql_error nesting_too_deep(std::string_view near, unsigned line, unsigned limit) {
    if (near.size() > 80) near = near.substr(0, 80);
    return {er::parse, "42000",
            fmt::format("You have an error in your SQL syntax; expressions and subqueries nest deeper than {} "
                        "levels near '{}' at line {}",
                        limit, near, line)};
}

sql_error unsupported(std::string_view what) {
    return {er::not_supported_yet, "42000", fmt::format("This version of qproxy doesn't yet support '{}'", what)};
}

}  // namespace qproxy
