#include "czar/like_match.hpp"

#include <cctype>
#include <cstddef>

namespace qproxy::czar {

namespace {
std::size_t char_len(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c >> 5) == 0x6) return 2;
    if ((c >> 4) == 0xe) return 3;
    if ((c >> 3) == 0x1e) return 4;
    return 1;
}
bool same(char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}
}  // namespace

bool like_match(std::string_view text, std::string_view pattern, char escape) {
    // Iterative matching with one backtrack point for the last '%' (linear in practice).
    std::size_t t = 0, p = 0;
    std::size_t star_p = std::string_view::npos, star_t = 0;
    while (t < text.size()) {
        if (p < pattern.size()) {
            char c = pattern[p];
            if (c == '%') {
                star_p = ++p;
                star_t = t;
                continue;
            }
            if (c == '_') {
                t += char_len(static_cast<unsigned char>(text[t]));
                ++p;
                continue;
            }
            if (c == escape && p + 1 < pattern.size()) c = pattern[++p];
            if (same(c, text[t])) {
                ++t;
                ++p;
                continue;
            }
        }
        if (star_p == std::string_view::npos) return false;
        p = star_p;
        t = star_t += char_len(static_cast<unsigned char>(text[star_t]));
    }
    while (p < pattern.size() && pattern[p] == '%') ++p;
    return p == pattern.size();
}

}  // namespace qproxy::czar
