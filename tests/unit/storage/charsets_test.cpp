#include "storage/charsets.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace qproxy;
using namespace qproxy::storage;

TEST_CASE("collations carry MySQL 8.0's ids and attributes", "[charsets]") {
    struct expected {
        std::uint16_t id;
        std::string_view name, charset;
        bool is_default;
        std::uint32_t sortlen;
        std::string_view pad;
    };
    const expected table[] = {
        {5, "latin1_german1_ci", "latin1", false, 1, "PAD SPACE"},
        {8, "latin1_swedish_ci", "latin1", true, 1, "PAD SPACE"},
        {11, "ascii_general_ci", "ascii", true, 1, "PAD SPACE"},
        {15, "latin1_danish_ci", "latin1", false, 1, "PAD SPACE"},
        {31, "latin1_german2_ci", "latin1", false, 2, "PAD SPACE"},
        {33, "utf8mb3_general_ci", "utf8mb3", true, 1, "PAD SPACE"},
        {45, "utf8mb4_general_ci", "utf8mb4", false, 1, "PAD SPACE"},
        {46, "utf8mb4_bin", "utf8mb4", false, 1, "PAD SPACE"},
        {47, "latin1_bin", "latin1", false, 1, "PAD SPACE"},
        {48, "latin1_general_ci", "latin1", false, 1, "PAD SPACE"},
        {49, "latin1_general_cs", "latin1", false, 1, "PAD SPACE"},
        {63, "binary", "binary", true, 1, "NO PAD"},
        {65, "ascii_bin", "ascii", false, 1, "PAD SPACE"},
        {83, "utf8mb3_bin", "utf8mb3", false, 1, "PAD SPACE"},
        {94, "latin1_spanish_ci", "latin1", false, 1, "PAD SPACE"},
        {192, "utf8mb3_unicode_ci", "utf8mb3", false, 8, "PAD SPACE"},
        {224, "utf8mb4_unicode_ci", "utf8mb4", false, 8, "PAD SPACE"},
        {248, "gb18030_chinese_ci", "gb18030", true, 2, "PAD SPACE"},
        {255, "utf8mb4_0900_ai_ci", "utf8mb4", true, 0, "NO PAD"},
        {278, "utf8mb4_0900_as_cs", "utf8mb4", false, 0, "NO PAD"},
        {309, "utf8mb4_0900_bin", "utf8mb4", false, 1, "NO PAD"},
        {323, "utf8mb4_mn_cyrl_0900_as_cs", "utf8mb4", false, 0, "NO PAD"},
    };
    for (const auto& e : table) {
        INFO(e.name);
        const auto* c = find_collation(e.id);
        REQUIRE(c);
        CHECK(c->name == e.name);
        CHECK(c->charset == e.charset);
        CHECK(c->is_default == e.is_default);
        CHECK(c->is_compiled);
        CHECK(c->sortlen == e.sortlen);
        CHECK(c->pad_attribute == e.pad);
        CHECK(find_collation(e.name) == c);
    }
    CHECK_FALSE(find_collation(std::uint16_t{17}));
    CHECK_FALSE(find_collation(std::uint16_t{1000}));
}

TEST_CASE("the collation table is complete and consistent", "[charsets]") {
    std::set<std::uint16_t> ids;
    std::set<std::string> names;
    for (const auto& c : collations()) {
        CHECK(ids.insert(c.id).second);
        CHECK(names.insert(c.name).second);
        CHECK(find_charset(c.charset));
    }
    CHECK(collations().size() == 286);  // MySQL 8.0: ids 1..323 with gaps
    CHECK(std::is_sorted(collations().begin(), collations().end(), [](auto& a, auto& b) { return a.id < b.id; }));
    CHECK(charsets().size() == 41);
    for (const auto& cs : charsets()) {
        INFO(cs.name);
        const auto* d = default_collation(cs.name);
        REQUIRE(d);
        CHECK(d->is_default);
        CHECK(d->charset == cs.name);
        const auto n = std::count_if(collations().begin(), collations().end(),
                                     [&](auto& c) { return c.charset == cs.name && c.is_default; });
        CHECK(n == 1);
    }
    for (std::string_view name : {"big5", "dec8", "cp850", "hp8", "koi8r", "latin1", "latin2", "swe7", "ascii", "ujis",
                                  "sjis", "hebrew", "tis620", "euckr", "koi8u", "gb2312", "greek", "cp1250", "gbk",
                                  "latin5", "armscii8", "utf8mb3", "ucs2", "cp866", "keybcs2", "macce", "macroman",
                                  "cp852", "latin7", "utf8mb4", "cp1251", "utf16", "utf16le", "cp1256", "cp1257",
                                  "utf32", "binary", "geostd8", "cp932", "eucjpms", "gb18030"}) {
        CHECK(find_charset(name));
    }
}

TEST_CASE("charset and collation lookups accept MySQL's aliases", "[charsets]") {
    CHECK(find_charset("UTF8")->name == "utf8mb3");
    CHECK(find_charset("utf8mb4")->maxlen == 4);
    CHECK(find_charset("Latin1")->description == "cp1252 West European");
    CHECK_FALSE(find_charset("utf9"));
    CHECK(find_collation("UTF8_GENERAL_CI")->id == 33);
    CHECK(find_collation("utf8_bin")->id == 83);
    CHECK(find_collation("Utf8mb4_0900_AI_CI")->id == 255);
    CHECK(default_collation("utf8")->name == "utf8mb3_general_ci");
    CHECK(default_collation("utf8mb4")->id == 255);
    CHECK(default_collation("binary")->id == 63);
    CHECK_FALSE(default_collation("nope"));
}

TEST_CASE("SET NAMES validation uses MySQL's errors", "[charsets]") {
    CHECK(charset_collation("utf8mb4").value()->id == 255);
    CHECK(charset_collation("utf8", std::string_view("utf8_unicode_ci")).value()->id == 192);
    CHECK(charset_collation("latin1", std::string_view("LATIN1_BIN")).value()->id == 47);

    auto cs = charset_collation("klingon");
    REQUIRE_FALSE(cs);
    CHECK(cs.error() == sql_error{1115, "42000", "Unknown character set: 'klingon'"});
    auto coll = charset_collation("utf8mb4", std::string_view("utf8mb4_klingon_ci"));
    REQUIRE_FALSE(coll);
    CHECK(coll.error() == sql_error{1273, "HY000", "Unknown collation: 'utf8mb4_klingon_ci'"});
    auto mismatch = charset_collation("latin1", std::string_view("utf8mb4_bin"));
    REQUIRE_FALSE(mismatch);
    CHECK(mismatch.error() == sql_error{1253, "42000", "COLLATION 'utf8mb4_bin' is not valid for CHARACTER SET 'latin1'"});
}
