// The planner's chunk_index over a catalog alone: every listed chunk, no
// director index (key lookups find nothing), the catalog's published loads.
#pragma once

#include "czar/planner.hpp"
#include "storage/catalog.hpp"

namespace qproxy::czar::testing {

struct catalog_chunks final : chunk_index {
    const storage::catalog& catalog;
    explicit catalog_chunks(const storage::catalog& c) : catalog(c) {}
    std::vector<std::int32_t> all_chunks(std::string_view db) const override { return catalog.chunks(db); }
    sql_result<std::vector<std::int32_t>> chunks_of_keys(const storage::table_info&,
                                                        std::span<const std::string>) const override {
        return std::vector<std::int32_t>{};
    }
    sql_result<std::vector<std::int32_t>> chunks_of_range(const storage::table_info&, double, double) const override {
        return std::vector<std::int32_t>{};
    }
    std::int64_t published_load(std::string_view db) const override { return catalog.loads(db).published; }
};

}  // namespace qproxy::czar::testing
