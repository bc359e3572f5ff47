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
    // A near-neighbour self-join's second instance of the (sky) director: it
    // reads the chunk's rows and its overlap (czar/near_neighbour.hpp), so
    // neither its key nor its children prune chunks.
    const scope_table* neighbour = nullptr;
    std::vector<const scope_table*> children;
};

// The AND terms of e (e itself when it is no AND).
[[nodiscard]] std::vector<sql::expr*> and_terms(sql::expr& e);
// A numeric literal, possibly negated.
[[nodiscard]] std::optional<double> numeric_literal(const sql::expr& e);

// Rewrites `where`'s areaspecs in place (a predicate on each director
// instance); returns the chunk ids, ascending.
[[nodiscard]] sql_result<std::vector<std::int32_t>> prune_chunks(std::optional<sql::expr>& where,
                                                                 const partitioned_tables& tables,
                                                                 const chunk_index& index);

}  // namespace qproxy::czar
