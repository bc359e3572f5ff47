#include "czar/field_store.hpp"

#include "storage/column_types.hpp"

#include <catch2/catch.hpp>

using namespace qproxy;
using namespace qproxy::czar;

namespace {

field_store column(const std::string& type, bool nullable = true, std::string_view collation = {}) {
    auto c = storage::make_column("c", type, nullable, collation);
    REQUIRE(c);
    auto f = field_store::for_column(c.value());
    REQUIRE(f);
    return std::move(f).value();
}

// "value" or "value !code" / "value ?code" (Warning / Note).
std::string stored(const field_store& f, std::string_view text) {
    std::optional<store_warning> w;
    std::string v = f.store(text, 7, w);
    if (!w) return v;
    REQUIRE(w->error.message.ends_with("at row 7"));
    return v + (w->note ? " ?" : " !") + std::to_string(w->error.code);
}

}  // namespace

TEST_CASE("field store: integers round, clamp and warn as MySQL") {
    const auto i = column("int");
    CHECK(stored(i, "42") == "42");
    CHECK(stored(i, "  -7  ") == "-7");
    CHECK(stored(i, "+007") == "7");
    CHECK(stored(i, "1.5") == "2");
    CHECK(stored(i, "-2.5") == "-3");
    CHECK(stored(i, "1e3") == "1000");
    CHECK(stored(i, "12abc") == "12 !1265");
    CHECK(stored(i, "abc") == "0 !1366");
    CHECK(stored(i, "") == "0 !1366");
    CHECK(stored(i, "2147483648") == "2147483647 !1264");
    CHECK(stored(i, "-2147483649") == "-2147483648 !1264");
    CHECK(stored(i, "-2147483648") == "-2147483648");
    CHECK(stored(column("tinyint unsigned"), "-1") == "0 !1264");
    CHECK(stored(column("tinyint unsigned"), "255") == "255");
    CHECK(stored(column("bigint unsigned"), "18446744073709551615") == "18446744073709551615");
    CHECK(stored(column("bigint unsigned"), "18446744073709551616") == "18446744073709551615 !1264");
    CHECK(stored(column("bigint"), "-9223372036854775808") == "-9223372036854775808");
    CHECK(stored(column("bigint(20)"), "1e30") == "9223372036854775807 !1264");
}

TEST_CASE("field store: DECIMAL rounds to its scale") {
    const auto d = column("decimal(5,2)");
    CHECK(stored(d, "1.5") == "1.50");
    CHECK(stored(d, "1.234") == "1.23 ?1265");
    CHECK(stored(d, "1.235") == "1.24 ?1265");
    CHECK(stored(d, "-0.001") == "0.00 ?1265");
    CHECK(stored(d, "999.994") == "999.99 ?1265");
    CHECK(stored(d, "999.995") == "999.99 !1264");
    CHECK(stored(d, "-1000") == "-999.99 !1264");
    CHECK(stored(d, "12x") == "12.00 !1265");
    CHECK(stored(d, "x") == "0.00 !1366");
    CHECK(stored(d, "1.5e2") == "150.00");
    CHECK(stored(d, "1e-9") == "0.00 ?1265");
    CHECK(stored(column("decimal(10,0) unsigned"), "-5") == "0 !1264");
}

TEST_CASE("field store: FLOAT and DOUBLE") {
    const auto d = column("double");
    CHECK(stored(d, "1.27321808701") == "1.27321808701");
    CHECK(stored(d, " -3e5") == "-3e5");
    CHECK(stored(d, "1.5x") == "1.5 !1265");
    CHECK(stored(d, "abc") == "0 !1265");
    CHECK(stored(d, "inf") == "0 !1265");
    CHECK(stored(d, "1e400") == "1.7976931348623157e308 !1264");
    CHECK(stored(column("float"), "1e39") == "3.4028234663852886e38 !1264");
    CHECK(stored(column("float(5,2)"), "1.234") == "1.23");
    CHECK(stored(column("float(5,2)"), "1234") == "999.99 !1264");
}

TEST_CASE("field store: strings are cut to their length") {
    const auto v = column("varchar(3)");
    CHECK(stored(v, "abc") == "abc");
    CHECK(stored(v, "abcd") == "abc !1265");
    CHECK(stored(v, "abc  ") == "abc ?1265");
    CHECK(stored(v, "héé") == "héé");  // characters, not bytes
    CHECK(stored(v, "a\xff") == "a !1366");
    CHECK(stored(column("char(3)"), "ab  ") == "ab");
    CHECK(stored(column("char(3)"), "abc   ") == "abc");
    CHECK(stored(column("binary(3)"), "a") == std::string("a\0\0", 3));
    CHECK(stored(column("varbinary(2)"), "abc") == "ab !1265");
    CHECK(stored(column("tinytext"), std::string(300, 'x')) == std::string(255, 'x') + " !1265");
    CHECK(stored(column("char(5)", true, "latin1_swedish_ci"), "a€b") == "a?b !1366");
    CHECK(stored(column("varchar(5)", true, "utf8mb3_general_ci"), "a\xF0\x9F\x98\x80") == "a? !1366");
}

TEST_CASE("field store: ENUM and SET") {
    const auto e = column("enum('small','Large')");
    CHECK(stored(e, "LARGE") == "Large");
    CHECK(stored(e, "small  ") == "small");
    CHECK(stored(e, "2") == "Large");
    CHECK(stored(e, "medium") == " !1265");
    CHECK(stored(e, "0") == " !1265");
    const auto s = column("set('a','b','c')");
    CHECK(stored(s, "c,A") == "a,c");
    CHECK(stored(s, "a,x") == "a !1265");
    CHECK(stored(s, "5") == "a,c");
    CHECK(stored(s, "") == "");
}

TEST_CASE("field store: temporal values") {
    CHECK(stored(column("date"), "2020-01-31") == "2020-01-31");
    CHECK(stored(column("date"), "20200131") == "2020-01-31");
    CHECK(stored(column("date"), "2020-02-30") == "0000-00-00 !1292");
    CHECK(stored(column("date"), "0000-00-00") == "0000-00-00 !1292");
    CHECK(stored(column("date"), "2020-01-31 10:00:00") == "2020-01-31 ?1265");
    CHECK(stored(column("datetime"), "2020-01-31 10:20:30.6") == "2020-01-31 10:20:31");
    CHECK(stored(column("datetime(3)"), "2020-01-31 10:20:30.12345") == "2020-01-31 10:20:30.123");
    CHECK(stored(column("datetime"), "garbage") == "0000-00-00 00:00:00 !1292");
    CHECK(stored(column("timestamp"), "1960-01-01 00:00:00") == "0000-00-00 00:00:00 !1292");
    CHECK(stored(column("time"), "12:34:56") == "12:34:56");
    CHECK(stored(column("time"), "-1 01:00:00") == "-25:00:00");
    CHECK(stored(column("year"), "2020") == "2020");
    CHECK(stored(column("year"), "69") == "2069");
    CHECK(stored(column("year"), "70") == "1970");
    CHECK(stored(column("year"), "0") == "2000");
    CHECK(stored(column("year"), "0000") == "0");
    CHECK(stored(column("year"), "1900") == "0 !1264");
}

TEST_CASE("field store: BIT takes the text's bytes") {
    CHECK(stored(column("bit(8)"), "5") == "53");
    CHECK(stored(column("bit(1)"), "1") == "1 !1264");
    CHECK(stored(column("bit(16)"), std::string("\x01\x02", 2)) == "258");
}

TEST_CASE("field store: defaults") {
    auto c = storage::make_column("c", "decimal(4,1)", false).value();
    c.default_value = "2";
    auto f = field_store::for_column(c).value();
    CHECK(f.has_default());
    CHECK(f.default_value("") == cell{"2.0"});
    CHECK(f.implicit_default() == "0.0");
    auto ts = storage::make_column("t", "datetime", true).value();
    ts.default_value = "CURRENT_TIMESTAMP";
    CHECK(field_store::for_column(ts).value().default_value("2024-05-06 07:08:09.500000") == cell{"2024-05-06 07:08:10"});
    CHECK(!column("int", false).has_default());
    CHECK(column("int", true).default_value("") == cell{});
    CHECK(column("enum('x','y')", false).implicit_default() == "x");
}
