// Visiting every expression of a statement (subqueries included), for analyses
// such as counting placeholders or collecting column references.
#pragma once

#include "parser/ast.hpp"

#include <functional>

namespace qproxy::sql {

// Calls `fn` on every expression node in pre-order, descending into subqueries.
void for_each_expr(const statement& s, const std::function<void(const expr&)>& fn);
void for_each_expr(const select_stmt& s, const std::function<void(const expr&)>& fn);
void for_each_expr(const expr& e, const std::function<void(const expr&)>& fn);

}  // namespace qproxy::sql
