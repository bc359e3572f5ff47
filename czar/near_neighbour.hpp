// Near-neighbour self-joins of a sky-partitioned director, as Qserv runs
// them: per chunk, the first instance reads the chunk's rows and the second
// (the neighbour) the chunk's rows and its overlap table — copies of the rows
// of other chunks within the table's OVERLAP of this one. A pair closer than
// the overlap is then found exactly once, in the chunk of its first member,
// provided the query bounds the distance by at most the overlap:
//   scisql_angSep(a.lon, a.lat, b.lon, b.lat) < r   (or <= r, r > …, r >= …,
//   BETWEEN x AND r; either argument order; r a constant <= OVERLAP)
// as an AND term of WHERE. Child tables must all join one instance by its
// director key: their rows are the chunk's alone, so that instance reads the
// chunk's rows only.
#pragma once

#include "czar/chunk_pruning.hpp"

namespace qproxy::czar {

// For a query reading the director twice (tables.neighbour set): checks the
// distance bound and the children (4110 saying what is missing), makes the
// instance the children join the first one (tables.director), and adds to
// the WHERE the latitude band the bound implies,
//   b.lat BETWEEN a.lat - r' AND a.lat + r'   (r' a hair above r),
// which the chunk files' (lat, lon) indexes answer (storage/chunk_store.cpp).
[[nodiscard]] sql_status plan_near_neighbour(sql::select_stmt& s, partitioned_tables& tables);

// The chunk query for a near-neighbour join: `chunk` UNION ALL `chunk` with the
// neighbour reading the overlap table (UNION when the chunk rows are DISTINCT);
// its ORDER BY and LIMIT apply to the whole.
[[nodiscard]] sql_result<sql::select_stmt> with_overlap(const sql::select_stmt& chunk, const partitioned_tables& tables);

}  // namespace qproxy::czar
