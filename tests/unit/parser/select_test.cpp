// SELECT: clauses, joins, unions, literals, functions, non-reserved keywords as names.
#include "test_util.hpp"

using namespace qproxy;
using namespace qproxy::sql;
using namespace qproxy::sql::test;

TEST_CASE("select: canonical text of clauses", "[parser][select]") {
    const std::pair<const char*, const char*> cases[] = {
        {"select distinctrow a from t", "SELECT DISTINCT a FROM t"},
        {"select all sql_calc_found_rows sql_no_cache high_priority straight_join a from t",
         "SELECT HIGH_PRIORITY STRAIGHT_JOIN SQL_NO_CACHE SQL_CALC_FOUND_ROWS a FROM t"},
        {"select t.*, db.t.*, a b, c as 'd e' from db.t x", "SELECT t.*, db.t.*, a AS b, c AS `d e` FROM db.t AS x"},
        {"select 1 from dual", "SELECT 1"},
        {"select a from t group by a desc, b with rollup having count(*) > 1 order by 1 desc, a limit 5, 10",
         "SELECT a FROM t GROUP BY a DESC, b WITH ROLLUP HAVING count(*) > 1 ORDER BY 1 DESC, a LIMIT 10 OFFSET 5"},
        {"select a from t limit ? offset ?", "SELECT a FROM t LIMIT ? OFFSET ?"},
        {"select a from t limit ?, ?", "SELECT a FROM t LIMIT ?, ?"},
        {"select a from t for update", "SELECT a FROM t FOR UPDATE"},
        {"select a from t lock in share mode", "SELECT a FROM t FOR SHARE"},
        {"select a from t for share skip locked", "SELECT a FROM t FOR SHARE"},
        {"select * from a, b join c on b.x = c.x", "SELECT * FROM a, b JOIN c ON b.x = c.x"},
        {"select * from a inner join b using (x, y) left outer join c on 1 right join d on 2",
         "SELECT * FROM a JOIN b USING (x, y) LEFT JOIN c ON 1 RIGHT JOIN d ON 2"},
        {"select * from a natural join b natural left outer join c straight_join d on 1",
         "SELECT * FROM a NATURAL JOIN b NATURAL LEFT JOIN c STRAIGHT_JOIN d ON 1"},
        // As in MySQL's grammar, a join without ON/USING takes the following joins as its right operand.
        {"select * from a cross join b natural join c", "SELECT * FROM a CROSS JOIN (b NATURAL JOIN c)"},
        {"select * from a join b join c on x", "SELECT * FROM a JOIN (b JOIN c ON x)"},
        {"select * from (a join b) join c on x", "SELECT * FROM (a JOIN b) JOIN c ON x"},
        {"select * from (a, b)", "SELECT * FROM a CROSS JOIN b"},
        {"select * from (select 1 as x) as d, ((select 2)) e", "SELECT * FROM (SELECT 1 AS x) AS d, (SELECT 2) AS e"},
        {"select * from ((select 1) as d join t on 1)", "SELECT * FROM (SELECT 1) AS d JOIN t ON 1"},
        {"select * from qserv_result(313689) r", "SELECT * FROM qserv_result(313689) AS r"},
        {"select 1 union select 2 union all select 3 order by 1 limit 2",
         "SELECT 1 UNION SELECT 2 UNION ALL SELECT 3 ORDER BY 1 LIMIT 2"},
        {"(select a from t order by a limit 1) union distinct (select b from u) order by 1",
         "(SELECT a FROM t ORDER BY a LIMIT 1) UNION SELECT b FROM u ORDER BY 1"},
        {"select 1 union (select 2 union select 3)", "SELECT 1 UNION (SELECT 2 UNION SELECT 3)"},
        {"(select 1)", "SELECT 1"},
        {"((select 1) order by 1)", "SELECT 1 ORDER BY 1"},
        {"(select 1 limit 1) order by 1", "(SELECT 1 LIMIT 1) ORDER BY 1"},
        {"select * from t where exists (select 1 from u where u.a = t.a) and a not in (select b from v)",
         "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a) AND a NOT IN (SELECT b FROM v)"},
    };
    for (auto& [sql, expected] : cases) {
        INFO(sql);
        CHECK(canonical(sql) == expected);
    }
}

TEST_CASE("select: literals", "[parser][select]") {
    const std::pair<const char*, const char*> cases[] = {
        {"1, 007, .5, 1., 1e10, 1.5E-3, 18446744073709551616", "1, 007, .5, 1., 1e10, 1.5E-3, 18446744073709551616"},
        {"'a' 'b' \"c\"", "'abc'"},
        {"'it''s', \"say \"\"hi\"\"\", 'a\\nb\\0\\Z\\\\c\\%\\_'", "'it\\'s', 'say \"hi\"', 'a\\nb\\0\\Z\\\\c\\%\\_'"},
        {"N'x', _utf8mb4'y', _binary X'0A', _latin1 0x41", "N'x', _utf8mb4 'y', _binary X'0A', _latin1 X'41'"},
        {"X'0aff', 0xABC, 0x0A, B'101', 0b11, b''", "X'0aff', 0xABC, X'0A', B'101', B'11', B''"},
        {"TRUE, false, NULL, \\N", "TRUE, FALSE, NULL, NULL"},
        {"DATE '2020-01-01', time '10:00', TIMESTAMP '2020-01-01 00:00:00'",
         "DATE '2020-01-01', TIME '10:00', TIMESTAMP '2020-01-01 00:00:00'"},
        {"{d '2020-01-01'}, {fn concat('a', 'b')}", "DATE '2020-01-01', concat('a', 'b')"},
        {"?, ?", "?, ?"},
        {"@a, @'b c', @`d`, @@x, @@global.x, @@SESSION.y, @@local.z, @@validate_password.policy",
         "@a, @`b c`, @d, @@x, @@GLOBAL.x, @@SESSION.y, @@LOCAL.z, @@validate_password.policy"},
    };
    for (auto& [sql, expected] : cases) {
        INFO(sql);
        CHECK(canonical("SELECT " + std::string(sql)) == "SELECT " + std::string(expected));
    }
    expr s = select_expr("_utf8mb4'y'");
    CHECK(s.kind_ == expr_kind::string_lit);
    CHECK(s.name_ == "utf8mb4");
    CHECK(select_expr("x'41'").text_ == "41");
    CHECK(select_expr("1e10").kind_ == expr_kind::float_lit);
    CHECK(select_expr("1.5").kind_ == expr_kind::decimal_lit);
    CHECK(select_expr("'a\\%'").text_ == "a\\%");
}

TEST_CASE("select: functions and special syntaxes", "[parser][select]") {
    const std::pair<const char*, const char*> cases[] = {
        {"COUNT(*), count(DISTINCT a, b), SUM(ALL x), avg(distinct y)",
         "COUNT(*), count(DISTINCT a, b), SUM(x), avg(DISTINCT y)"},
        {"GROUP_CONCAT(DISTINCT a, b ORDER BY a DESC, b SEPARATOR ';')",
         "GROUP_CONCAT(DISTINCT a, b ORDER BY a DESC, b SEPARATOR ';')"},
        {"TRIM(x), TRIM(LEADING 'a' FROM x), TRIM(BOTH FROM x), TRIM('a' FROM x)",
         "TRIM(x), TRIM(LEADING 'a' FROM x), TRIM(BOTH FROM x), TRIM('a' FROM x)"},
        {"SUBSTRING(s FROM 2 FOR 3), substr(s, 2), MID(s FROM 1)", "SUBSTRING(s, 2, 3), substr(s, 2), MID(s, 1)"},
        {"POSITION('a' IN s), EXTRACT(YEAR_MONTH FROM d)", "POSITION('a' IN s), EXTRACT(YEAR_MONTH FROM d)"},
        {"CHAR(65, 66 USING utf8mb4), WEIGHT_STRING(s AS CHAR(4))",
         "CHAR(65, 66 USING utf8mb4), WEIGHT_STRING(s AS CHAR(4))"},
        {"CAST(a AS SIGNED INTEGER), CAST(b AS CHAR(10) CHARACTER SET utf8mb4), CONVERT(c, DECIMAL(10,2))",
         "CAST(a AS SIGNED), CAST(b AS CHAR(10) CHARACTER SET utf8mb4), CAST(c AS DECIMAL(10, 2))"},
        {"CONVERT(s USING latin1), CAST(d AS DATETIME(3)), CAST(x AS UNSIGNED), CAST(j AS JSON)",
         "CONVERT(s USING latin1), CAST(d AS DATETIME(3)), CAST(x AS UNSIGNED), CAST(j AS JSON)"},
        {"DATE_ADD(d, INTERVAL 1 DAY), date_sub(d, INTERVAL '1:2' HOUR_MINUTE), ADDDATE(d, 3)",
         "DATE_ADD(d, INTERVAL 1 DAY), date_sub(d, INTERVAL '1:2' HOUR_MINUTE), ADDDATE(d, 3)"},
        {"TIMESTAMPDIFF(SECOND, a, b), TIMESTAMPADD(MINUTE, 1, a), GET_FORMAT(DATE, 'EUR')",
         "TIMESTAMPDIFF(SECOND, a, b), TIMESTAMPADD(MINUTE, 1, a), GET_FORMAT(DATE, 'EUR')"},
        {"CURRENT_DATE, current_timestamp(3), CURRENT_USER, LOCALTIME, UTC_DATE()",
         "CURRENT_DATE(), current_timestamp(3), CURRENT_USER(), LOCALTIME(), UTC_DATE()"},
        {"IF(a, b, c), LEFT(s, 2), RIGHT(s, 2), INSERT(s, 1, 2, 'x'), REPLACE(s, 'a', 'b'), MOD(5, 2)",
         "IF(a, b, c), LEFT(s, 2), RIGHT(s, 2), INSERT(s, 1, 2, 'x'), REPLACE(s, 'a', 'b'), MOD(5, 2)"},
        {"DATABASE(), SCHEMA(), USER(), VALUES(a), DEFAULT(a), INTERVAL(5, 1, 10), REPEAT('a', 2)",
         "DATABASE(), SCHEMA(), USER(), VALUES(a), DEFAULT(a), INTERVAL(5, 1, 10), REPEAT('a', 2)"},
        {"scisql.f(1), scisql_angSep(o1.ra_PS, o1.decl_PS, 1, 2), ABS (x)",
         "scisql.f(1), scisql_angSep(o1.ra_PS, o1.decl_PS, 1, 2), ABS(x)"},
        {"CASE a WHEN 1 THEN 'x' WHEN 2 THEN 'y' ELSE 'z' END, CASE WHEN a THEN b END",
         "CASE a WHEN 1 THEN 'x' WHEN 2 THEN 'y' ELSE 'z' END, CASE WHEN a THEN b END"},
        {"ROW(1, 2) = (a, b), c->'$.x', c->>'$.y', a MEMBER OF ('[1]'), a SOUNDS LIKE b",
         "(1, 2) = (a, b), c->'$.x', c->>'$.y', a MEMBER OF ('[1]'), a SOUNDS LIKE b"},
        // A blank before '(' makes these plain calls (of a stored function, for MySQL): kept so.
        {"TRIM ('a', 'b', 'c'), SUBSTRING (s), CAST (a, b), COUNT (x), POSITION (a, b), x.TRIM(a, b)",
         "TRIM ('a', 'b', 'c'), SUBSTRING (s), CAST (a, b), COUNT(x), POSITION(a IN b), x.TRIM(a, b)"},
        {"qserv_areaspec_circle(1.2, 3.2, 0.5), QSERV_AREASPEC_HULL(1, 2)",
         "qserv_areaspec_circle(1.2, 3.2, 0.5), qserv_areaspec_hull(1, 2)"},
    };
    for (auto& [sql, expected] : cases) {
        INFO(sql);
        CHECK(canonical("SELECT " + std::string(sql)) == "SELECT " + std::string(expected));
    }
    expr f = select_expr("count(DISTINCT a)");
    CHECK(f.kind_ == expr_kind::func);
    CHECK(f.name_ == "count");
    CHECK(f.canonical_ == "COUNT");
    CHECK(f.distinct_);
    expr t = select_expr("TRIM(TRAILING 'x' FROM s)");
    CHECK(t.trim_ == trim_side::trailing);
    REQUIRE(t.args_.size() == 2);
    CHECK(t.args_[0].name_ == "s");
    CHECK(select_expr("EXTRACT(DAY FROM d)").unit_ == interval_unit::day);
}

TEST_CASE("select: non-reserved keywords are ordinary names", "[parser][select]") {
    CHECK(canonical("select status, date, name, comment, data, value, user, time, timestamp, year, text, "
                    "level, type, count, sum from status where date > 0 order by name") ==
          "SELECT status, date, name, comment, data, value, user, time, timestamp, year, text, level, type, count, "
          "sum FROM status WHERE date > 0 ORDER BY name");
    CHECK(canonical("select t.from, t.`select` from t") == "SELECT t.`from`, t.`select` FROM t");
    CHECK(canonical("select `order`, `a b`, `1`, `a``b`, _x from `table`") ==
          "SELECT `order`, `a b`, `1`, `a``b`, `_x` FROM `table`");
    CHECK(canonical("select 1abc, $x from t1abc") == "SELECT `1abc`, $x FROM t1abc");
}

TEST_CASE("select: placeholders are numbered in text order", "[parser][select]") {
    statement s = parse_ok("SELECT ? FROM t WHERE a = ? AND b IN (SELECT c FROM u WHERE d = ?) LIMIT ?");
    CHECK(placeholder_count(s) == 4);
    const select_stmt& sel = as<select_stmt>(s);
    CHECK(sel.items_[0].expr_.index_ == 0);
    CHECK(sel.limit_->count_.index_ == 3);
}
