// Text to statement trees, and back to canonical MySQL text.
#pragma once

#include "parser/ast.hpp"
#include "parser/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace qproxy::sql {

// Deepest nesting of expressions / subqueries / parentheses accepted; deeper input gets
// a 1064 naming the limit instead of exhausting the stack.
inline constexpr unsigned max_nesting = 256;
// Tallest expression tree accepted: a chain `a OR b OR …` of n terms is n levels tall, and every
// recursive walk (printers, ==, copies, the planner) must stay within a thread's stack.
inline constexpr unsigned max_height = 1024;

// One statement parsed out of a (possibly multi-statement) text.
struct parsed {
    sql_result<statement> stmt;
    std::size_t begin = 0;  // offset of the statement's first token (text.size() for an empty tail)
    std::size_t next = 0;   // where the following statement begins; text.size() when none follows
};

// Parses ONE statement from `text` starting at byte `pos`, up to and including its ';'.
// Multi-statement COM_QUERY runs statements one by one, so an error in statement 2 does
// not prevent statement 1. After an error, `next` is past the next ';' (best effort).
// Comment-only or blank input gives empty_stmt. Trailing blanks/comments after the last
// ';' belong to the last statement (next == text.size()).
[[nodiscard]] parsed parse_next(std::string_view text, std::size_t pos = 0);

// Exactly one statement (a trailing ';' is fine); anything after it is a 1064.
[[nodiscard]] sql_result<statement> parse(std::string_view text);

// MySQL's aggregate (GROUP BY) functions, by upper-case name: COUNT, SUM, …, GROUP_CONCAT.
[[nodiscard]] bool is_aggregate_function(std::string_view upper_name);

// Number of `?` markers (prepared statements).
[[nodiscard]] std::size_t placeholder_count(const statement& s);

// Canonical MySQL text: deterministic, parentheses only where precedence needs them,
// identifiers backquoted when needed. parse(to_mysql(x)) == x.
[[nodiscard]] std::string to_mysql(const statement& s);
[[nodiscard]] std::string to_mysql(const expr& e);
[[nodiscard]] std::string to_mysql(const select_stmt& s);

}  // namespace qproxy::sql
