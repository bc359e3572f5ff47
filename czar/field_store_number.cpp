// Numeric columns: integers, YEAR, BIT, DECIMAL, FLOAT and DOUBLE, read
// from text as MySQL reads numbers (my_strntoull10rnd, str2my_decimal, my_strntod).
#include "czar/field_store.hpp"

#include "czar/mysql_number.hpp"

#include <fmt/format.h>

#include <cfloat>
#include <charconv>
#include <cmath>
#include <limits>

namespace qproxy::czar {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view skip_spaces(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    return s;
}

bool only_spaces(std::string_view s) { return skip_spaces(s).empty(); }

// MySQL's numeric text: [spaces][sign]digits[.digits][e[sign]digits].
// The value is 0.digits × 10^point.
struct scanned_number {
    bool negative = false;
    bool any_digits = false;
    std::string digits;      // significant digits: no leading zeros, empty for zero
    std::int64_t point = 0;
    std::string_view number;  // the number's text, sign included
    std::string_view rest;    // what follows it
};

scanned_number scan_number(std::string_view text) {
    scanned_number n;
    const std::string_view s = skip_spaces(text);
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) n.negative = s[i++] == '-';
    const std::size_t int_start = i;
    for (; i < s.size() && is_digit(s[i]); ++i) n.digits += s[i];
    n.point = static_cast<std::int64_t>(i - int_start);
    n.any_digits = i > int_start;
    if (i < s.size() && s[i] == '.') {
        const std::size_t frac_start = ++i;
        for (; i < s.size() && is_digit(s[i]); ++i) n.digits += s[i];
        n.any_digits = n.any_digits || i > frac_start;
    }
    if (!n.any_digits) {
        n.digits.clear();
        n.rest = text;
        return n;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        std::size_t j = i + 1;
        bool negative_exponent = false;
        if (j < s.size() && (s[j] == '-' || s[j] == '+')) negative_exponent = s[j++] == '-';
        if (j < s.size() && is_digit(s[j])) {
            std::int64_t e = 0;
            for (; j < s.size() && is_digit(s[j]); ++j) e = std::min<std::int64_t>(e * 10 + (s[j] - '0'), 1'000'000);
            n.point += negative_exponent ? -e : e;
            i = j;
        }
    }
    n.number = s.substr(0, i);
    n.rest = s.substr(i);
    const auto lead = n.digits.find_first_not_of('0');
    if (lead == std::string::npos) {
        n.digits.clear();
        n.point = 0;
    } else {
        n.digits.erase(0, lead);
        n.point -= static_cast<std::int64_t>(lead);
    }
    return n;
}

// |value| rounded half away from zero (MySQL's strntoull10rnd); nullopt past 2^64-1.
std::optional<std::uint64_t> rounded_magnitude(const scanned_number& n) {
    if (n.digits.empty() || n.point < 0) return 0;
    if (n.point > 20) return std::nullopt;
    unsigned __int128 v = 0;
    const auto size = static_cast<std::int64_t>(n.digits.size());
    for (std::int64_t i = 0; i < n.point; ++i) v = v * 10 + (i < size ? n.digits[static_cast<std::size_t>(i)] - '0' : 0);
    if (n.point < size && n.digits[static_cast<std::size_t>(n.point)] >= '5') ++v;
    if (v > std::numeric_limits<std::uint64_t>::max()) return std::nullopt;
    return static_cast<std::uint64_t>(v);
}

}  // namespace

std::string field_store::store_integer(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const {
    const auto n = scan_number(text);
    if (!n.any_digits) {
        w = incorrect("integer", text, row);
        return "0";
    }
    const auto magnitude = rounded_magnitude(n);
    const std::uint64_t negative_limit = max_ + 1;  // |min| of a signed type
    std::string out;
    bool range = true;
    if (n.negative && magnitude && *magnitude == 0) {
        out = "0", range = false;
    } else if (n.negative && unsigned_) {
        out = "0";
    } else if (n.negative) {
        out = magnitude && *magnitude <= negative_limit ? fmt::format("-{}", *magnitude) : std::to_string(min_);
        range = !magnitude || *magnitude > negative_limit;
    } else {
        out = std::to_string(magnitude ? std::min(*magnitude, max_) : max_);
        range = !magnitude || *magnitude > max_;
    }
    if (range) w = out_of_range(row);
    else if (!only_spaces(n.rest)) w = truncated(row);
    return out;
}

std::string field_store::store_year(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const {
    const auto n = scan_number(text);
    const auto magnitude = rounded_magnitude(n);
    if (!n.any_digits || !magnitude || (n.negative && *magnitude != 0) || (*magnitude >= 100 && *magnitude <= 1900) ||
        *magnitude > 2155) {
        w = out_of_range(row);
        return "0";
    }
    std::uint64_t year = *magnitude;
    // Two digits: 00-69 → 2000-2069, 70-99 → 1970-1999; '0000' alone is year zero.
    if (year != 0 || text.size() != 4) year += year < 70 ? 2000 : year < 100 ? 1900 : 0;
    if (!only_spaces(n.rest)) w = truncated(row);
    return std::to_string(year);
}

std::string field_store::store_bit(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const {
    // The string's bytes are the bits (MySQL: b'…' cannot be loaded as text).
    std::size_t i = 0;
    while (i < text.size() && text[i] == '\0') ++i;
    std::uint64_t value = 0;
    bool fits = text.size() - i <= 8;
    for (; fits && i < text.size(); ++i) value = value << 8 | static_cast<unsigned char>(text[i]);
    if (!fits || value > max_) {
        w = out_of_range(row);
        return std::to_string(max_);
    }
    return std::to_string(value);
}

std::string field_store::store_decimal(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const {
    const auto n = scan_number(text);
    const std::string zero = round_decimal_text("0", scale_);
    if (!n.any_digits) {
        w = incorrect("decimal", text, row);
        return zero;
    }
    const std::int64_t int_digits = precision_ - scale_;
    const auto overflow = [&] {
        w = out_of_range(row);
        if (n.negative && unsigned_) return zero;
        std::string max(static_cast<std::size_t>(int_digits), '9');
        if (max.empty()) max = "0";
        if (scale_ > 0) max.append(1, '.').append(static_cast<std::size_t>(scale_), '9');
        return (n.negative ? "-" : "") + max;
    };
    if (n.digits.empty()) {
        if (!only_spaces(n.rest)) w = truncated(row);
        return zero;
    }
    if (n.point > int_digits) return overflow();
    const auto size = static_cast<std::int64_t>(n.digits.size());
    // Beyond one digit past the scale, digits only decide whether a Note is due.
    const std::int64_t kept = std::min(size, std::max<std::int64_t>(n.point + scale_ + 1, 0));
    std::string plain = n.negative ? "-" : "";
    if (n.point <= 0) {
        plain += "0.";
        plain.append(static_cast<std::size_t>(std::min<std::int64_t>(-n.point, scale_ + 1)), '0');
        plain += n.digits.substr(0, static_cast<std::size_t>(kept));
    } else if (n.point >= size) {
        plain += n.digits + std::string(static_cast<std::size_t>(n.point - size), '0');
    } else {
        plain += n.digits.substr(0, static_cast<std::size_t>(n.point)) + "." +
                 n.digits.substr(static_cast<std::size_t>(n.point), static_cast<std::size_t>(kept - n.point));
    }
    std::string out = round_decimal_text(plain, scale_);
    // Rounding can carry into one more integer digit (99.995 → 100.00).
    const std::string_view unsigned_out = std::string_view(out).substr(out.front() == '-');
    const std::string_view int_part = unsigned_out.substr(0, unsigned_out.find('.'));
    if ((int_part == "0" ? 0 : static_cast<std::int64_t>(int_part.size())) > int_digits) return overflow();
    if (n.negative && unsigned_ && out.front() == '-') {
        w = out_of_range(row);
        return zero;
    }
    const bool dropped = n.point + scale_ < size &&
                         n.digits.find_first_not_of('0', static_cast<std::size_t>(std::max<std::int64_t>(n.point + scale_, 0))) !=
                             std::string::npos;
    if (!only_spaces(n.rest)) w = truncated(row);
    else if (dropped) w = truncated(row, true);
    return out;
}

std::string field_store::store_real(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const {
    const auto n = scan_number(text);
    if (!n.any_digits) {
        w = truncated(row);
        return "0";
    }
    std::string_view number = n.number;
    if (number.front() == '+') number.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
    bool range = false, changed = end != number.data() + number.size();
    if (ec == std::errc::result_out_of_range) {
        // Overflow clamps; underflow is zero.
        v = n.point > 0 ? (n.negative ? -DBL_MAX : DBL_MAX) : 0.0;
        range = n.point > 0, changed = true;
    }
    if (float_ && std::fabs(v) > FLT_MAX) {
        v = std::copysign(static_cast<double>(FLT_MAX), v);
        range = changed = true;
    }
    if (scale_ >= 0) {
        const double factor = std::pow(10.0, scale_);
        const double max = std::pow(10.0, precision_ - scale_) - 1.0 / factor;
        const double rounded = std::round(v * factor) / factor;
        changed = changed || rounded != v;
        v = rounded;
        if (std::fabs(v) > max) v = std::copysign(max, v), range = changed = true;
    }
    if (unsigned_ && v < 0) v = 0, range = changed = true;
    if (range) w = out_of_range(row);
    else if (!only_spaces(n.rest)) w = truncated(row);
    return changed ? format_double(v) : std::string(number);
}

}  // namespace qproxy::czar
