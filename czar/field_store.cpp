#include "czar/field_store.hpp"

#include "czar/mysql_number.hpp"
#include "parser/typing.hpp"
#include "storage/column_types.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>

namespace qproxy::czar {

namespace {

constexpr std::uint16_t er_warn_data_out_of_range = 1264;          // 22003
constexpr std::uint16_t er_warn_data_truncated = 1265;             // 01000
constexpr std::uint16_t er_truncated_wrong_value_for_field = 1366;  // HY000

std::string_view without_trailing_spaces(std::string_view s) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// MySQL prints at most 128 bytes of a value in a warning.
std::string_view shown(std::string_view text) { return text.substr(0, 128); }

// The bytes from an invalid one on, as MySQL shows them: \xHH, at most 6, then "...".
std::string invalid_bytes(std::string_view from) {
    std::string out;
    for (std::size_t i = 0; i < from.size() && i < 6; ++i) {
        const auto b = static_cast<unsigned char>(from[i]);
        out += b >= 0x20 && b < 0x7F ? std::string(1, static_cast<char>(b)) : fmt::format("\\x{:02X}", b);
    }
    if (from.size() > 6) out += "...";
    return out;
}

// One UTF-8 character at s[i]: its length, or 0 when the bytes are not UTF-8.
std::size_t utf8_char(std::string_view s, std::size_t i, std::uint32_t& cp) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    if (b < 0x80) return cp = b, 1;
    if (b >= 0xC2 && b < 0xE0) len = 2, cp = b & 0x1F;
    else if (b >= 0xE0 && b < 0xF0) len = 3, cp = b & 0x0F;
    else if (b >= 0xF0 && b < 0xF5) len = 4, cp = b & 0x07;
    else return 0;
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

}  // namespace

sql_result<field_store> field_store::for_column(const storage::column_info& c) {
    BOOST_OUTCOME_TRY(d, storage::describe_column_type(c.column_type, c.collation.value_or("")));
    field_store f;
    f.column_ = c;
    const column_meta& m = c.meta;
    f.unsigned_ = sql::is_unsigned(m);
    f.fsp_ = m.decimals;
    f.members_ = d.members;
    const bool binary = m.charset == charset::binary;
    const auto integer = [&](int bits) {
        f.kind_ = kind::integer;
        f.max_ = f.unsigned_ ? (bits == 64 ? std::numeric_limits<std::uint64_t>::max() : (1ull << bits) - 1)
                             : (1ull << (bits - 1)) - 1;
        f.min_ = f.unsigned_ ? 0 : -static_cast<std::int64_t>(f.max_) - 1;
    };
    switch (m.type) {
    case field_type::tiny: integer(8); break;
    case field_type::short_: integer(16); break;
    case field_type::int24: integer(24); break;
    case field_type::long_: integer(32); break;
    case field_type::longlong: integer(64); break;
    case field_type::year: f.kind_ = kind::year; break;
    case field_type::bit: {
        f.kind_ = kind::bit;
        const auto bits = d.numeric_precision.value_or(1);
        f.max_ = bits >= 64 ? std::numeric_limits<std::uint64_t>::max() : (1ull << bits) - 1;
        break;
    }
    case field_type::decimal:
    case field_type::newdecimal:
        f.kind_ = kind::decimal;
        f.precision_ = static_cast<int>(d.numeric_precision.value_or(10));
        f.scale_ = static_cast<int>(d.numeric_scale.value_or(0));
        break;
    case field_type::float_:
    case field_type::double_:
        f.kind_ = kind::real;
        f.float_ = m.type == field_type::float_;
        if (d.numeric_scale) {
            f.precision_ = static_cast<int>(d.numeric_precision.value_or(0));
            f.scale_ = static_cast<int>(*d.numeric_scale);
        }
        break;
    case field_type::date: f.kind_ = kind::date; break;
    case field_type::datetime: f.kind_ = kind::datetime; break;
    case field_type::timestamp: f.kind_ = kind::timestamp; break;
    case field_type::time: f.kind_ = kind::time; break;
    case field_type::string:
    case field_type::var_string:
    case field_type::varchar:
        if (m.flags & column_flag::enum_) f.kind_ = kind::enum_;
        else if (m.flags & column_flag::set) f.kind_ = kind::set;
        else f.kind_ = binary ? kind::binary : kind::chars;
        f.pad_ = m.type == field_type::string;
        f.max_length_ = static_cast<std::uint64_t>(d.character_maximum_length.value_or(0));
        break;
    case field_type::tiny_blob:
    case field_type::blob:
    case field_type::medium_blob:
    case field_type::long_blob:
        f.kind_ = binary ? kind::binary : kind::text;
        f.max_length_ = static_cast<std::uint64_t>(d.character_octet_length.value_or(0));
        break;
    default: break;  // JSON, spatial
    }
    const std::string cs = storage::ascii_lower(c.charset.value_or(""));
    if (cs == "latin1") f.max_code_point_ = 0xFF;
    else if (cs == "ascii") f.max_code_point_ = 0x7F;
    else if (cs == "utf8mb3" || cs == "utf8") f.max_code_point_ = 0xFFFF;
    return f;
}

std::string field_store::store(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const {
    switch (kind_) {
    case kind::integer: return store_integer(text, row, w);
    case kind::year: return store_year(text, row, w);
    case kind::bit: return store_bit(text, row, w);
    case kind::decimal: return store_decimal(text, row, w);
    case kind::real: return store_real(text, row, w);
    case kind::chars:
    case kind::binary:
    case kind::text: return store_string(text, row, w);
    case kind::enum_: return store_enum(text, row, w);
    case kind::set: return store_set(text, row, w);
    case kind::date:
    case kind::datetime:
    case kind::timestamp:
    case kind::time: return store_temporal(text, row, w);
    case kind::other: break;
    }
    return std::string(text);
}

std::string field_store::store_string(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const {
    std::string out;
    out.reserve(text.size());
    std::uint64_t chars = 0;
    std::size_t i = 0;
    bool cut = false;
    // Bytes are kept as given for byte strings; text is checked character by character.
    while (i < text.size()) {
        std::uint32_t cp = 0;
        const std::size_t len = kind_ == kind::binary ? 1 : utf8_char(text, i, cp);
        if (len == 0) {
            w = incorrect("string", invalid_bytes(text.substr(i)), row);
            break;
        }
        const bool over = kind_ == kind::chars ? chars >= max_length_ : out.size() + len > max_length_;
        if (over) {
            cut = true;
            break;
        }
        if (kind_ != kind::binary && cp > max_code_point_) {
            if (!w) w = incorrect("string", invalid_bytes(text.substr(i)), row);
            out += '?';
        } else {
            out.append(text.substr(i, len));
        }
        i += len;
        ++chars;
    }
    if (cut) {
        // Cutting spaces only is silent for CHAR (it drops them anyway), a Note otherwise.
        const bool spaces = text.find_first_not_of(' ', i) == std::string_view::npos;
        if (!spaces) w = truncated(row);
        else if (!(pad_ && kind_ == kind::chars)) w = truncated(row, true);
    }
    if (pad_ && kind_ == kind::chars) out.resize(without_trailing_spaces(out).size());
    if (pad_ && kind_ == kind::binary) out.resize(static_cast<std::size_t>(max_length_), '\0');
    return out;
}

std::string field_store::store_enum(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const {
    const std::string_view value = without_trailing_spaces(text);
    for (const auto& m : members_) {
        if (storage::iequals(without_trailing_spaces(m), value)) return m;
    }
    // A number is a member's position (1-based).
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
    if (ec == std::errc() && end == value.data() + value.size() && index >= 1 && index <= members_.size()) {
        return members_[index - 1];
    }
    w = truncated(row);
    return "";
}

std::string field_store::store_set(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const {
    const std::string_view value = without_trailing_spaces(text);
    std::uint64_t bits = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), bits);
    const bool number = !value.empty() && ec == std::errc() && end == value.data() + value.size();
    if (number) {
        if (members_.size() < 64 && bits >> members_.size()) w = truncated(row);
    } else {
        bits = 0;
        std::size_t from = 0;
        while (from <= value.size() && !value.empty()) {
            const auto comma = std::min(value.find(',', from), value.size());
            const std::string_view item = value.substr(from, comma - from);
            std::size_t i = 0;
            while (i < members_.size() && !storage::iequals(members_[i], item)) ++i;
            if (i < members_.size()) bits |= 1ull << i;
            else w = truncated(row);
            from = comma + 1;
        }
    }
    std::string out;
    for (std::size_t i = 0; i < members_.size() && i < 64; ++i) {
        if (bits >> i & 1) out += (out.empty() ? "" : ",") + members_[i];
    }
    return out;
}

cell field_store::default_value(std::string_view now) const {
    if (!column_.default_value) return column_.nullable ? cell{} : cell{implicit_default()};
    const std::string& d = *column_.default_value;
    std::optional<store_warning> ignored;  // CREATE TABLE checked the default
    return store(storage::iequals(std::string_view(d).substr(0, 17), "CURRENT_TIMESTAMP") ? now : d, 0, ignored);
}

std::string field_store::implicit_default() const {
    switch (kind_) {
    case kind::integer:
    case kind::year:
    case kind::bit:
    case kind::real: return "0";
    case kind::decimal: return round_decimal_text("0", scale_);
    case kind::binary: return pad_ ? std::string(static_cast<std::size_t>(max_length_), '\0') : "";
    case kind::enum_: return members_.empty() ? "" : members_.front();
    case kind::date: return "0000-00-00";
    case kind::datetime:
    case kind::timestamp: return fmt::format("0000-00-00 00:00:00{:.{}}", ".000000", fsp_ ? fsp_ + 1 : 0);
    case kind::time: return fmt::format("00:00:00{:.{}}", ".000000", fsp_ ? fsp_ + 1 : 0);
    case kind::chars:
    case kind::text:
    case kind::set: return "";
    case kind::other: break;
    }
    return column_.meta.type == field_type::json ? "null" : "";
}

store_warning field_store::truncated(std::uint64_t row, bool note) const {
    return {note, {er_warn_data_truncated, "01000", fmt::format("Data truncated for column '{}' at row {}", column_.name, row)}};
}

store_warning field_store::out_of_range(std::uint64_t row) const {
    return {false, {er_warn_data_out_of_range, "22003",
                    fmt::format("Out of range value for column '{}' at row {}", column_.name, row)}};
}

store_warning field_store::incorrect(std::string_view what, std::string_view text, std::uint64_t row) const {
    return {false, {er_truncated_wrong_value_for_field, "HY000",
                    fmt::format("Incorrect {} value: '{}' for column '{}' at row {}", what, shown(text), column_.name, row)}};
}

}  // namespace qproxy::czar
