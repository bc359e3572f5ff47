// Chunk queries of aggregated merges ask for COUNT(*), COUNT(x) and SUM(x)
// separately (Qserv's decomposition: AVG(x) is SUM(x) / COUNT(x)); each is an
// aggregate step per row, and x is evaluated once per step. Packing them into
// one qproxy_partial(x) per x (czar/udf_partial.cpp) does one step per row;
// the merger unpacks the blob into the columns the merge query reads.
#pragma once

#include "parser/ast_select.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace qproxy::czar {

// Where a column of `partial` comes from in a chunk row.
struct partial_source {
    enum field_t { rows = 0, count = 1, sum = 2 };  // qproxy_partial_field's fields
    std::size_t column = 0;        // in the chunk row
    std::optional<field_t> field;  // none: the chunk column as it is
};

struct packed_items {
    std::vector<sql::select_item> items;   // the chunk query's select list
    std::vector<partial_source> sources;   // one per column of `partial`; empty: nothing packed
};

// `items`: a chunk select list whose columns feed a merge (c0…cN).
[[nodiscard]] packed_items pack_partial_aggregates(const std::vector<sql::select_item>& items);

}  // namespace qproxy::czar
