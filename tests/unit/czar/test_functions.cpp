// The functions the engine registers: every name the SQLite printer can emit
// is registered, and the registrations work on a plain connection.
#include "czar/functions.hpp"
#include "parser/print_sqlite.hpp"
#include "storage/sqlite.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace qproxy;

TEST_CASE("every extension function the printer emits is registered", "[czar][functions]") {
    const auto registered = czar::mysql_functions();
    for (std::string_view name : sql::sqlite_extension_functions()) {
        INFO(name);
        CHECK(std::any_of(registered.begin(), registered.end(), [&](const auto& f) { return f.name == name; }));
    }
}

TEST_CASE("registered functions and the collation run on any connection", "[czar][functions]") {
    auto db = storage::database::open(":memory:");
    REQUIRE(db.has_value());
    REQUIRE(czar::register_mysql_functions(db.value().handle()).has_value());
    auto stmt = db.value().prepare(
        "SELECT mysql_left('héllo', 2), 'ABC' = 'abc' COLLATE mysql_ci, mysql_like('Ábc', 'a%'), "
        "mysql_date_add('2021-01-31', 1, 'month', 1, '', 0), mysql_format(1234567.891, 2, 1), mysql_rand(1)");
    REQUIRE(stmt.has_value());
    auto& s = stmt.value();
    REQUIRE(s.step().value());
    CHECK(s.column_text(0) == "hé");
    CHECK(s.column_int64(1) == 1);
    CHECK(s.column_int64(2) == 1);
    CHECK(s.column_text(3) == "2021-02-28");
    CHECK(s.column_text(4) == "1,234,567.89");
    CHECK(s.column_double(5) == Approx(0.40540353712197724));  // MySQL's RAND(1)
}

TEST_CASE("every new connection gets the functions (auto-extension)", "[czar][functions]") {
    auto db = storage::database::open(":memory:");
    REQUIRE(db.has_value());
    auto stmt = db.value().prepare("SELECT mysql_upper('x')");
    REQUIRE(stmt.has_value());
    REQUIRE(stmt.value().step().value());
    CHECK(stmt.value().column_text(0) == "X");
}

TEST_CASE("connections opened in a plain_open_scope get none, the ones after it do", "[czar][functions]") {
    {
        const storage::plain_open_scope plain;
        auto db = storage::database::open(":memory:");
        REQUIRE(db.has_value());
        CHECK_FALSE(db.value().prepare("SELECT mysql_upper('x')").has_value());
    }
    auto db = storage::database::open(":memory:");
    REQUIRE(db.has_value());
    CHECK(db.value().prepare("SELECT mysql_upper('x')").has_value());
}
