#include "czar/row_buffer.hpp"

#include "czar/value_format.hpp"

#include <cstring>

namespace qproxy::czar {

namespace {

template <class T>
void append(std::string& out, std::span<const T> items) {
    const std::uint64_t n = items.size();
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out.append(reinterpret_cast<const char*>(items.data()), items.size_bytes());
}

// Into a std::string or a std::vector.
template <class Container>
bool take(std::string_view& in, Container& out) {
    using T = typename Container::value_type;
    std::uint64_t n = 0;
    if (in.size() < sizeof n) return false;
    std::memcpy(&n, in.data(), sizeof n);
    in.remove_prefix(sizeof n);
    if (in.size() / sizeof(T) < n) return false;
    out.resize(n);
    std::memcpy(out.data(), in.data(), n * sizeof(T));
    in.remove_prefix(n * sizeof(T));
    return true;
}

}  // namespace

void row_buffer::add(std::span<const cell> row, chunk_location where) {
    for (const auto& c : row) {
        if (c) cells += *c;
        ends.push_back(static_cast<std::uint32_t>(cells.size()) | (c ? 0 : null_cell));
    }
    locations.push_back(where);
}

void row_buffer::serialize(std::string& out) const {
    out.clear();
    append(out, std::span<const char>(cells));
    append(out, std::span<const std::uint32_t>(ends));
    append(out, std::span<const chunk_location>(locations));
}

bool row_buffer::deserialize(std::string_view blob) {
    return take(blob, cells) && take(blob, ends) && take(blob, locations) && blob.empty();
}

sql_status insert_rows(storage::statement& insert, const row_buffer& rows, const row_layout& layout) {
    const std::size_t width = layout.params.size();
    std::size_t begin = 0;
    cell value;  // one allocation per burst: assign() reuses its capacity
    for (std::size_t r = 0; r < rows.locations.size(); ++r) {
        insert.reset();
        for (std::size_t i = 0; i < width; ++i) {
            const std::uint32_t end = rows.ends[r * width + i];
            const std::size_t stop = end & ~row_buffer::null_cell;
            if (end & row_buffer::null_cell) {
                value.reset();
            } else {
                if (!value) value.emplace();
                value->assign(rows.cells, begin, stop - begin);
            }
            begin = stop;
            BOOST_OUTCOME_TRY(bind_value(insert, layout.params[i], value, layout.types[i]));
        }
        if (layout.chunk_param) {
            BOOST_OUTCOME_TRY(insert.bind_int64(*layout.chunk_param, rows.locations[r].chunk_id));
        }
        if (layout.sub_chunk_param) {
            BOOST_OUTCOME_TRY(insert.bind_int64(*layout.sub_chunk_param, rows.locations[r].sub_chunk_id));
        }
        BOOST_OUTCOME_TRY(insert.run());
    }
    return ok();
}

}  // namespace qproxy::czar
