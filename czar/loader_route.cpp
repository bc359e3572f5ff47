// loader::route(): where a row goes (loader.hpp tells the rules).
#include "czar/loader.hpp"

#include "czar/planner.hpp"
#include "czar/value_format.hpp"
#include "parser/typing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace qproxy::czar {

namespace {

inline constexpr std::uint16_t er_bad_null = 1048;              // 23000
inline constexpr std::uint16_t er_truncated_wrong_value = 1366; // HY000

using kind_t = storage::partitioning::kind_t;

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

sql_result<chunk_location> loader::route(std::span<const typed_cell> row, std::span<const cell> text) {
    const auto& part = table_.part;
    // Cells are read as given; typed rows hold field_store's numbers.
    const auto position = [&](std::size_t input) -> sql_result<double> {
        const auto& column = table_.columns[inputs_[input]];
        const typed_cell& v = row[input];
        if (v.null()) {
            return sql_error{er_bad_null, "23000",
                             fmt::format("Column '{}' cannot be null: it places the row on the sky", column.name)};
        }
        if (text.empty() && v.k == typed_cell::kind::real) return v.real;
        if (text.empty() && v.k == typed_cell::kind::integer) {
            return sql::is_unsigned(column.meta) ? static_cast<double>(static_cast<std::uint64_t>(v.integer))
                                                 : static_cast<double>(v.integer);
        }
        const std::string_view given = text.empty() ? std::string_view(v.text) : std::string_view(*text[input]);
        const std::string_view number = trim(given);
        double out = 0;
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), out);
        if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(out)) {
            return sql_error{er_truncated_wrong_value, "HY000", fmt::format("Incorrect double value: '{}' for column '{}' at row {}",
                                                                            given, column.name, rows_ + 1)};
        }
        return out;
    };
    switch (part.kind) {
    case kind_t::sky: {
        BOOST_OUTCOME_TRY(lon, position(*lon_input_));
        BOOST_OUTCOME_TRY(lat, position(*lat_input_));
        overlaps_.clear();
        for (const auto& o : chunker_->overlap_locations(lon, lat)) {
            if (std::find(overlaps_.begin(), overlaps_.end(), o.chunk_id) == overlaps_.end()) overlaps_.push_back(o.chunk_id);
        }
        return chunker_->locate(lon, lat);
    }
    case kind_t::hash: {
        if (!text.empty()) return chunk_location{hash_chunk(*text[*key_input_], sql::is_integer_type(key_type_), part.partitions), 0};
        // typed_rows(): an integer key, hashed as its canonical text.
        const std::int64_t key = row[*key_input_].integer;
        char digits[24];
        const auto end = sql::is_unsigned(key_type_)
                             ? std::to_chars(digits, digits + sizeof digits, static_cast<std::uint64_t>(key)).ptr
                             : std::to_chars(digits, digits + sizeof digits, key).ptr;
        return chunk_location{hash_chunk(std::string_view(digits, static_cast<std::size_t>(end - digits)), true, part.partitions), 0};
    }
    case kind_t::child: {
        const cell& key = text[*key_input_];  // never typed_rows()
        if (!key) return chunk_location{dummy_chunk, 0};
        index_find_.reset();
        BOOST_OUTCOME_TRY(bind_value(index_find_, 1, key, key_type_));
        BOOST_OUTCOME_TRY(found, index_find_.step());
        if (!found) return chunk_location{dummy_chunk, 0};
        return chunk_location{static_cast<std::int32_t>(index_find_.column_int64(0)),
                              static_cast<std::int32_t>(index_find_.column_int64(1))};
    }
    case kind_t::none: break;
    }
    return chunk_location{};
}

}  // namespace qproxy::czar
