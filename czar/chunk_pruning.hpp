// Which chunks a query must visit: all that hold data, narrowed by the WHERE
// conjuncts Qserv prunes on — director-key `=`, `IN`, `BETWEEN` (through the
// director index or the key's hash) and qserv_areaspec_* regions. An areaspec
// also becomes its row predicate (scisql_s2PtIn…(lon, lat, …) = 1), so it
// restricts rows exactly as the equivalent scisql call would.
#pragma once

#include "czar/planner.hpp"
#include "czar/select_scope.hpp"

namespace qproxy::czar {

struct partitioned_tables {
    std::string db;
    const scope_table* director = nullptr;  // the one director table read, if any
    std::vector<const scope_table*> children;
};

// Rewrites `where`'s areaspecs in place; returns the chunk ids, ascending.
[[nodiscard]] sql_result<std::vector<std::int32_t>> prune_chunks(std::optional<sql::expr>& where,
                                                                 const partitioned_tables& tables,
                                                                 const chunk_index& index);

}  // namespace qproxy::czar
