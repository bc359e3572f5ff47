// Helpers shared by the parser tests.
#pragma once

#include "parser/parser.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace qproxy::sql::test {

// Parses `sql` (which must succeed), checks that the canonical text parses back to the
// same tree and prints the same again, and returns the tree.
inline statement parse_ok(std::string_view sql) {
    INFO("SQL: " << sql);
    sql_result<statement> r = parse(sql);
    if (!r) FAIL("parse error: " << r.error().message);
    std::string printed = to_mysql(r.value());
    INFO("printed: " << printed);
    sql_result<statement> again = parse(printed);
    if (!again) FAIL("reparse error: " << again.error().message);
    CHECK(same_tree(r.value(), again.value()));
    CHECK(to_mysql(again.value()) == printed);
    return std::move(r).value();
}

// The canonical text of `sql`, after the round-trip checks of parse_ok.
inline std::string canonical(std::string_view sql) { return to_mysql(parse_ok(sql)); }

// The error `sql` gives (which must fail).
inline sql_error parse_error(std::string_view sql) {
    INFO("SQL: " << sql);
    sql_result<statement> r = parse(sql);
    if (r) FAIL("parsed, printed as: " << to_mysql(r.value()));
    return r.error();
}

inline std::string near_msg(std::string_view near, unsigned line) {
    return syntax_error(near, line).message;
}

template <class T>
const T& as(const statement& s) {
    const T* p = std::get_if<T>(&s);
    REQUIRE(p != nullptr);
    return *p;
}

// The single expression of `SELECT <expr>`.
inline expr select_expr(std::string_view e) {
    statement s = parse_ok("SELECT " + std::string(e));
    return as<select_stmt>(s).items_.at(0).expr_;
}

}  // namespace qproxy::sql::test
