// The director index rows of a load (key → chunk, sub-chunk), inserted in
// the index file's load transaction. A key loaded before is refused at once
// (1062: LOAD DATA skips its row), so the check cannot wait for a burst:
// integer keys that ascend — catalogs are written in key order — are new
// when above every key of the index and of the load so far, and go in
// sorted bursts (one B-tree descent each, instead of a statement per row
// interleaved with everything else). The first key out of order, or a text
// key (collations), is inserted at once, and every key after it: the index
// itself then checks it (the burst went first, so it holds every earlier key).
#pragma once

#include "czar/partitioning.hpp"
#include "czar/typed_cell.hpp"
#include "parser/types.hpp"
#include "storage/load_file.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qproxy::czar {

class director_keys {
public:
    // Into director `table`'s index table in `index` (open for the load).
    [[nodiscard]] static sql_result<director_keys> create(storage::load_file& index, const std::string& table,
                                                          column_meta key_type);

    // key → where; 1062 when the key was loaded before (nothing written).
    [[nodiscard]] sql_status add(const typed_cell& key, chunk_location where);
    // Writes the buffered keys.
    [[nodiscard]] sql_status flush();

private:
    struct entry {
        std::int64_t key;
        chunk_location where;
    };
    director_keys(storage::load_file& index, std::string table, column_meta key_type)
        : index_(&index), table_(std::move(table)), key_type_(std::move(key_type)) {}
    [[nodiscard]] sql_status insert_now(const typed_cell& key, chunk_location where);

    storage::load_file* index_;
    std::string table_;
    column_meta key_type_;
    storage::statement insert_, insert_many_;  // one key; burst_rows keys
    bool ascending_ = false;             // keys go in bursts while they ascend
    std::optional<std::int64_t> max_;    // the largest key of the index and of the load so far
    std::vector<entry> pending_;
};

}  // namespace qproxy::czar
