#include "proxy/protocol/binary_value.hpp"

#include <fmt/format.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <limits>

namespace qproxy::protocol {
namespace {

const error_code bad_value = make_error_code(errc::bad_value);
const error_code bad_protocol = make_error_code(errc::protocol_value_error);

// ---- text parsing ------------------------------------------------------------------

template <class T>
bool parse_number(std::string_view s, T& v) {
    if (s.empty()) return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && ptr == s.data() + s.size();
}

// Parses a decimal integer into the range [lo, hi] and returns its low `width`
// bytes' worth as two's complement in an uint64.
bool parse_integer(std::string_view s, bool is_unsigned, std::int64_t lo, std::int64_t hi, std::uint64_t uhi,
                   std::uint64_t& out) {
    if (is_unsigned) {
        std::uint64_t v = 0;
        if (!parse_number(s, v) || v > uhi) return false;
        out = v;
    } else {
        std::int64_t v = 0;
        if (!parse_number(s, v) || v < lo || v > hi) return false;
        out = static_cast<std::uint64_t>(v);
    }
    return true;
}

// n decimal digits at s[pos..pos+n).
bool digits(std::string_view s, std::size_t pos, std::size_t n, std::uint32_t& v) {
    if (pos + n > s.size()) return false;
    v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + static_cast<std::uint32_t>(s[i] - '0');
    }
    return true;
}

// '.' + 1..6 digits at s[pos..], scaled to microseconds; must end the string.
bool fraction(std::string_view s, std::size_t pos, std::uint32_t& micro) {
    micro = 0;
    if (pos == s.size()) return true;
    if (s[pos] != '.') return false;
    const std::size_t n = s.size() - pos - 1;
    if (n < 1 || n > 6 || !digits(s, pos + 1, n, micro)) return false;
    for (std::size_t i = n; i < 6; ++i) micro *= 10;
    return true;
}

struct datetime_parts {
    std::uint32_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micro = 0;
};

// 'YYYY-MM-DD[ HH:MM:SS[.f{1,6}]]' (zero dates allowed, as MySQL prints them).
bool parse_datetime(std::string_view s, datetime_parts& p) {
    if (!digits(s, 0, 4, p.year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, p.month) || s[7] != '-' ||
        !digits(s, 8, 2, p.day))
        return false;
    if (s.size() > 10) {
        if (s.size() < 19 || s[10] != ' ' || !digits(s, 11, 2, p.hour) || s[13] != ':' ||
            !digits(s, 14, 2, p.minute) || s[16] != ':' || !digits(s, 17, 2, p.second) || !fraction(s, 19, p.micro))
            return false;
    }
    return p.month <= 12 && p.day <= 31 && p.hour <= 23 && p.minute <= 59 && p.second <= 59;
}

struct time_parts {
    bool negative = false;
    std::uint64_t hours = 0;
    std::uint32_t minute = 0, second = 0, micro = 0;
};

// '[-]H+:MM:SS[.f{1,6}]' (MySQL prints at least two hour digits, up to 838).
bool parse_time(std::string_view s, time_parts& p) {
    std::size_t pos = 0;
    if (!s.empty() && s[0] == '-') {
        p.negative = true;
        pos = 1;
    }
    const std::size_t colon = s.find(':', pos);
    if (colon == std::string_view::npos || colon == pos || colon - pos > 9) return false;
    std::uint32_t h = 0;
    if (!digits(s, pos, colon - pos, h)) return false;
    p.hours = h;
    if (!digits(s, colon + 1, 2, p.minute) || colon + 3 >= s.size() || s[colon + 3] != ':' ||
        !digits(s, colon + 4, 2, p.second) || !fraction(s, colon + 6, p.micro))
        return false;
    return p.minute <= 59 && p.second <= 59;
}

// ---- binary writers ----------------------------------------------------------------

void put_datetime(writer& w, const datetime_parts& p) {
    // The shortest form MySQL's Protocol_binary::store() would pick.
    const std::uint8_t len = p.micro ? 11 : (p.hour || p.minute || p.second) ? 7 : (p.year || p.month || p.day) ? 4 : 0;
    w.put_u8(len);
    if (len == 0) return;
    w.put_u16(static_cast<std::uint16_t>(p.year));
    w.put_u8(static_cast<std::uint8_t>(p.month));
    w.put_u8(static_cast<std::uint8_t>(p.day));
    if (len == 4) return;
    w.put_u8(static_cast<std::uint8_t>(p.hour));
    w.put_u8(static_cast<std::uint8_t>(p.minute));
    w.put_u8(static_cast<std::uint8_t>(p.second));
    if (len == 7) return;
    w.put_u32(p.micro);
}

void put_time(writer& w, const time_parts& p) {
    const auto days = static_cast<std::uint32_t>(p.hours / 24);
    const auto hour = static_cast<std::uint8_t>(p.hours % 24);
    const std::uint8_t len = p.micro ? 12 : (days || hour || p.minute || p.second) ? 8 : 0;
    w.put_u8(len);
    if (len == 0) return;
    w.put_u8(p.negative ? 1 : 0);
    w.put_u32(days);
    w.put_u8(hour);
    w.put_u8(static_cast<std::uint8_t>(p.minute));
    w.put_u8(static_cast<std::uint8_t>(p.second));
    if (len == 12) w.put_u32(p.micro);
}

template <class F>
std::string shortest(F v) {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

}  // namespace

binary_kind kind_of(field_type type) noexcept {
    switch (type) {
    case field_type::tiny: return binary_kind::int8;
    case field_type::short_:
    case field_type::year: return binary_kind::int16;
    case field_type::long_:
    case field_type::int24: return binary_kind::int32;
    case field_type::longlong: return binary_kind::int64;
    case field_type::float_: return binary_kind::float32;
    case field_type::double_: return binary_kind::float64;
    case field_type::date:
    case field_type::datetime:
    case field_type::timestamp: return binary_kind::datetime;
    case field_type::time: return binary_kind::time;
    case field_type::null: return binary_kind::null;
    case field_type::decimal:
    case field_type::newdecimal:
    case field_type::varchar:
    case field_type::bit:
    case field_type::json:
    case field_type::enum_:
    case field_type::set:
    case field_type::tiny_blob:
    case field_type::medium_blob:
    case field_type::long_blob:
    case field_type::blob:
    case field_type::var_string:
    case field_type::string:
    case field_type::geometry: return binary_kind::lenenc;
    }
    return binary_kind::unknown;
}

error_code write_binary_value(writer& w, field_type type, bool is_unsigned, std::string_view text) {
    using lim8 = std::numeric_limits<std::int8_t>;
    using lim16 = std::numeric_limits<std::int16_t>;
    using lim32 = std::numeric_limits<std::int32_t>;
    using lim64 = std::numeric_limits<std::int64_t>;
    std::uint64_t v = 0;
    switch (kind_of(type)) {
    case binary_kind::int8:
        if (!parse_integer(text, is_unsigned, lim8::min(), lim8::max(), 0xff, v)) return bad_value;
        w.put_u8(static_cast<std::uint8_t>(v));
        return {};
    case binary_kind::int16:
        // YEAR is 0..9999-ish and always sent unsigned.
        if (!parse_integer(text, is_unsigned || type == field_type::year, lim16::min(), lim16::max(), 0xffff, v))
            return bad_value;
        w.put_u16(static_cast<std::uint16_t>(v));
        return {};
    case binary_kind::int32:
        if (!parse_integer(text, is_unsigned, lim32::min(), lim32::max(), 0xffffffffu, v)) return bad_value;
        w.put_u32(static_cast<std::uint32_t>(v));
        return {};
    case binary_kind::int64:
        if (!parse_integer(text, is_unsigned, lim64::min(), lim64::max(), ~std::uint64_t{0}, v)) return bad_value;
        w.put_u64(v);
        return {};
    case binary_kind::float32: {
        float f = 0;
        if (!parse_number(text, f)) return bad_value;
        w.put_u32(std::bit_cast<std::uint32_t>(f));
        return {};
    }
    case binary_kind::float64: {
        double d = 0;
        if (!parse_number(text, d)) return bad_value;
        w.put_u64(std::bit_cast<std::uint64_t>(d));
        return {};
    }
    case binary_kind::datetime: {
        datetime_parts p;
        if (!parse_datetime(text, p)) return bad_value;
        put_datetime(w, p);
        return {};
    }
    case binary_kind::time: {
        time_parts p;
        if (!parse_time(text, p)) return bad_value;
        put_time(w, p);
        return {};
    }
    case binary_kind::lenenc: w.put_lenenc_string(text); return {};
    case binary_kind::null:
    case binary_kind::unknown: break;
    }
    return bad_protocol;
}

error_code read_binary_value(reader& r, field_type type, bool is_unsigned, std::string& text) {
    switch (kind_of(type)) {
    case binary_kind::int8: {
        std::uint8_t v = 0;
        if (auto ec = r.get_u8(v)) return ec;
        text = is_unsigned ? std::to_string(v) : std::to_string(static_cast<std::int8_t>(v));
        return {};
    }
    case binary_kind::int16: {
        std::uint16_t v = 0;
        if (auto ec = r.get_u16(v)) return ec;
        const bool u = is_unsigned || type == field_type::year;
        text = u ? std::to_string(v) : std::to_string(static_cast<std::int16_t>(v));
        return {};
    }
    case binary_kind::int32: {
        std::uint32_t v = 0;
        if (auto ec = r.get_u32(v)) return ec;
        text = is_unsigned ? std::to_string(v) : std::to_string(static_cast<std::int32_t>(v));
        return {};
    }
    case binary_kind::int64: {
        std::uint64_t v = 0;
        if (auto ec = r.get_u64(v)) return ec;
        text = is_unsigned ? std::to_string(v) : std::to_string(static_cast<std::int64_t>(v));
        return {};
    }
    case binary_kind::float32: {
        std::uint32_t v = 0;
        if (auto ec = r.get_u32(v)) return ec;
        text = shortest(std::bit_cast<float>(v));
        return {};
    }
    case binary_kind::float64: {
        std::uint64_t v = 0;
        if (auto ec = r.get_u64(v)) return ec;
        text = shortest(std::bit_cast<double>(v));
        return {};
    }
    case binary_kind::datetime: {
        std::uint8_t len = 0;
        if (auto ec = r.get_u8(len)) return ec;
        if (len != 0 && len != 4 && len != 7 && len != 11) return bad_protocol;
        if (r.remaining() < len) return make_error_code(errc::incomplete_message);
        std::uint16_t year = 0;
        std::uint8_t month = 0, day = 0, hour = 0, minute = 0, second = 0;
        std::uint32_t micro = 0;
        if (len >= 4 && (r.get_u16(year) || r.get_u8(month) || r.get_u8(day))) return bad_protocol;
        if (len >= 7 && (r.get_u8(hour) || r.get_u8(minute) || r.get_u8(second))) return bad_protocol;
        if (len == 11 && r.get_u32(micro)) return bad_protocol;
        if (micro > 999999) return bad_protocol;
        if (type == field_type::date) {
            text = fmt::format("{:04}-{:02}-{:02}", year, month, day);
        } else {
            text = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", year, month, day, hour, minute, second);
            if (micro) text += fmt::format(".{:06}", micro);
        }
        return {};
    }
    case binary_kind::time: {
        std::uint8_t len = 0;
        if (auto ec = r.get_u8(len)) return ec;
        if (len != 0 && len != 8 && len != 12) return bad_protocol;
        if (r.remaining() < len) return make_error_code(errc::incomplete_message);
        std::uint8_t negative = 0, hour = 0, minute = 0, second = 0;
        std::uint32_t days = 0, micro = 0;
        if (len >= 8 && (r.get_u8(negative) || r.get_u32(days) || r.get_u8(hour) || r.get_u8(minute) ||
                         r.get_u8(second)))
            return bad_protocol;
        if (len == 12 && r.get_u32(micro)) return bad_protocol;
        if (negative > 1 || micro > 999999) return bad_protocol;
        // Hours may exceed 23: libmariadb puts MYSQL_TIME::hour there unfolded.
        const std::uint64_t hours = std::uint64_t{days} * 24 + hour;
        // "-00:00:00" is zero: canonical text has no sign then (and MySQL
        // would encode it with length 0, dropping the sign anyway).
        const bool sign = negative && (hours || minute || second || micro);
        text = fmt::format("{}{:02}:{:02}:{:02}", sign ? "-" : "", hours, minute, second);
        if (micro) text += fmt::format(".{:06}", micro);
        return {};
    }
    case binary_kind::lenenc: {
        std::string_view s;
        if (auto ec = r.get_lenenc_string(s)) return ec;
        text.assign(s);
        return {};
    }
    case binary_kind::null:
    case binary_kind::unknown: break;
    }
    return bad_protocol;
}

}  // namespace qproxy::protocol
