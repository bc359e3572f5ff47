// param_to_sql_literal (declared in statement.hpp): how a bound parameter is
// spelled when the proxy substitutes it into the statement text.
#include "proxy/protocol/binary_value.hpp"
#include "proxy/protocol/statement.hpp"

#include <charconv>
#include <cmath>

namespace qproxy::protocol {
namespace {

// A plain numeric literal MySQL's lexer reads as a number: [-]digits[.digits][e[+-]digits].
bool is_plain_number(std::string_view s) {
    std::size_t i = 0;
    auto run = [&] {
        const std::size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > from;
    };
    if (i < s.size() && s[i] == '-') ++i;
    const bool int_part = run();
    bool frac_part = false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        frac_part = run();
    }
    if (!int_part && !frac_part) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!run()) return false;
    }
    return i == s.size();
}

// Well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if ((c & 0xe0) == 0xc0) {
            n = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n >= s.size()) return false;  // truncated sequence
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

// Control characters other than tab, newline and carriage return.
bool has_controls(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return true;
    }
    return false;
}

bool is_binary_type(field_type t) {
    switch (t) {
    case field_type::tiny_blob:
    case field_type::medium_blob:
    case field_type::long_blob:
    case field_type::blob:
    case field_type::bit:
    case field_type::geometry: return true;
    default: return false;
    }
}

std::string quoted(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '\'';
    for (const char c : s) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '\0': out += "\\0"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\x1a': out += "\\Z"; break;
        default: out += c;
        }
    }
    out += '\'';
    return out;
}

std::string hex(std::string_view s) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out = "X'";
    out.reserve(s.size() * 2 + 3);
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 0x0f];
    }
    out += '\'';
    return out;
}

// Text is quoted and escaped. Bytes that are not valid UTF-8 -- and blob-typed
// values holding control characters -- are hex-encoded instead, which keeps the
// statement text valid UTF-8 for the parser and the bytes exact.
std::string text_literal(std::string_view s, field_type t) {
    const bool binary = !is_valid_utf8(s) || (is_binary_type(t) && has_controls(s));
    return binary ? hex(s) : quoted(s);
}

}  // namespace

std::string param_to_sql_literal(const param_value& p) {
    if (p.is_null && !p.long_data) return "NULL";
    switch (kind_of(p.type)) {
    case binary_kind::int8:
    case binary_kind::int16:
    case binary_kind::int32:
    case binary_kind::int64:
        // Long data or a hand-built value may not be a number: quote it then.
        return is_plain_number(p.text) ? p.text : text_literal(p.text, p.type);
    case binary_kind::float32:
    case binary_kind::float64:
        // An exponent makes the literal a DOUBLE, as the bound value was (2.5 alone would be DECIMAL).
        if (!is_plain_number(p.text)) return text_literal(p.text, p.type);
        return p.text.find_first_of("eE") == std::string::npos ? p.text + "e0" : p.text;
    case binary_kind::datetime:
        // Typed literals keep the parameter's type: DATE'…', TIMESTAMP'…' (a DATETIME).
        return (p.type == field_type::date ? "DATE" : "TIMESTAMP") + text_literal(p.text, field_type::var_string);
    case binary_kind::time: return "TIME" + text_literal(p.text, field_type::var_string);
    case binary_kind::null: return "NULL";
    case binary_kind::lenenc:
        if ((p.type == field_type::decimal || p.type == field_type::newdecimal) && is_plain_number(p.text)) {
            return p.text;
        }
        return text_literal(p.text, p.type);
    case binary_kind::unknown: break;
    }
    return text_literal(p.text, p.type);
}

}  // namespace qproxy::protocol
