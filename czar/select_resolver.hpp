// The result columns of a SELECT as MySQL reports them. Every clause is
// resolved in MySQL's order and with its visibility rules (select-list aliases
// in GROUP BY, HAVING and ORDER BY, not in WHERE), so an unknown column is
// reported exactly as MySQL words it before anything runs.
#pragma once

#include "czar/session_env.hpp"

namespace qproxy::czar {

[[nodiscard]] sql_result<std::vector<column_meta>> resolve_select(const sql::select_stmt& s, session_env& env);

}  // namespace qproxy::czar
