// Rows of one table on their way into a chunk table, kept as typed values
// until their burst: inserts interleaved over many files run several times
// slower than a file's rows in one go.
#pragma once

#include "czar/partitioning.hpp"
#include "czar/typed_cell.hpp"
#include "parser/types.hpp"
#include "storage/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::czar {

// The cells back to back — each its kind (one byte), then an integer or a
// real (8 bytes) or a length (4 bytes) and the bytes of a text or blob —
// and each row's own chunk and sub-chunk (an overlap copy keeps those of its row).
struct row_buffer {
    std::string cells{};
    std::vector<chunk_location> locations{};

    void add(std::span<const typed_cell> row, chunk_location where);
    [[nodiscard]] bool empty() const { return locations.empty(); }
    [[nodiscard]] std::size_t bytes() const { return cells.size() + locations.size() * sizeof(chunk_location); }
    // One blob for a scratch file of this process (host byte order), and back.
    void serialize(std::string& out) const;
    [[nodiscard]] bool deserialize(std::string_view blob);
};

// Where a burst's cells go: the statement's parameter and type of each cell
// of a row, and the parameters of the computed chunk columns (of a row's
// first parameter 1: the row r of a statement taking several starts at
// r * columns + 1).
struct row_layout {
    std::vector<int> params{};
    std::vector<column_meta> types{};
    std::optional<int> chunk_param{}, sub_chunk_param{};
    int columns = 0;  // parameters of a row: the table's columns
};

// A table's INSERT of one row, and of `rows` rows at once: one statement
// per row costs about as much as the row's B-tree work. Rows are numbered
// `load` (storage::load_column).
struct row_insert {
    storage::statement one, many;
    int rows = 1;
};
[[nodiscard]] sql_result<row_insert> prepare_insert(storage::database& db, std::string_view table, int columns,
                                                  std::int64_t load);

// Inserts the buffered rows.
[[nodiscard]] sql_status insert_rows(row_insert& insert, const row_buffer& rows, const row_layout& layout);

}  // namespace qproxy::czar
