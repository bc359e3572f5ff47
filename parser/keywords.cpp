#include "parser/keywords.hpp"

#include <array>
#include <cstddef>

namespace qproxy::sql {

namespace {

struct entry {
    std::string_view text;
    bool reserved;
};

constexpr entry entries[] = {
    {"", false},
#define QPROXY_SQL_KW_ENTRY(name, reserved) {#name, reserved != 0},
    QPROXY_SQL_KEYWORDS(QPROXY_SQL_KW_ENTRY)
#undef QPROXY_SQL_KW_ENTRY
};
constexpr std::size_t entry_count = sizeof(entries) / sizeof(entries[0]);

constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// FNV-1a over the lower-cased word; the table is open-addressed and built once.
constexpr std::uint32_t hash_lower(std::string_view s) {
    std::uint32_t h = 2166136261u;
    for (char c : s) h = (h ^ static_cast<unsigned char>(lower(c))) * 16777619u;
    return h;
}

constexpr std::size_t table_size = 2048;  // power of two, > 3 × entry_count
static_assert(table_size > 3 * entry_count);

struct table {
    std::array<std::uint16_t, table_size> slots{};  // index into entries, 0 = empty
    constexpr table() {
        for (std::size_t i = 1; i < entry_count; ++i) {
            std::size_t s = hash_lower(entries[i].text) & (table_size - 1);
            while (slots[s] != 0) s = (s + 1) & (table_size - 1);
            slots[s] = static_cast<std::uint16_t>(i);
        }
    }
};

constexpr table keyword_table{};

bool equal_lower(std::string_view word, std::string_view keyword) {
    if (word.size() != keyword.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (lower(word[i]) != keyword[i]) return false;
    return true;
}

}  // namespace

kw find_keyword(std::string_view word) {
    if (word.empty() || word.size() > 32) return kw::none;
    std::size_t s = hash_lower(word) & (table_size - 1);
    while (std::uint16_t i = keyword_table.slots[s]) {
        if (equal_lower(word, entries[i].text)) return static_cast<kw>(i);
        s = (s + 1) & (table_size - 1);
    }
    return kw::none;
}

bool is_reserved(kw k) { return entries[static_cast<std::size_t>(k)].reserved; }

bool is_reserved_word(std::string_view word) { return is_reserved(find_keyword(word)); }

bool needs_adjacent_paren(std::string_view upper) {
    static constexpr std::string_view names[] = {
        "ADDDATE", "BIT_AND", "BIT_OR", "BIT_XOR", "CAST", "COUNT", "CURDATE", "CURTIME", "DATE_ADD", "DATE_SUB",
        "EXTRACT", "GROUP_CONCAT", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "MAX", "MID", "MIN", "NOW", "POSITION",
        "SESSION_USER", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "ST_COLLECT", "SUBDATE", "SUBSTR",
        "SUBSTRING", "SUM", "SYSDATE", "SYSTEM_USER", "TRIM", "VARIANCE", "VAR_POP", "VAR_SAMP"};
    for (std::string_view n : names)
        if (n == upper) return true;
    return false;
}

}  // namespace qproxy::sql
