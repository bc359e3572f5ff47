// Syntax errors word for word as MySQL 8.0 reports them (1064 with the rest of the
// text from the offending token and its line), 1235 for valid MySQL that qproxy does
// not implement, and the nesting limit.
#include "test_util.hpp"

using namespace qproxy;
using namespace qproxy::sql;
using namespace qproxy::sql::test;

TEST_CASE("errors: 1064 with MySQL's near text and line", "[parser][errors]") {
    const std::tuple<const char*, const char*, unsigned> cases[] = {
        {"SELEC 1", "SELEC 1", 1},
        {"SELECT * FORM t", "FORM t", 1},
        {"SELECT 1 FRM t;", "t", 1},
        {"SELECT 1 +", "", 1},
        {"SELECT 1 +\n\n", "", 1},
        {"  \n SELECT 1 +", "", 1},
        {"SELECT\n1\nFROM\nWHERE x", "WHERE x", 4},
        {"SELECT 'abc", "'abc", 1},
        {"SELECT * FROM t WHERE", "", 1},
        {"SELECT * FROM t LIMIT -1", "-1", 1},
        {"SELECT COUNT (*) FROM t", "*) FROM t", 1},
        {"SELECT a, * FROM t", "* FROM t", 1},
        {"SELECT * AS x FROM t", "AS x FROM t", 1},
        {"SELECT CAST(1 AS INT)", "INT)", 1},
        {"SELECT 1 LIKE 2 LIKE 3", "LIKE 3", 1},
        {"SELECT a IS TRUE IS NULL", "IS NULL", 1},
        {"SELECT X'0'", "X'0'", 1},
        {"SELECT `a", "`a", 1},
        {"SELECT 1 /* unterminated", "/* unterminated", 1},
        {"SELECT a FROM t LEFT JOIN u", "", 1},
        {"SELECT a FROM t NATURAL JOIN u ON x", "ON x", 1},
        {"SHOW FULL DATABASES", "DATABASES", 1},
        {"SHOW TABLES FROM", "", 1},
        {"SET NAMES", "", 1},
        {"SET @@ x = 1", "x = 1", 1},
        {"SELECT INTERVAL 1 DAY", "", 1},
        {"SELECT 1 FROM t WHERE a = 1 ORDER BY", "", 1},
        {"KILL", "", 1},
        {"CREATE TABLE t (a INT,)", ")", 1},
        {"CREATE TABLE t (a FOO)", "FOO)", 1},
        {"DROP TABLE", "", 1},
        {"select $$ from", "", 1},
        {"SELECT 1 2", "2", 1},
        {"SELECT 1; SELECT 2", "SELECT 2", 1},
        {"SUBMIT SHOW 'x", "'x", 1},
    };
    for (auto& [sql, near, line] : cases) {
        INFO(sql);
        sql_error e = parse_error(sql);
        CHECK(e.code == 1064);
        CHECK(e.sqlstate == "42000");
        CHECK(e.message == near_msg(near, line));
    }
    CHECK(parse_error("SELECT * FORM t").message ==
          "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version "
          "for the right syntax to use near 'FORM t' at line 1");
}

TEST_CASE("errors: an error in one statement of a batch does not hide the others", "[parser][errors]") {
    std::string_view batch = "SELECT 1;\nSELEC 2; SELECT 3";
    parsed first = parse_next(batch, 0);
    REQUIRE(first.stmt);
    CHECK(first.begin == 0);
    CHECK(first.next == 9);
    parsed second = parse_next(batch, first.next);
    REQUIRE(!second.stmt);
    CHECK(second.begin == 10);
    // Lines count from the statement's first byte, and the quote runs to the end of the text.
    CHECK(second.stmt.error().message == near_msg("SELEC 2; SELECT 3", 1));
    REQUIRE(second.next == 18);
    parsed third = parse_next(batch, second.next);
    REQUIRE(third.stmt);
    CHECK(third.next == batch.size());
}

TEST_CASE("errors: a system variable named with a dot is unknown (1193), as in MySQL", "[parser][errors]") {
    // The tree keeps component.name as one dotted name: a quoted dot would
    // print back as another variable (found by fuzz.parser).
    const std::pair<const char*, const char*> cases[] = {
        {"SELECT @@`a.b`", "a.b"}, {"SELECT @@x.`y.z`", "x.y.z"}, {"SET `a.b` = 1", "a.b"}, {"SET @@SESSION.`c.d` = 1", "c.d"}};
    for (const auto& [sql, name] : cases) {
        INFO(sql);
        const auto r = parse(sql);
        REQUIRE_FALSE(r);
        CHECK(r.error() == sql_error{1193, "HY000", std::string("Unknown system variable '") + name + "'"});
    }
    CHECK(parse("SELECT @@x.y, @@GLOBAL.`max_connections`"));
    CHECK(parse("SET x.y = 1, `sql_mode` = ''"));
}

TEST_CASE("errors: 1235 for valid MySQL qproxy does not support", "[parser][errors]") {
    const std::pair<const char*, const char*> cases[] = {
        {"WITH x AS (SELECT 1) SELECT * FROM x", "WITH"},
        {"SELECT ROW_NUMBER() OVER () FROM t", "window functions"},
        {"SELECT SUM(a) OVER (PARTITION BY b) FROM t", "window functions"},
        {"SELECT a FROM t WINDOW w AS ()", "window functions"},
        {"SELECT a INTO @x FROM t", "SELECT ... INTO"},
        {"SELECT * FROM t INTO OUTFILE '/tmp/x'", "SELECT ... INTO"},
        {"SELECT * FROM t USE INDEX (i)", "index hints"},
        {"SELECT MATCH (a) AGAINST ('x') FROM t", "MATCH ... AGAINST"},
        {"SELECT 1 INTERSECT SELECT 2", "INTERSECT"},
        {"CREATE VIEW v AS SELECT 1", "CREATE VIEW"},
        {"CREATE OR REPLACE VIEW v AS SELECT 1", "CREATE VIEW"},
        {"CREATE PROCEDURE p() BEGIN END", "CREATE PROCEDURE"},
        {"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a = 1", "CREATE TRIGGER"},
        {"CREATE INDEX i ON t (a)", "CREATE INDEX"},
        {"ALTER TABLE t ADD c INT", "ALTER TABLE"},
        {"DROP VIEW v", "DROP VIEW"},
        {"HANDLER t OPEN", "HANDLER"},
        {"PREPARE s FROM 'SELECT 1'", "PREPARE"},
        {"EXECUTE s", "EXECUTE"},
        {"TRUNCATE TABLE t", "TRUNCATE"},
        {"RENAME TABLE a TO b", "RENAME"},
        {"LOAD XML INFILE 'x' INTO TABLE t", "LOAD XML"},
        {"CREATE TABLE t (a INT) PARTITION BY RANGE (a) (PARTITION p0 VALUES LESS THAN (1))", "PARTITION BY RANGE"},
        {"CREATE TABLE t (a INT AS (1))", "generated columns"},
        {"SHOW CREATE PROCEDURE p", "SHOW CREATE PROCEDURE"},
        {"SHOW BINLOG EVENTS", "SHOW BINLOG"},
        {"DELETE t FROM t JOIN u", "multi-table DELETE"},
        {"GRANT r1 TO u", "GRANT role"},
        {"START SLAVE", "START SLAVE"},
        {"EXPLAIN UPDATE t SET a = 1", "EXPLAIN UPDATE"},
    };
    for (auto& [sql, what] : cases) {
        INFO(sql);
        sql_error e = parse_error(sql);
        CHECK(e.code == qproxy::er::not_supported_yet);
        CHECK(e.message == unsupported(what).message);
    }
}

TEST_CASE("errors: nesting is limited instead of overflowing the stack", "[parser][errors]") {
    auto nested = [](std::string open, std::string close, int n, std::string core) {
        std::string s = "SELECT ";
        for (int i = 0; i < n; ++i) s += open;
        s += core;
        for (int i = 0; i < n; ++i) s += close;
        return s;
    };
    CHECK(parse(nested("(", ")", 100, "1")).has_value());
    for (const std::string& deep : {nested("(", ")", 100000, "1"), nested("-", "", 100000, "1"),
                                    nested("NOT ", "", 100000, "1"), nested("f(", ")", 100000, "1"),
                                    nested("(SELECT ", ")", 100000, "1"), nested("CASE WHEN ", " THEN 1 END", 5000, "1"),
                                    nested("1 BETWEEN 0 AND ", "", 100000, "1")}) {
        sql_error e = parse_error(deep);
        CHECK(e.code == 1064);
        CHECK(e.message.find("deeper than 256 levels") != std::string::npos);
    }
    // Backtracking between `(SELECT …)` and `((SELECT …) + 1)` is memoised, never exponential.
    std::string tricky = "SELECT ";
    for (int i = 0; i < 200; ++i) tricky += "((SELECT a.b(INTERVAL(";
    CHECK(parse_error(tricky).code == 1064);
    // A long chain builds a tall tree (left-deep): bounded by max_height.
    std::string chain = "SELECT 1", ors = "SELECT 1 FROM t WHERE a = 0", joins = "SELECT 1 FROM t0";
    for (int i = 0; i < 100000; ++i) chain += " + 1";
    for (int i = 0; i < 1000; ++i) ors += " OR a = " + std::to_string(i), joins += " JOIN t" + std::to_string(i);
    CHECK(parse_error(chain).message.find("deeper than 1024 levels") != std::string::npos);
    CHECK(parse_error(joins).message.find("deeper than 256 levels") != std::string::npos);
    parse_ok(ors);
}
