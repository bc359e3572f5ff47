// MySQL's functions between characters, codes and encodings (ASCII, CHAR, HEX, base64, …).
#include "czar/udf.hpp"

#include <cctype>

namespace qproxy::czar::udf {

namespace {
constexpr std::string_view base64_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Length in bytes of the UTF-8 character starting with `lead` (1 for binary or invalid).
std::size_t char_bytes(unsigned char lead, bool binary) {
    if (binary || lead < 0xC0) return 1;
    return lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}
}  // namespace

void ascii(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const auto s = arg(argv[0]).str();
    sqlite3_result_int(ctx, s.empty() ? 0 : static_cast<unsigned char>(s.front()));
}

void ord(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // The bytes of the first character as a big-endian number.
    if (any_null(ctx, argc, argv)) return;
    const arg a(argv[0]);
    const auto s = a.str();
    if (s.empty()) return sqlite3_result_int(ctx, 0);
    std::int64_t value = 0;
    for (unsigned char c : s.substr(0, char_bytes(static_cast<unsigned char>(s[0]), a.binary()))) value = value * 256 + c;
    sqlite3_result_int64(ctx, value);
}

void char_(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // CHAR(n, …): each number's significant bytes, big-endian; NULLs are skipped.
    std::string out;
    for (int i = 0; i < argc; ++i) {
        const arg a(argv[i]);
        if (a.null()) continue;
        auto v = static_cast<std::uint32_t>(a.int64());
        std::string bytes;
        do {
            bytes.insert(bytes.begin(), static_cast<char>(v & 0xFF));
            v >>= 8;
        } while (v != 0);
        out += bytes;
    }
    result_blob(ctx, out);
}

void quote(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    const arg a(argv[0]);
    if (a.null()) return result_text(ctx, "NULL");
    std::string out = "'";
    for (char c : a.str()) {
        if (c == '\\' || c == '\'') out += {'\\', c};
        else if (c == '\0') out += "\\0";
        else if (c == '\032') out += "\\Z";
        else out += c;
    }
    out += '\'';
    result_string(ctx, out, a.binary());
}

void soundex(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    static constexpr std::string_view codes = "01230120022455012623010202";
    std::string out;
    char last = 0;
    for (unsigned char c : arg(argv[0]).str()) {
        if (!std::isalpha(c)) continue;
        const char up = static_cast<char>(std::toupper(c));
        const char code = codes[static_cast<std::size_t>(up - 'A')];
        if (out.empty()) {
            out += up;
            last = code;
        } else if (code != '0' && code != last) {
            out += code;
            last = code;
        }
    }
    if (!out.empty() && out.size() < 4) out.append(4 - out.size(), '0');
    result_text(ctx, out);
}

void hex(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg a(argv[0]);
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    if (a.integer() || a.real()) {
        // Numbers print as BIGINT UNSIGNED in base 16.
        auto v = static_cast<std::uint64_t>(a.int64());
        do {
            out.insert(out.begin(), digits[v & 15]);
            v >>= 4;
        } while (v != 0);
    } else {
        for (unsigned char c : a.str()) out += {digits[c >> 4], digits[c & 15]};
    }
    result_text(ctx, out);
}

void unhex(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    std::string in(arg(argv[0]).str());
    if (in.size() % 2) in.insert(in.begin(), '0');
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 2) {
        const int hi = nibble(in[i]), lo = nibble(in[i + 1]);
        if (hi < 0 || lo < 0) return sqlite3_result_null(ctx);
        out += static_cast<char>(hi * 16 + lo);
    }
    result_blob(ctx, out);
}

void to_base64(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const auto in = arg(argv[0]).str();
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 3) {
        // MySQL wraps the output every 76 characters.
        if (i > 0 && i % 57 == 0) out += '\n';
        std::uint32_t n = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
        if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
        out += base64_chars[(n >> 18) & 63];
        out += base64_chars[(n >> 12) & 63];
        out += i + 1 < in.size() ? base64_chars[(n >> 6) & 63] : '=';
        out += i + 2 < in.size() ? base64_chars[n & 63] : '=';
    }
    result_text(ctx, out);
}

void from_base64(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    bool padding = false;
    for (char c : arg(argv[0]).str()) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        const auto pos = base64_chars.find(c);
        if (pos == std::string_view::npos || padding) return sqlite3_result_null(ctx);
        acc = (acc << 6) | static_cast<std::uint32_t>(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    result_blob(ctx, out);
}

}  // namespace qproxy::czar::udf
