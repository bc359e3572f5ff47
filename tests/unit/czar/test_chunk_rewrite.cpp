// Qserv's rewriting of one SELECT into a chunk query and a merge query,
// checked on the canonical MySQL text of both.
#include "czar/chunk_rewrite.hpp"
#include "parser/parser.hpp"

#include <catch2/catch.hpp>

using namespace qproxy;

namespace {

struct rewritten {
    std::string chunk, merge;
    czar::chunk_rewrite rw;
};

rewritten rewrite(std::string_view sql) {
    INFO(sql);
    auto parsed = sql::parse(sql);
    REQUIRE(parsed.has_value());
    const auto& s = std::get<sql::select_stmt>(parsed.value());
    // Columns of the test's tables: anything but the aliases used below.
    auto is_table_column = [](const sql::expr& e) { return e.name_ != "n" && e.name_ != "m" && e.name_ != "a"; };
    auto r = czar::rewrite_for_chunks(s, is_table_column);
    REQUIRE(r.has_value());
    rewritten out{sql::to_mysql(r.value().chunk), "", r.value()};
    if (r.value().merge) out.merge = sql::to_mysql(*r.value().merge);
    return out;
}

}  // namespace

TEST_CASE("aggregates decompose as Qserv's do", "[czar][rewrite]") {
    auto r = rewrite("SELECT COUNT(*), SUM(x), MIN(y), MAX(y), AVG(z) FROM T WHERE w > 1");
    CHECK(r.chunk == "SELECT COUNT(*) AS c0, SUM(x) AS c1, MIN(y) AS c2, MAX(y) AS c3, SUM(z) AS c4, COUNT(z) AS c5 "
                     "FROM T WHERE w > 1");
    CHECK(r.merge == "SELECT COALESCE(SUM(c0), 0), SUM(c1), MIN(c2), MAX(c3), SUM(c4) / NULLIF(SUM(c5), 0) FROM partial");
}

TEST_CASE("GROUP BY keys come first and group both sides; HAVING and ORDER BY apply at the merge", "[czar][rewrite]") {
    auto r = rewrite("SELECT f, COUNT(*) AS n FROM T GROUP BY f HAVING n > 2 ORDER BY n DESC LIMIT 3");
    CHECK(r.chunk == "SELECT f AS c0, COUNT(*) AS c1 FROM T GROUP BY f");
    CHECK(r.merge ==
          "SELECT c0, COALESCE(SUM(c1), 0) FROM partial GROUP BY c0 HAVING COALESCE(SUM(c1), 0) > 2 "
          "ORDER BY COALESCE(SUM(c1), 0) DESC LIMIT 3");
}

TEST_CASE("aggregates that do not decompose get their inputs from the chunks", "[czar][rewrite]") {
    auto r = rewrite("SELECT f, COUNT(DISTINCT g), COUNT(*) FROM T GROUP BY f");
    CHECK(r.chunk == "SELECT f AS c0, g AS c1 FROM T");
    CHECK(r.merge == "SELECT c0, COUNT(DISTINCT c1), COUNT(*) FROM partial GROUP BY c0");
}

TEST_CASE("ORDER BY with LIMIT is pushed into the chunks, OFFSET included", "[czar][rewrite]") {
    auto r = rewrite("SELECT a, b FROM T ORDER BY b DESC, a + 1 LIMIT 5 OFFSET 10");
    CHECK(r.chunk == "SELECT a AS c0, b AS c1, a + 1 AS c2 FROM T ORDER BY b DESC, a + 1 LIMIT 15");
    CHECK(r.merge == "SELECT c0, c1 FROM partial ORDER BY c1 DESC, c2 LIMIT 5 OFFSET 10");
    CHECK(r.rw.visible == 2);
}

TEST_CASE("a LIMIT without ORDER BY needs no merge", "[czar][rewrite]") {
    auto r = rewrite("SELECT a FROM T LIMIT 2, 7");
    CHECK(r.chunk == "SELECT a AS c0 FROM T LIMIT 9");
    CHECK(r.merge.empty());
    CHECK(r.rw.offset == 2);
    CHECK(r.rw.limit == 7u);
}

TEST_CASE("ORDER BY aliases and positions name select-list expressions", "[czar][rewrite]") {
    auto r = rewrite("SELECT a * 2 AS m, b FROM T ORDER BY m, 2");
    CHECK(r.chunk == "SELECT a * 2 AS c0, b AS c1 FROM T");
    CHECK(r.merge == "SELECT c0, c1 FROM partial ORDER BY c0, c1");
}

TEST_CASE("DISTINCT with a hidden ORDER BY key is MySQL's error 3065", "[czar][rewrite]") {
    auto parsed = sql::parse("SELECT DISTINCT a FROM T ORDER BY b");
    auto r = czar::rewrite_for_chunks(std::get<sql::select_stmt>(parsed.value()), [](const sql::expr&) { return true; });
    REQUIRE(r.has_error());
    CHECK(r.error().code == 3065);
}

TEST_CASE("ungrouped columns take any row's value", "[czar][rewrite]") {
    auto r = rewrite("SELECT f, x, MAX(y) FROM T GROUP BY f");
    CHECK(r.chunk == "SELECT f AS c0, x AS c1, MAX(y) AS c2 FROM T GROUP BY f");
    CHECK(r.merge == "SELECT c0, ANY_VALUE(c1), MAX(c2) FROM partial GROUP BY c0");
}
