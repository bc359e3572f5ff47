// field_store::store into a typed cell. Most fields of a catalog are numbers
// written plainly ("-12", "3.25e-7"): those are converted straight into the
// value MySQL stores, with the same result as the general path (text, then
// typed_cell::assign) and no warning; anything else takes the general path.
#include "czar/field_store.hpp"

#include <cfloat>
#include <charconv>
#include <cmath>

namespace qproxy::czar {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t digits(std::string_view s, std::size_t i) {
    const std::size_t from = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i - from;
}

// -?digits(.digits)?([eE][-+]?digits)?, all of s.
bool plain_real(std::string_view s) {
    std::size_t i = !s.empty() && s[0] == '-';
    const std::size_t whole = digits(s, i);
    if (whole == 0) return false;
    i += whole;
    if (i < s.size() && s[i] == '.') {
        const std::size_t fraction = digits(s, i + 1);
        if (fraction == 0) return false;
        i += 1 + fraction;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        const std::size_t exponent = digits(s, i);
        if (exponent == 0) return false;
        i += exponent;
    }
    return i == s.size();
}

}  // namespace

void field_store::store(std::string_view text, std::uint64_t row, std::optional<store_warning>& w, typed_cell& out) const {
    const char* end = text.data() + text.size();
    if (kind_ == kind::real && scale_ < 0 && plain_real(text)) {
        double v = 0;
        const auto [p, ec] = std::from_chars(text.data(), end, v);  // out of range (1e400, 1e-400): the general path
        if (ec == std::errc() && p == end && (!float_ || std::fabs(v) <= FLT_MAX) && !(unsigned_ && v < 0)) {
            return out.set_real(v);
        }
    }
    // Up to 18 digits: no 64-bit overflow; a sign on an unsigned column: the general path.
    const bool negative = !text.empty() && text[0] == '-';
    const std::size_t n = digits(text, negative);
    if (kind_ == kind::integer && n > 0 && n <= 18 && negative + n == text.size() && !(negative && unsigned_)) {
        std::int64_t v = 0;
        std::from_chars(text.data(), end, v);
        if (negative ? v >= min_ : static_cast<std::uint64_t>(v) <= max_) return out.set_integer(v);
    }
    out.assign_text(store(text, row, w), column_.meta);
}

}  // namespace qproxy::czar
