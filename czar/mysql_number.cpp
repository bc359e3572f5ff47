#include "czar/mysql_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace qproxy::czar {

namespace {

// Shortest round-trip digits of |value| and the position of the decimal point
// relative to them (dtoa's `decpt`: 0.0123 → "123", -1).
struct shortest_digits {
    std::string digits;
    int decpt = 0;
    bool negative = false;
};

// Shortest digits that read back as the same T: a FLOAT is printed from its 32 bits.
template <class T>
shortest_digits shortest(T value) {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(value), std::chars_format::scientific);
    const std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
    const auto e = text.find('e');
    shortest_digits out;
    out.negative = std::signbit(value);
    for (char c : text.substr(0, e))
        if (c != '.') out.digits += c;
    int exponent = 0;
    auto exp_text = text.substr(e + 1);
    if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
    out.decpt = exponent + 1;
    return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

template <class T>
std::string format_shortest(T value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    const auto d = shortest(value);
    const int len = static_cast<int>(d.digits.size());
    // my_gcvt with a field wide enough for every double: 'f' unless the exponent
    // is outside MAX_DECPT_FOR_F_FORMAT (15) and the digits do not cover it.
    constexpr int max_decpt_for_f = 15;
    const bool f_format = d.decpt >= -max_decpt_for_f + 1 && (d.decpt <= max_decpt_for_f || len > d.decpt);
    std::string out = d.negative ? "-" : "";
    if (f_format) {
        if (d.decpt <= 0) {
            out += "0.";
            out.append(static_cast<std::size_t>(-d.decpt), '0');
            out += d.digits;
        } else if (d.decpt < len) {
            out += d.digits.substr(0, static_cast<std::size_t>(d.decpt));
            out += '.';
            out += d.digits.substr(static_cast<std::size_t>(d.decpt));
        } else {
            out += d.digits;
            out.append(static_cast<std::size_t>(d.decpt - len), '0');
        }
        return out;
    }
    out += d.digits[0];
    if (len > 1) {
        out += '.';
        out += d.digits.substr(1);
    }
    out += 'e';
    const int exponent = d.decpt - 1;
    if (exponent < 0) out += '-';
    out += std::to_string(std::abs(exponent));
    return out;
}

}  // namespace

std::string format_double(double value) { return format_shortest(value); }
std::string format_float(float value) { return format_shortest(value); }

std::string plain_decimal_text(double value) {
    if (!std::isfinite(value)) return "0";
    char buf[512];
    const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
    return std::string(buf, res.ptr);
}

std::string format_decimal(double value, unsigned scale) {
    return round_decimal_text(plain_decimal_text(value), static_cast<int>(scale));
}

std::string round_decimal_text(std::string_view text, int scale, bool truncate) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const auto dot = text.find('.');
    const std::string_view int_part = text.substr(0, dot);
    const std::string_view frac_part = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    std::string digits = std::string(int_part) + std::string(frac_part);
    int point = static_cast<int>(int_part.size());

    const int keep = point + scale;  // digits kept from the left
    std::string kept = keep > 0 ? digits.substr(0, static_cast<std::size_t>(keep)) : std::string{};
    if (keep > 0 && static_cast<int>(kept.size()) < keep) kept.append(static_cast<std::size_t>(keep) - kept.size(), '0');
    const bool round_up =
        !truncate && keep >= 0 && keep < static_cast<int>(digits.size()) && digits[static_cast<std::size_t>(keep)] >= '5';
    if (round_up) {
        int i = static_cast<int>(kept.size()) - 1;
        for (; i >= 0 && kept[static_cast<std::size_t>(i)] == '9'; --i) kept[static_cast<std::size_t>(i)] = '0';
        if (i >= 0) {
            ++kept[static_cast<std::size_t>(i)];
        } else {
            kept.insert(kept.begin(), '1');
            ++point;
        }
    }

    std::string int_digits;
    std::string frac_digits;
    if (scale >= 0) {
        int_digits = kept.substr(0, static_cast<std::size_t>(std::max(point, 0)));
        frac_digits = kept.substr(static_cast<std::size_t>(std::max(point, 0)));
    } else {
        int_digits = kept;
        // Digits dropped left of the point come back as zeros when something remains.
        if (!int_digits.empty()) int_digits.append(static_cast<std::size_t>(point - static_cast<int>(kept.size())), '0');
    }
    const auto first = int_digits.find_first_not_of('0');
    int_digits = first == std::string::npos ? "0" : int_digits.substr(first);

    std::string out;
    const bool zero = int_digits == "0" && frac_digits.find_first_not_of('0') == std::string::npos;
    if (negative && !zero) out += '-';
    out += int_digits;
    if (scale > 0) {
        out += '.';
        out += frac_digits;
    }
    return out;
}

double string_to_double(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    const std::size_t number = i;
    std::size_t digits = 0;
    while (i < text.size() && is_digit(text[i])) ++i, ++digits;
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && is_digit(text[i])) ++i, ++digits;
    }
    if (digits == 0) return 0.0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
        if (j < text.size() && is_digit(text[j])) {
            while (j < text.size() && is_digit(text[j])) ++j;
            i = j;
        }
    }
    // from_chars rejects a leading '+', and '.5' / '5.' are fine for it.
    std::string body(text.substr(number, i - number));
    if (body.front() == '.') body.insert(body.begin(), '0');
    double value = 0;
    const auto res = std::from_chars(body.data(), body.data() + body.size(), value);
    if (res.ec == std::errc::result_out_of_range) {
        // Overflow saturates (MySQL gives ±DBL_MAX); underflow is zero.
        const bool huge = body.find_first_of("eE") != std::string::npos && body.find("e-") == std::string::npos &&
                          body.find("E-") == std::string::npos;
        value = huge ? std::numeric_limits<double>::max() : 0.0;
    }
    return negative ? -value : value;
}

std::int64_t string_to_int(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    std::uint64_t magnitude = 0;
    bool overflow = false;
    for (; i < text.size() && is_digit(text[i]); ++i) {
        const auto digit = static_cast<std::uint64_t>(text[i] - '0');
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) overflow = true;
        else magnitude = magnitude * 10 + digit;
    }
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (negative) {
        if (overflow || magnitude > max + 1) return std::numeric_limits<std::int64_t>::min();
        return magnitude == max + 1 ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(magnitude);
    }
    if (overflow || magnitude > max) return std::numeric_limits<std::int64_t>::max();
    return static_cast<std::int64_t>(magnitude);
}

std::int64_t double_to_int(double value) {
    if (std::isnan(value)) return 0;
    if (value >= 9223372036854775807.0) return std::numeric_limits<std::int64_t>::max();
    if (value <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(std::rint(value));
}

}  // namespace qproxy::czar
