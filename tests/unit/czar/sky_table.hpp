// Test tables of database `sky`, for fixtures that build a catalog.
#pragma once

#include "storage/schema_types.hpp"

#include <string>
#include <utility>
#include <vector>

namespace qproxy::czar::testing {

// A table of `sky` with its declared columns; the caller sets its partitioning.
inline storage::table_info sky_table(std::string name, std::vector<storage::column_info> columns) {
    storage::table_info t;
    t.db = "sky";
    t.name = std::move(name);
    t.columns = std::move(columns);
    return t;
}

}  // namespace qproxy::czar::testing
