#include "czar/collation.hpp"

#include <clocale>
#include <cwctype>
#include <locale.h>
#include <vector>

namespace qproxy::czar {

namespace {

// Bytes that are not valid UTF-8 decode to U+DC80…U+DCFF and encode back unchanged.
constexpr char32_t raw_byte_base = 0xDC00;

locale_t utf8_locale() {
    static const locale_t loc = [] {
        locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
        return l ? l : newlocale(LC_CTYPE_MASK, "C", static_cast<locale_t>(nullptr));
    }();
    return loc;
}

// Base letters of U+00C0…U+00FF and U+0100…U+017F; '.' keeps the character.
constexpr std::string_view latin1_base = "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
constexpr std::string_view latin_ext_a_base =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkkllllllllllnnnnnnnnnoooooo..rrrrrrssssssssttttttuuuuuuuuuuuu"
    "wwyyyzzzzzzs";

char32_t weight(char32_t c) {
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xFF && latin1_base[c - 0xC0] != '.') return static_cast<char32_t>(latin1_base[c - 0xC0]);
    if (c == 0xDF) return 's';  // ß
    if (c >= 0x100 && c <= 0x17F && latin_ext_a_base[c - 0x100] != '.')
        return static_cast<char32_t>(latin_ext_a_base[c - 0x100]);
    if (c >= raw_byte_base && c <= raw_byte_base + 0xFF) return c;
    return static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), utf8_locale()));
}

// Where a folded character sorts. utf8mb4_0900_ai_ci (UCA) puts punctuation
// before digits before letters; the PAD SPACE collations (general_ci) compare
// upper-case forms, so '_' sorts after the letters there.
char32_t order_key(char32_t folded, bool pad_space) {
    const bool letter = folded >= 'a' && folded <= 'z';
    if (pad_space) return letter ? folded - 32 : folded;
    if (letter) return 0x200 + folded;
    if (folded >= '0' && folded <= '9') return 0x100 + folded;
    return folded < 0x80 ? folded : 0x1000 + folded;
}

int compare_weights(std::u32string_view a, std::u32string_view b, bool pad_space) {
    const auto n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] == b[i]) continue;
        return order_key(a[i], pad_space) < order_key(b[i], pad_space) ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

template <class Char>
bool wildcard_match(std::basic_string_view<Char> s, const std::vector<std::pair<Char, int>>& p) {
    // p: (char, 0 literal | 1 '_' | 2 '%'); classic backtracking over the last '%'.
    std::size_t si = 0, pi = 0, star = std::string::npos, mark = 0;
    while (si < s.size()) {
        if (pi < p.size() && (p[pi].second == 1 || (p[pi].second == 0 && p[pi].first == s[si]))) {
            ++si, ++pi;
        } else if (pi < p.size() && p[pi].second == 2) {
            star = pi++;
            mark = si;
        } else if (star != std::string::npos) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi].second == 2) ++pi;
    return pi == p.size();
}

template <class Char>
std::vector<std::pair<Char, int>> compile_like(std::basic_string_view<Char> pattern, std::optional<Char> escape) {
    std::vector<std::pair<Char, int>> out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const Char c = pattern[i];
        if (escape && c == *escape && i + 1 < pattern.size()) out.emplace_back(pattern[++i], 0);
        else if (c == Char('%')) out.emplace_back(c, 2);
        else if (c == Char('_')) out.emplace_back(c, 1);
        else out.emplace_back(c, 0);
    }
    return out;
}

// The user data is non-null for the PAD SPACE variant.
int sqlite_compare(void* pad, int na, const void* a, int nb, const void* b) {
    return collation_compare({static_cast<const char*>(a), static_cast<std::size_t>(na)},
                             {static_cast<const char*>(b), static_cast<std::size_t>(nb)}, pad != nullptr);
}

int pad_marker = 0;

}  // namespace

std::u32string utf8_decode(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        int len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
        char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
        bool ok = len > 0 && i + static_cast<std::size_t>(len) <= s.size();
        for (int k = 1; ok && k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            ok = (b & 0xC0) == 0x80;
            c = (c << 6) | (b & 0x3F);
        }
        if (!ok) {
            out.push_back(raw_byte_base + b0);
            ++i;
            continue;
        }
        out.push_back(c);
        i += static_cast<std::size_t>(len);
    }
    return out;
}

std::string utf8_encode(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text) {
        if (c >= raw_byte_base + 0x80 && c <= raw_byte_base + 0xFF) {
            out += static_cast<char>(c - raw_byte_base);
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string utf8_upper(std::string_view utf8) {
    auto text = utf8_decode(utf8);
    for (auto& c : text)
        if (c < raw_byte_base || c > raw_byte_base + 0xFF) c = static_cast<char32_t>(towupper_l(static_cast<wint_t>(c), utf8_locale()));
    return utf8_encode(text);
}

std::string utf8_lower(std::string_view utf8) {
    auto text = utf8_decode(utf8);
    for (auto& c : text)
        if (c < raw_byte_base || c > raw_byte_base + 0xFF) c = static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), utf8_locale()));
    return utf8_encode(text);
}

std::u32string collation_weights(std::string_view utf8) {
    auto text = utf8_decode(utf8);
    for (auto& c : text) c = weight(c);
    return text;
}

int collation_compare(std::string_view a, std::string_view b, bool pad_space) {
    if (pad_space) {
        while (!a.empty() && a.back() == ' ') a.remove_suffix(1);
        while (!b.empty() && b.back() == ' ') b.remove_suffix(1);
    }
    return compare_weights(collation_weights(a), collation_weights(b), pad_space);
}

bool like_match(std::string_view subject, std::string_view pattern, std::optional<char32_t> escape, bool binary) {
    if (binary) {
        std::optional<char> esc;
        if (escape && *escape < 0x80) esc = static_cast<char>(*escape);
        return wildcard_match<char>(subject, compile_like<char>(pattern, esc));
    }
    const auto s = collation_weights(subject);
    // Weights of the pattern, but wildcards and the escape are recognised first.
    const auto raw = utf8_decode(pattern);
    std::vector<std::pair<char32_t, int>> compiled;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char32_t c = raw[i];
        if (escape && c == *escape && i + 1 < raw.size()) compiled.emplace_back(weight(raw[++i]), 0);
        else if (c == U'%') compiled.emplace_back(c, 2);
        else if (c == U'_') compiled.emplace_back(c, 1);
        else compiled.emplace_back(weight(c), 0);
    }
    return wildcard_match<char32_t>(s, compiled);
}

std::optional<std::size_t> collation_find(std::string_view haystack, std::string_view needle, std::size_t from_char) {
    const auto h = collation_weights(haystack);
    const auto n = collation_weights(needle);
    if (from_char > h.size()) return std::nullopt;
    const auto pos = std::u32string_view(h).find(n, from_char);
    if (pos == std::u32string_view::npos) return std::nullopt;
    return pos;
}

int register_collation(sqlite3* db) {
    const int rc = sqlite3_create_collation_v2(db, std::string(collation_name).c_str(), SQLITE_UTF8, nullptr,
                                               sqlite_compare, nullptr);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_create_collation_v2(db, std::string(pad_collation_name).c_str(), SQLITE_UTF8, &pad_marker,
                                       sqlite_compare, nullptr);
}

}  // namespace qproxy::czar
