// Qserv's query rewriting: one SELECT over partitioned tables becomes a query
// each chunk runs and, when the chunks' rows need combining, a merge query over
// their union. Aggregates are decomposed where that is exact (COUNT → SUM of
// counts, AVG → SUM/COUNT, SUM, MIN, MAX); other aggregates (COUNT(DISTINCT),
// GROUP_CONCAT, STD, …) get their arguments from the chunks and run at the
// merge. GROUP BY, HAVING, DISTINCT, ORDER BY, LIMIT and OFFSET apply at the
// merge; LIMIT (plus OFFSET) is pushed into chunks where that is exact.
#pragma once

#include "parser/ast_select.hpp"
#include "parser/error.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace qproxy::czar {

// The name of the table holding the chunks' rows at the merge, and of its columns.
inline constexpr std::string_view merge_table = "partial";
[[nodiscard]] std::string merge_column(std::size_t i);  // "c0", "c1", …

struct chunk_rewrite {
    // Per chunk: its select items are named c0…cN (merge_column) in order.
    sql::select_stmt chunk;
    // Over `partial` (c0…cN): the final rows. Empty: the chunks' rows (their
    // first `visible` columns) are the result as they come, from `offset`, at
    // most `limit` of them.
    std::optional<sql::select_stmt> merge;
    std::size_t visible = 0;
    std::uint64_t offset = 0;
    std::optional<std::uint64_t> limit;
};

// `s` is one query block with stars expanded. `is_table_column` tells a bare
// name that is a column of the FROM tables from a select-list alias.
[[nodiscard]] sql_result<chunk_rewrite> rewrite_for_chunks(const sql::select_stmt& s,
                                                          const std::function<bool(const sql::expr&)>& is_table_column);

}  // namespace qproxy::czar
