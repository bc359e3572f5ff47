// Rows of one table on their way into a chunk table, kept as text until
// their burst: inserts interleaved over many files run several times slower
// than a file's rows in one go.
#pragma once

#include "czar/partitioning.hpp"
#include "parser/types.hpp"
#include "storage/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::czar {

// The cells back to back, each cell's end offset (null_cell set for NULL),
// each row's own chunk and sub-chunk (an overlap copy keeps those of its row).
struct row_buffer {
    static constexpr std::uint32_t null_cell = 0x8000'0000;

    std::string cells{};
    std::vector<std::uint32_t> ends{};
    std::vector<chunk_location> locations{};

    void add(std::span<const cell> row, chunk_location where);
    [[nodiscard]] bool empty() const { return locations.empty(); }
    // One blob for a scratch file of this process (host byte order), and back.
    void serialize(std::string& out) const;
    [[nodiscard]] bool deserialize(std::string_view blob);
};

// Where a burst's cells go: the statement's parameter and type of each cell
// of a row, and the parameters of the computed chunk columns.
struct row_layout {
    std::vector<int> params{};
    std::vector<column_meta> types{};
    std::optional<int> chunk_param{}, sub_chunk_param{};
};

// Runs `insert` once per buffered row.
[[nodiscard]] sql_status insert_rows(storage::statement& insert, const row_buffer& rows, const row_layout& layout);

}  // namespace qproxy::czar
