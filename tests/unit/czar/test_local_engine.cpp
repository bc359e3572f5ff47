// Table-less SELECTs as MySQL 8.0 answers them: column metadata (checked
// against MySQL 8.0.35's mysql-test/r/metadata.result and sql/item*.cc),
// column names, errors, session values, evaluate() and filter().
#include "fake_session.hpp"

#include "czar/local_engine.hpp"
#include "parser/parser.hpp"

#include <catch2/catch.hpp>

namespace {

using namespace qproxy;
using czar::testing::fake_session;

sql_result<result_set> select(const std::string& items, const fake_session& session = {}) {
    const std::string text = "SELECT " + items;
    auto stmt = sql::parse(text);
    if (!stmt) return stmt.error();
    fake_session copy = session;  // a statement may assign user variables; these tests keep none
    return czar::run_select(std::get<sql::select_stmt>(stmt.value()), text, copy);
}

column_meta meta(const std::string& item) {
    auto rs = select(item);
    REQUIRE(rs.has_value());
    return rs.value().columns.at(0);
}

struct expected_meta {
    field_type type;
    std::uint32_t length;
    std::uint8_t decimals;
    std::uint16_t flags;
    std::uint16_t charset;
};

void check_meta(const std::string& item, const expected_meta& e) {
    INFO("SELECT " << item);
    const auto m = meta(item);
    CHECK(static_cast<int>(m.type) == static_cast<int>(e.type));
    CHECK(m.length == e.length);
    CHECK(static_cast<int>(m.decimals) == static_cast<int>(e.decimals));
    CHECK(m.flags == e.flags);
    CHECK(m.charset == e.charset);
}

constexpr std::uint16_t not_null = column_flag::not_null, binary = column_flag::binary, num = column_flag::num,
                        uns = column_flag::unsigned_;

}  // namespace

TEST_CASE("literal metadata is MySQL 8.0's", "[czar][metadata]") {
    // metadata.result (8.0.35): select 1, 1.0, -1, "hello", NULL.
    check_meta("1", {field_type::longlong, 2, 0, not_null | binary | num, charset::binary});
    check_meta("-1", {field_type::longlong, 2, 0, not_null | binary | num, charset::binary});
    check_meta("1.0", {field_type::newdecimal, 4, 1, not_null | binary | num, charset::binary});
    check_meta("1.5", {field_type::newdecimal, 4, 1, not_null | binary | num, charset::binary});
    check_meta("'abc'", {field_type::var_string, 12, 31, not_null, charset::utf8mb4_0900_ai_ci});
    check_meta("NULL", {field_type::null, 0, 0, binary | num, charset::binary});
    // Item_func_div::result_precision: precision 1 + 0 + 4, scale 4, nullable (division by zero).
    check_meta("1/3", {field_type::newdecimal, 7, 4, binary | num, charset::binary});
    check_meta("NOW()", {field_type::datetime, 19, 0, not_null | binary, charset::binary});
    check_meta("NOW(3)", {field_type::datetime, 23, 3, not_null | binary, charset::binary});
    check_meta("CURDATE()", {field_type::date, 10, 0, not_null | binary, charset::binary});
    check_meta("1e20", {field_type::double_, 4, 31, not_null | binary | num, charset::binary});
    check_meta("18446744073709551615", {field_type::longlong, 20, 0, not_null | binary | num | uns, charset::binary});
    check_meta("X'41'", {field_type::var_string, 1, 0, not_null | binary | uns, charset::binary});
    // MySQL 8.4.9 observations (JanJakes/mylite's expectation scripts): TRUE, the BIGINT bounds, huge literals.
    check_meta("TRUE", {field_type::longlong, 1, 0, not_null | binary | num, charset::binary});
    check_meta("-9223372036854775808", {field_type::longlong, 20, 0, not_null | binary | num, charset::binary});
    check_meta("-9223372036854775809", {field_type::newdecimal, 20, 0, not_null | binary | num, charset::binary});
    check_meta(std::string(81, '9'), {field_type::newdecimal, 82, 0, not_null | binary | num, charset::binary});
}

TEST_CASE("operator and function metadata follows MySQL's resolve_type rules", "[czar][metadata]") {
    check_meta("1+1", {field_type::longlong, 3, 0, not_null | binary | num, charset::binary});
    check_meta("1.5*2", {field_type::newdecimal, 5, 1, not_null | binary | num, charset::binary});
    check_meta("1e0+1", {field_type::double_, 23, 31, not_null | binary | num, charset::binary});
    check_meta("1=1", {field_type::longlong, 1, 0, not_null | binary | num, charset::binary});
    check_meta("COUNT(*)", {field_type::longlong, 21, 0, not_null | binary | num, charset::binary});
    check_meta("SUM(1)", {field_type::newdecimal, 24, 0, binary | num, charset::binary});
    check_meta("AVG(1)", {field_type::newdecimal, 7, 4, binary | num, charset::binary});
    check_meta("CONCAT('a', 1)", {field_type::var_string, 12, 31, not_null, charset::utf8mb4_0900_ai_ci});
    check_meta("PI()", {field_type::double_, 8, 6, not_null | binary | num, charset::binary});
    check_meta("LAST_INSERT_ID()", {field_type::longlong, 21, 0, not_null | binary | num | uns, charset::binary});
    check_meta("DATABASE()", {field_type::var_string, 256, 31, 0, charset::utf8mb4_0900_ai_ci});
    check_meta("USER()", {field_type::var_string, 1152, 31, 0, charset::utf8mb4_0900_ai_ci});
}

TEST_CASE("system variables keep the session's metadata and take the item's name", "[czar][metadata]") {
    auto rs = select("@@version_comment LIMIT 1");
    REQUIRE(rs.has_value());
    const auto& c = rs.value().columns.at(0);
    CHECK(c.name == "@@version_comment");
    CHECK(c.org_name.empty());
    CHECK(c.type == field_type::var_string);
    CHECK(c.charset == charset::utf8mb3_general_ci);
    CHECK(c.length == 84);
    CHECK(rs.value().rows.at(0).at(0) == cell{"MySQL Community Server - GPL"});
}

TEST_CASE("column names are the alias or the item as written", "[czar]") {
    auto rs = select("1 AS one, 'abc', 1+1, @@autocommit, `x`.`y` IS NULL AS t FROM DUAL WHERE 0");
    REQUIRE(rs.has_error());  // `x`.`y` is unknown
    CHECK(rs.error().code == er::bad_field);
    CHECK(rs.error().message == "Unknown column 'x.y' in 'field list'");
    rs = select("1 AS one, 'abc', 1 + 1, @@autocommit, NULL");
    REQUIRE(rs.has_value());
    std::vector<std::string> names;
    for (const auto& c : rs.value().columns) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"one", "abc", "1 + 1", "@@autocommit", "NULL"});
}

TEST_CASE("errors are worded as MySQL's", "[czar]") {
    auto e = select("x");
    REQUIRE(e.has_error());
    CHECK(e.error() == sql_error{er::bad_field, "42S22", "Unknown column 'x' in 'field list'"});
    e = select("1 WHERE y");
    REQUIRE(e.has_error());
    CHECK(e.error().message == "Unknown column 'y' in 'where clause'");
    e = select("nosuch(1)");
    REQUIRE(e.has_error());
    CHECK(e.error() == sql_error{er::no_db, "3D000", "No database selected"});
    fake_session in_db;
    in_db.db = "test";
    e = select("nosuch(1)", in_db);
    REQUIRE(e.has_error());
    CHECK(e.error() == sql_error{er::sp_does_not_exist, "42000", "FUNCTION test.nosuch does not exist"});
    e = select("ABS(1, 2)");
    REQUIRE(e.has_error());
    CHECK(e.error() == sql_error{1582, "42000", "Incorrect parameter count in the call to native function 'ABS'"});
    e = select("@@nosuch");
    REQUIRE(e.has_error());
    CHECK(e.error() == sql_error{er::unknown_system_variable, "HY000", "Unknown system variable 'nosuch'"});
    e = select("*");
    REQUIRE(e.has_error());
    CHECK(e.error().code == 1096);
    e = select("JSON_TYPE('1')");
    REQUIRE(e.has_error());
    CHECK(e.error().code == er::not_supported_yet);
}

TEST_CASE("session functions read the session", "[czar]") {
    fake_session s;
    s.db = "LSST";
    s.user_variables["v"] = {cell{"5"}, bigint_column("")};
    auto rs = select("DATABASE(), USER(), CURRENT_USER(), CONNECTION_ID(), LAST_INSERT_ID(), FOUND_ROWS(), ROW_COUNT(), "
                     "VERSION(), @v + 1, @unset, SCHEMA()",
                     s);
    REQUIRE(rs.has_value());
    const row expected = {cell{"LSST"}, cell{"qsmaster@localhost"}, cell{"qsmaster@localhost"}, cell{"42"}, cell{"7"},
                          cell{"3"},    cell{"-1"},                 cell{"8.0.35-qproxy-0.1.0"}, cell{"6"}, std::nullopt,
                          cell{"LSST"}};
    CHECK(rs.value().rows.at(0) == expected);
    CHECK(select("DATABASE()").value().rows.at(0).at(0) == std::nullopt);
}

TEST_CASE("NOW() is the statement's time in the session time zone", "[czar]") {
    fake_session s;
    auto rs = select("NOW() = SYSDATE(), LENGTH(NOW(6)), UNIX_TIMESTAMP() > 1600000000, CURDATE() = DATE(NOW())", s);
    REQUIRE(rs.has_value());
    CHECK(rs.value().rows.at(0) == row{cell{"1"}, cell{"26"}, cell{"1"}, cell{"1"}});
    s.zone = "+05:30";
    auto shifted = select("TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())", s);
    REQUIRE(shifted.has_value());
    CHECK(shifted.value().rows.at(0).at(0) == cell{"330"});
}

TEST_CASE("WHERE, ORDER BY, LIMIT and UNION on table-less SELECTs", "[czar]") {
    CHECK(select("1 WHERE 1 = 0").value().rows.empty());
    auto rs = select("1 AS a UNION SELECT 2 UNION SELECT 3 ORDER BY a DESC LIMIT 1, 1");
    REQUIRE(rs.has_value());
    CHECK(rs.value().rows == std::vector<row>{{cell{"2"}}});
    CHECK(rs.value().columns.at(0).name == "a");
    auto mixed = select("1 UNION SELECT 'x'");
    REQUIRE(mixed.has_value());
    CHECK(mixed.value().columns.at(0).type == field_type::var_string);
    auto bad = select("1 UNION SELECT 1, 2");
    REQUIRE(bad.has_error());
    CHECK(bad.error().code == 1222);
    CHECK(select("1 ORDER BY 2").error().message == "Unknown column '2' in 'order clause'");
}

TEST_CASE("division by zero is NULL with MySQL's warning", "[czar]") {
    fake_session s;
    const std::string text = "SELECT 1/0, 5 DIV 0, 5 % 0, 1/1";
    auto stmt = sql::parse(text);
    std::vector<sql_error> warnings;
    auto rs = czar::run_select(std::get<sql::select_stmt>(stmt.value()), text, s, &warnings);
    REQUIRE(rs.has_value());
    CHECK(rs.value().rows.at(0) == row{std::nullopt, std::nullopt, std::nullopt, cell{"1.0000"}});
    REQUIRE(warnings.size() == 3);
    CHECK(warnings[0] == sql_error{1365, "22012", "Division by 0"});
}

TEST_CASE("trailing spaces count under utf8mb4_0900_ai_ci but not utf8mb4_general_ci", "[czar]") {
    fake_session s;
    CHECK(select("'a' = 'a ', 'a' = 'A'", s).value().rows.at(0) == row{cell{"0"}, cell{"1"}});
    s.system_variables["collation_connection"].first = cell{"utf8mb4_general_ci"};
    CHECK(select("'a' = 'a ', 'a' = 'A'", s).value().rows.at(0) == row{cell{"1"}, cell{"1"}});
}

TEST_CASE("evaluate gives one value and its type", "[czar]") {
    fake_session s;
    auto e = sql::parse("SELECT 10 * 1.5");
    REQUIRE(e.has_value());
    const auto& item = std::get<sql::select_stmt>(e.value()).items_.at(0).expr_;
    auto v = czar::evaluate(item, "", s);
    REQUIRE(v.has_value());
    CHECK(v.value().first == cell{"15.0"});
    CHECK(v.value().second.type == field_type::newdecimal);
}

TEST_CASE("filter applies SHOW … LIKE and WHERE", "[czar]") {
    fake_session s;
    result_set rs;
    rs.columns = {text_column("Variable_name"), text_column("Value")};
    rs.rows = {{cell{"autocommit"}, cell{"ON"}}, {cell{"Auto_increment"}, cell{"1"}}, {cell{"max_x"}, cell{"10"}}};
    auto liked = czar::filter(rs, nullptr, std::string_view("AUTO%"), "", s);
    REQUIRE(liked.has_value());
    CHECK(liked.value().rows.size() == 2);
    auto stmt = sql::parse("SELECT variable_name LIKE 'max%' OR `Value` = 'on'");
    REQUIRE(stmt.has_value());
    const auto& where = std::get<sql::select_stmt>(stmt.value()).items_.at(0).expr_;
    auto filtered = czar::filter(rs, &where, std::nullopt, "", s);
    REQUIRE(filtered.has_value());
    CHECK(filtered.value().rows == std::vector<row>{{cell{"autocommit"}, cell{"ON"}}, {cell{"max_x"}, cell{"10"}}});
    auto unknown = sql::parse("SELECT nosuch = 1");
    const auto& bad = std::get<sql::select_stmt>(unknown.value()).items_.at(0).expr_;
    auto err = czar::filter(rs, &bad, std::nullopt, "", s);
    REQUIRE(err.has_error());
    CHECK(err.error().message == "Unknown column 'nosuch' in 'where clause'");
}
