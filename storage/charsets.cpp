#include "storage/charsets.hpp"

#include "storage/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <vector>

namespace qproxy::storage {

namespace {

inline constexpr std::uint16_t er_collation_charset_mismatch = 1253;  // 42000

constexpr std::string_view pad_space = "PAD SPACE";
constexpr std::string_view no_pad = "NO PAD";

constexpr std::array<charset_info, 41> charset_table = {{
    {"armscii8", "armscii8_general_ci", "ARMSCII-8 Armenian", 1},
    {"ascii", "ascii_general_ci", "US ASCII", 1},
    {"big5", "big5_chinese_ci", "Big5 Traditional Chinese", 2},
    {"binary", "binary", "Binary pseudo charset", 1},
    {"cp1250", "cp1250_general_ci", "Windows Central European", 1},
    {"cp1251", "cp1251_general_ci", "Windows Cyrillic", 1},
    {"cp1256", "cp1256_general_ci", "Windows Arabic", 1},
    {"cp1257", "cp1257_general_ci", "Windows Baltic", 1},
    {"cp850", "cp850_general_ci", "DOS West European", 1},
    {"cp852", "cp852_general_ci", "DOS Central European", 1},
    {"cp866", "cp866_general_ci", "DOS Russian", 1},
    {"cp932", "cp932_japanese_ci", "SJIS for Windows Japanese", 2},
    {"dec8", "dec8_swedish_ci", "DEC West European", 1},
    {"eucjpms", "eucjpms_japanese_ci", "UJIS for Windows Japanese", 3},
    {"euckr", "euckr_korean_ci", "EUC-KR Korean", 2},
    {"gb18030", "gb18030_chinese_ci", "China National Standard GB18030", 4},
    {"gb2312", "gb2312_chinese_ci", "GB2312 Simplified Chinese", 2},
    {"gbk", "gbk_chinese_ci", "GBK Simplified Chinese", 2},
    {"geostd8", "geostd8_general_ci", "GEOSTD8 Georgian", 1},
    {"greek", "greek_general_ci", "ISO 8859-7 Greek", 1},
    {"hebrew", "hebrew_general_ci", "ISO 8859-8 Hebrew", 1},
    {"hp8", "hp8_english_ci", "HP West European", 1},
    {"keybcs2", "keybcs2_general_ci", "DOS Kamenicky Czech-Slovak", 1},
    {"koi8r", "koi8r_general_ci", "KOI8-R Relcom Russian", 1},
    {"koi8u", "koi8u_general_ci", "KOI8-U Ukrainian", 1},
    {"latin1", "latin1_swedish_ci", "cp1252 West European", 1},
    {"latin2", "latin2_general_ci", "ISO 8859-2 Central European", 1},
    {"latin5", "latin5_turkish_ci", "ISO 8859-9 Turkish", 1},
    {"latin7", "latin7_general_ci", "ISO 8859-13 Baltic", 1},
    {"macce", "macce_general_ci", "Mac Central European", 1},
    {"macroman", "macroman_general_ci", "Mac West European", 1},
    {"sjis", "sjis_japanese_ci", "Shift-JIS Japanese", 2},
    {"swe7", "swe7_swedish_ci", "7bit Swedish", 1},
    {"tis620", "tis620_thai_ci", "TIS620 Thai", 1},
    {"ucs2", "ucs2_general_ci", "UCS-2 Unicode", 2},
    {"ujis", "ujis_japanese_ci", "EUC-JP Japanese", 3},
    {"utf16", "utf16_general_ci", "UTF-16 Unicode", 4},
    {"utf16le", "utf16le_general_ci", "UTF-16LE Unicode", 4},
    {"utf32", "utf32_general_ci", "UTF-32 Unicode", 4},
    {"utf8mb3", "utf8mb3_general_ci", "UTF-8 Unicode", 3},
    {"utf8mb4", "utf8mb4_0900_ai_ci", "UTF-8 Unicode", 4},
}};

struct simple_collation {
    std::uint16_t id;
    std::string_view name;
    std::uint32_t sortlen;
};

// Every collation whose name is not generated below; the character set is
// the name's prefix and the default flag comes from charset_table.
constexpr simple_collation simple_collations[] = {
    {1, "big5_chinese_ci", 1}, {2, "latin2_czech_cs", 4}, {3, "dec8_swedish_ci", 1},
    {4, "cp850_general_ci", 1}, {5, "latin1_german1_ci", 1}, {6, "hp8_english_ci", 1},
    {7, "koi8r_general_ci", 1}, {8, "latin1_swedish_ci", 1}, {9, "latin2_general_ci", 1},
    {10, "swe7_swedish_ci", 1}, {11, "ascii_general_ci", 1}, {12, "ujis_japanese_ci", 1},
    {13, "sjis_japanese_ci", 1}, {14, "cp1251_bulgarian_ci", 1}, {15, "latin1_danish_ci", 1},
    {16, "hebrew_general_ci", 1}, {18, "tis620_thai_ci", 4}, {19, "euckr_korean_ci", 1},
    {20, "latin7_estonian_cs", 1}, {21, "latin2_hungarian_ci", 1}, {22, "koi8u_general_ci", 1},
    {23, "cp1251_ukrainian_ci", 1}, {24, "gb2312_chinese_ci", 1}, {25, "greek_general_ci", 1},
    {26, "cp1250_general_ci", 1}, {27, "latin2_croatian_ci", 1}, {28, "gbk_chinese_ci", 1},
    {29, "cp1257_lithuanian_ci", 1}, {30, "latin5_turkish_ci", 1}, {31, "latin1_german2_ci", 2},
    {32, "armscii8_general_ci", 1}, {33, "utf8mb3_general_ci", 1}, {34, "cp1250_czech_cs", 2},
    {35, "ucs2_general_ci", 1}, {36, "cp866_general_ci", 1}, {37, "keybcs2_general_ci", 1},
    {38, "macce_general_ci", 1}, {39, "macroman_general_ci", 1}, {40, "cp852_general_ci", 1},
    {41, "latin7_general_ci", 1}, {42, "latin7_general_cs", 1}, {43, "macce_bin", 1},
    {44, "cp1250_croatian_ci", 1}, {45, "utf8mb4_general_ci", 1}, {46, "utf8mb4_bin", 1},
    {47, "latin1_bin", 1}, {48, "latin1_general_ci", 1}, {49, "latin1_general_cs", 1},
    {50, "cp1251_bin", 1}, {51, "cp1251_general_ci", 1}, {52, "cp1251_general_cs", 1},
    {53, "macroman_bin", 1}, {54, "utf16_general_ci", 1}, {55, "utf16_bin", 1},
    {56, "utf16le_general_ci", 1}, {57, "cp1256_general_ci", 1}, {58, "cp1257_bin", 1},
    {59, "cp1257_general_ci", 1}, {60, "utf32_general_ci", 1}, {61, "utf32_bin", 1},
    {62, "utf16le_bin", 1}, {63, "binary", 1}, {64, "armscii8_bin", 1}, {65, "ascii_bin", 1},
    {66, "cp1250_bin", 1}, {67, "cp1256_bin", 1}, {68, "cp866_bin", 1}, {69, "dec8_bin", 1},
    {70, "greek_bin", 1}, {71, "hebrew_bin", 1}, {72, "hp8_bin", 1}, {73, "keybcs2_bin", 1},
    {74, "koi8r_bin", 1}, {75, "koi8u_bin", 1}, {76, "utf8mb3_tolower_ci", 1}, {77, "latin2_bin", 1},
    {78, "latin5_bin", 1}, {79, "latin7_bin", 1}, {80, "cp850_bin", 1}, {81, "cp852_bin", 1},
    {82, "swe7_bin", 1}, {83, "utf8mb3_bin", 1}, {84, "big5_bin", 1}, {85, "euckr_bin", 1},
    {86, "gb2312_bin", 1}, {87, "gbk_bin", 1}, {88, "sjis_bin", 1}, {89, "tis620_bin", 1},
    {90, "ucs2_bin", 1}, {91, "ujis_bin", 1}, {92, "geostd8_general_ci", 1}, {93, "geostd8_bin", 1},
    {94, "latin1_spanish_ci", 1}, {95, "cp932_japanese_ci", 1}, {96, "cp932_bin", 1},
    {97, "eucjpms_japanese_ci", 1}, {98, "eucjpms_bin", 1}, {99, "cp1250_polish_ci", 1},
    {159, "ucs2_general_mysql500_ci", 1}, {223, "utf8mb3_general_mysql500_ci", 1},
    {248, "gb18030_chinese_ci", 2}, {249, "gb18030_bin", 1}, {250, "gb18030_unicode_520_ci", 8},
    {303, "utf8mb4_ja_0900_as_cs", 0}, {304, "utf8mb4_ja_0900_as_cs_ks", 24},
    {305, "utf8mb4_0900_as_ci", 0}, {308, "utf8mb4_zh_0900_as_cs", 0}, {309, "utf8mb4_0900_bin", 1},
};

// The UCA 4.0.0 / 5.2.0 families: <charset>_<language>_ci at first_id + i.
constexpr std::array<std::string_view, 24> uca_languages = {
    "unicode", "icelandic", "latvian", "romanian", "slovenian", "polish", "estonian", "spanish",
    "swedish", "turkish", "czech", "danish", "lithuanian", "slovak", "spanish2", "roman",
    "persian", "esperanto", "hungarian", "sinhala", "german2", "croatian", "unicode_520", "vietnamese",
};
constexpr std::pair<std::string_view, std::uint16_t> uca_families[] = {
    {"utf16", 101}, {"ucs2", 128}, {"utf32", 160}, {"utf8mb3", 192}, {"utf8mb4", 224},
};

// The UCA 9.0.0 family: utf8mb4_[<locale>_]0900_ai_ci and _as_cs.
struct locale_0900 {
    std::string_view locale;
    std::uint16_t ai_ci;
    std::uint16_t as_cs;
};
constexpr locale_0900 locales_0900[] = {
    {"", 255, 278}, {"de_pb", 256, 279}, {"is", 257, 280}, {"lv", 258, 281}, {"ro", 259, 282},
    {"sl", 260, 283}, {"pl", 261, 284}, {"et", 262, 285}, {"es", 263, 286}, {"sv", 264, 287},
    {"tr", 265, 288}, {"cs", 266, 289}, {"da", 267, 290}, {"lt", 268, 291}, {"sk", 269, 292},
    {"es_trad", 270, 293}, {"la", 271, 294}, {"eo", 273, 296}, {"hu", 274, 297}, {"hr", 275, 298},
    {"vi", 277, 300}, {"ru", 306, 307}, {"nb", 310, 311}, {"nn", 312, 313}, {"sr_latn", 314, 315},
    {"bs", 316, 317}, {"bg", 318, 319}, {"gl", 320, 321}, {"mn_cyrl", 322, 323},
};

std::vector<collation_info> build_collations() {
    std::vector<collation_info> out;
    auto add = [&](std::uint16_t id, std::string name, std::string_view charset, std::uint32_t sortlen) {
        const bool utf8mb4_0900 = name.starts_with("utf8mb4_") && name.find("_0900_") != std::string::npos;
        const auto pad = (utf8mb4_0900 || id == 63) ? no_pad : pad_space;
        out.push_back({id, std::move(name), std::string(charset), false, true, sortlen, pad});
    };
    for (const auto& s : simple_collations) {
        const auto charset = s.name == "binary" ? s.name : s.name.substr(0, s.name.find('_'));
        add(s.id, std::string(s.name), charset, s.sortlen);
    }
    for (const auto& [charset, first_id] : uca_families) {
        for (std::size_t i = 0; i < uca_languages.size(); ++i) {
            add(static_cast<std::uint16_t>(first_id + i), fmt::format("{}_{}_ci", charset, uca_languages[i]), charset, 8);
        }
    }
    for (const auto& l : locales_0900) {
        const auto stem = l.locale.empty() ? std::string("utf8mb4_0900") : fmt::format("utf8mb4_{}_0900", l.locale);
        add(l.ai_ci, stem + "_ai_ci", "utf8mb4", 0);
        add(l.as_cs, stem + "_as_cs", "utf8mb4", 0);
    }
    for (auto& c : out) {
        const auto* cs = find_charset(c.charset);
        c.is_default = cs && cs->default_collation == c.name;
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

const std::vector<collation_info>& collation_table() {
    static const std::vector<collation_info> table = build_collations();
    return table;
}

}  // namespace

std::span<const collation_info> collations() { return collation_table(); }

std::span<const charset_info> charsets() { return charset_table; }

const collation_info* find_collation(std::uint16_t id) {
    const auto& table = collation_table();
    const auto it = std::lower_bound(table.begin(), table.end(), id, [](const auto& c, auto v) { return c.id < v; });
    return (it != table.end() && it->id == id) ? &*it : nullptr;
}

const collation_info* find_collation(std::string_view name) {
    // MySQL 8.0 still accepts the old utf8_* names for utf8mb3_*.
    std::string canonical;
    if (name.size() > 5 && iequals(name.substr(0, 5), "utf8_")) {
        canonical = "utf8mb3_";
        canonical += name.substr(5);
        name = canonical;
    }
    // Looked up on every statement (the session's collation): an index by lower-case name.
    static const auto index = [] {
        std::unordered_map<std::string, const collation_info*> m;
        for (const auto& c : collation_table()) m.emplace(ascii_lower(c.name), &c);
        return m;
    }();
    auto it = index.find(ascii_lower(name));
    return it == index.end() ? nullptr : it->second;
}

const charset_info* find_charset(std::string_view name) {
    if (iequals(name, "utf8")) name = "utf8mb3";
    for (const auto& cs : charset_table) {
        if (iequals(cs.name, name)) return &cs;
    }
    return nullptr;
}

const collation_info* default_collation(std::string_view charset) {
    const auto* cs = find_charset(charset);
    return cs ? find_collation(cs->default_collation) : nullptr;
}

sql_result<const collation_info*> charset_collation(std::string_view charset,
                                                     std::optional<std::string_view> collation) {
    const auto* cs = find_charset(charset);
    if (!cs) return unknown_charset_error(charset);
    if (!collation) return find_collation(cs->default_collation);
    const auto* c = find_collation(*collation);
    if (!c) return unknown_collation_error(*collation);
    if (c->charset != cs->name) {
        return sql_error{er_collation_charset_mismatch, "42000",
                         fmt::format("COLLATION '{}' is not valid for CHARACTER SET '{}'", *collation, charset)};
    }
    return c;
}

sql_error unknown_charset_error(std::string_view name) {
    return {er::unknown_character_set, "42000", fmt::format("Unknown character set: '{}'", name)};
}

sql_error unknown_collation_error(std::string_view name) {
    return {er::unknown_collation, "HY000", fmt::format("Unknown collation: '{}'", name)};
}

}  // namespace qproxy::storage
