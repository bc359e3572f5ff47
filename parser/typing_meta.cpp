// MySQL's metadata constructors and type aggregation (typing_impl.hpp).
#include "parser/typing_impl.hpp"

#include <algorithm>

namespace qproxy::sql {

using namespace typing;

bool is_integer_type(const column_meta& m) {
    switch (m.type) {
    case field_type::tiny: case field_type::short_: case field_type::long_: case field_type::int24:
    case field_type::longlong: case field_type::year: case field_type::bit: return true;
    default: return false;
    }
}
bool is_decimal_type(const column_meta& m) { return m.type == field_type::newdecimal || m.type == field_type::decimal; }
bool is_real_type(const column_meta& m) { return m.type == field_type::double_ || m.type == field_type::float_; }
bool is_string_type(const column_meta& m) {
    switch (m.type) {
    case field_type::varchar: case field_type::var_string: case field_type::string: case field_type::tiny_blob:
    case field_type::medium_blob: case field_type::long_blob: case field_type::blob: case field_type::enum_:
    case field_type::set: case field_type::json: return true;
    default: return false;
    }
}
bool is_binary_string(const column_meta& m) { return is_string_type(m) && m.charset == charset::binary; }
bool is_temporal_type(const column_meta& m) {
    return m.type == field_type::date || m.type == field_type::datetime || m.type == field_type::timestamp ||
           m.type == field_type::time;
}
bool is_unsigned(const column_meta& m) { return (m.flags & column_flag::unsigned_) != 0; }
bool is_nullable(const column_meta& m) { return (m.flags & column_flag::not_null) == 0; }

namespace typing {

unsigned mbmaxlen(std::uint16_t collation) {
    switch (collation) {
    case charset::binary: return 1;
    case 8: case 47: case 48: case 5: case 11: case 65: return 1;  // latin1_*, ascii
    case 33: case 83: case 76: case 192: case 223: return 3;       // utf8mb3_*
    default: return 4;                                            // utf8mb4_* (45, 46, 224…, 255…)
    }
}

namespace {
column_meta base(field_type type, std::uint32_t length, std::uint8_t decimals, bool nullable, std::uint16_t flags) {
    column_meta m;
    m.type = type;
    m.length = length;
    m.decimals = decimals;
    m.charset = charset::binary;
    m.flags = static_cast<std::uint16_t>(flags | column_flag::binary | (nullable ? 0 : column_flag::not_null));
    return m;
}
}  // namespace

column_meta make_null() { return base(field_type::null, 0, 0, true, column_flag::num); }

column_meta make_longlong(std::uint32_t length, bool nullable, bool is_unsigned_) {
    return base(field_type::longlong, length, 0, nullable,
                static_cast<std::uint16_t>(column_flag::num | (is_unsigned_ ? column_flag::unsigned_ : 0)));
}

column_meta make_decimal(unsigned precision, unsigned scale, bool nullable, bool is_unsigned_) {
    precision = std::min(precision, decimal_max_precision);
    scale = std::min(scale, decimal_max_scale);
    return base(field_type::newdecimal, precision_to_length(precision, scale, is_unsigned_), static_cast<std::uint8_t>(scale),
                nullable, static_cast<std::uint16_t>(column_flag::num | (is_unsigned_ ? column_flag::unsigned_ : 0)));
}

column_meta make_double(std::uint8_t decimals, bool nullable) {
    return base(field_type::double_, float_length(decimals), decimals, nullable, column_flag::num);
}

column_meta make_string(std::uint64_t chars, std::uint16_t collation, bool nullable) {
    // Item::set_data_type_string(): VARCHAR below 65535 bytes, then MEDIUM/LONG BLOB.
    const std::uint64_t bytes = std::min<std::uint64_t>(chars * mbmaxlen(collation), max_blob_width);
    const field_type type = bytes < 65535 ? field_type::var_string
                            : bytes < max_blob_width ? field_type::medium_blob : field_type::long_blob;
    column_meta m;
    m.type = type;
    m.length = static_cast<std::uint32_t>(bytes);
    m.decimals = not_fixed_dec;
    m.charset = collation;
    const bool binary_compare = collation == charset::binary || collation == 46 || collation == 83;  // *_bin
    m.flags = static_cast<std::uint16_t>((binary_compare ? column_flag::binary : 0) | (nullable ? 0 : column_flag::not_null));
    return m;
}

column_meta make_temporal(field_type type, unsigned fsp, bool nullable) {
    fsp = std::min(fsp, 6u);
    const std::uint32_t width = type == field_type::date ? 10 : type == field_type::time ? 10 : 19;
    return base(type, type == field_type::date ? width : width + (fsp ? fsp + 1 : 0),
                static_cast<std::uint8_t>(type == field_type::date ? 0 : fsp), nullable, 0);
}

std::uint32_t precision_to_length(unsigned precision, unsigned scale, bool is_unsigned_) {
    return precision + (scale > 0 ? 1 : 0) + ((is_unsigned_ || precision == 0) ? 0 : 1);
}

unsigned decimal_precision(const column_meta& m) {
    if (is_integer_type(m) || is_decimal_type(m)) {
        const int prec = static_cast<int>(m.length) - (m.decimals > 0 ? 1 : 0) - ((is_unsigned(m) || m.length == 0) ? 0 : 1);
        return std::min<unsigned>(static_cast<unsigned>(std::max(prec, 0)), decimal_max_precision);
    }
    const unsigned fsp = m.decimals == not_fixed_dec ? 0 : m.decimals;
    switch (m.type) {
    case field_type::time: return fsp + 7;
    case field_type::datetime: case field_type::timestamp: return fsp + 14;
    case field_type::date: return 8;
    default: return static_cast<unsigned>(std::min<std::uint64_t>(char_length(m), decimal_max_precision));
    }
}

std::uint64_t char_length(const column_meta& m) {
    return is_string_type(m) ? m.length / mbmaxlen(m.charset) : m.length;
}

std::uint32_t float_length(std::uint8_t decimals) {
    constexpr std::uint32_t dbl_dig = 15;
    return decimals == not_fixed_dec ? dbl_dig + 8 : dbl_dig + 2 + decimals;
}

numeric_class numeric_context(const column_meta& m) {
    if (is_integer_type(m)) return numeric_class::integer;
    if (is_decimal_type(m)) return numeric_class::decimal;
    if (m.type == field_type::date) return numeric_class::integer;
    if (is_temporal_type(m)) return m.decimals == 0 ? numeric_class::integer : numeric_class::decimal;
    return numeric_class::real;  // strings, NULL, DOUBLE
}

column_meta with_nullable(column_meta m, bool nullable) {
    if (nullable) m.flags &= static_cast<std::uint16_t>(~column_flag::not_null);
    else m.flags |= column_flag::not_null;
    return m;
}

bool any_nullable(std::span<const column_meta> types) {
    return std::any_of(types.begin(), types.end(), [](const column_meta& m) { return is_nullable(m); });
}

column_meta aggregate(std::span<const column_meta> types, std::uint16_t connection_collation) {
    std::vector<column_meta> known;
    for (const auto& t : types)
        if (t.type != field_type::null) known.push_back(t);
    if (known.empty()) return make_null();
    const bool nullable = any_nullable(types);
    auto all = [&](auto pred) { return std::all_of(known.begin(), known.end(), pred); };
    auto any = [&](auto pred) { return std::any_of(known.begin(), known.end(), pred); };

    if (all([](const column_meta& m) { return is_integer_type(m) || is_decimal_type(m) || is_real_type(m); })) {
        if (any([](const column_meta& m) { return is_real_type(m); })) {
            std::uint8_t dec = 0;
            for (const auto& m : known) dec = std::max(dec, m.decimals);
            return make_double(dec, nullable);
        }
        unsigned scale = 0, intg = 0;
        for (const auto& m : known) {
            scale = std::max<unsigned>(scale, m.decimals);
            intg = std::max(intg, decimal_precision(m) - m.decimals);
        }
        const bool uns = all([](const column_meta& m) { return is_unsigned(m); });
        if (all([](const column_meta& m) { return is_integer_type(m); })) {
            std::uint32_t len = 0;
            for (const auto& m : known) len = std::max(len, m.length);
            return make_longlong(len, nullable, uns);
        }
        return make_decimal(intg + scale, scale, nullable, uns);
    }
    if (all([](const column_meta& m) { return is_temporal_type(m); })) {
        unsigned fsp = 0;
        for (const auto& m : known) fsp = std::max<unsigned>(fsp, m.decimals);
        const field_type first = known.front().type;
        const bool same = all([&](const column_meta& m) { return m.type == first; });
        return make_temporal(same ? first : field_type::datetime, fsp, nullable);
    }
    // Strings win; a binary string makes the result binary.
    std::uint16_t collation = connection_collation;
    bool seen_string = false;
    std::uint64_t chars = 0;
    for (const auto& m : known) {
        chars = std::max(chars, char_length(m));
        if (is_string_type(m)) {
            if (m.charset == charset::binary) collation = charset::binary;
            else if (!seen_string && collation != charset::binary) collation = m.charset;
            seen_string = true;
        }
    }
    return make_string(chars, collation, nullable);
}

}  // namespace typing
}  // namespace qproxy::sql
