// The SQLite text the printer produces for MySQL statements (what runs is
// checked by execution in test_expressions_vs_mariadb.cpp). Lives here until
// parser/CMakeLists.txt builds the printer into qproxy_parser (then it moves
// to tests/unit/parser/).
#include "parser/parser.hpp"
#include "parser/print_sqlite.hpp"

#include <catch2/catch.hpp>

namespace {

using namespace qproxy;

// Table t(id BIGINT, name VARCHAR(64) utf8mb4_general_ci (PAD SPACE), ra DOUBLE, d DATE).
class table_env final : public sql::type_env {
public:
    sql_result<column_meta> column(const sql::expr& ref) const override {
        if (ref.name_ == "id") return bigint_column("id");
        if (ref.name_ == "name") return text_column("name");
        if (ref.name_ == "ra") return double_column("ra");
        if (ref.name_ == "d") {
            column_meta m = datetime_column("d");
            m.type = field_type::date;
            m.length = 10;
            return m;
        }
        return sql::type_env::column(ref);
    }
    sql_result<column_meta> system_variable(sql::var_scope, std::string_view name) const override {
        return text_column(std::string(name));
    }
};

class fixed_bindings final : public sql::sqlite_bindings {
public:
    sql_result<cell> value_of(const sql::expr&) const override { return cell{"v"}; }
    std::string time_zone() const override { return "+00:00"; }
};

sql_result<sql::sqlite_query> print(const std::string& text, bool with_bindings = true) {
    static const table_env env;
    static const fixed_bindings bindings;
    auto stmt = sql::parse(text);
    if (!stmt) return stmt.error();
    sql::sqlite_print_options options{&env, with_bindings ? &bindings : nullptr, {}};
    return sql::to_sqlite(std::get<sql::select_stmt>(stmt.value()), options);
}

std::string text(const std::string& mysql) {
    auto q = print(mysql);
    INFO(mysql);
    REQUIRE(q.has_value());
    return q.value().text;
}

}  // namespace

TEST_CASE("SQLite text keeps MySQL's meaning", "[printer]") {
    CHECK(text("SELECT id FROM t WHERE name = 'x'") ==
          R"x(SELECT "id" AS "id" FROM "t" WHERE ("name" = 'x' COLLATE mysql_ci_pad))x");
    CHECK(text("SELECT 7 / 2, 7 DIV 2, 7 % 2, 7.5 % 2") ==
          R"x(SELECT mysql_div(7, 2) AS "7 / 2", mysql_intdiv(7, 2) AS "7 DIV 2", mysql_mod(7, 2) AS "7 % 2", mysql_mod(7.5, 2) AS "7.5 % 2")x");
    CHECK(text("SELECT 1 || 0, TRUE, FALSE") == R"x(SELECT (1 OR 0) AS "1 || 0", 1 AS "TRUE", 0 AS "FALSE")x");
    CHECK(text("SELECT CONCAT(name, 1.50, ra) FROM t") ==
          R"x(SELECT ("name" || mysql_format_decimal(1.50, 2) || mysql_format_double("ra")) AS "CONCAT(name, 1.50, ra)" FROM "t")x");
    CHECK(text("SELECT id FROM t LIMIT 5, 10") == R"x(SELECT "id" AS "id" FROM "t" LIMIT 10 OFFSET 5)x");
    CHECK(text("SELECT name FROM t GROUP BY name ORDER BY name DESC") ==
          R"x(SELECT "name" AS "name" FROM "t" GROUP BY "name" COLLATE mysql_ci_pad ORDER BY "name" COLLATE mysql_ci_pad DESC)x");
    CHECK(text("SELECT id FROM t WHERE id IN (1, '2') AND d > '2020-01-01'") ==
          R"x(SELECT "id" AS "id" FROM "t" WHERE (((("id" = 1) OR ("id" = mysql_to_number('2')))) AND (mysql_to_datetime("d", 6) > mysql_to_datetime('2020-01-01', 6))))x");
    CHECK(text("SELECT name LIKE 'a\\_%' FROM t") == R"x(SELECT (mysql_like("name", 'a\_%')) AS "name LIKE 'a\_%'" FROM "t")x");
    CHECK(text("SELECT 5 & 3, ~0, 1 << 2") ==
          R"x(SELECT mysql_bitand(5, 3) AS "5 & 3", mysql_bitnot(0) AS "~0", mysql_shl(1, 2) AS "1 << 2")x");
}

TEST_CASE("session values become parameters", "[printer]") {
    auto q = print("SELECT @@version_comment, DATABASE(), @v");
    REQUIRE(q.has_value());
    CHECK(q.value().text == R"x(SELECT ?1 AS "@@version_comment", ?2 AS "DATABASE()", ?3 AS "@v")x");
    REQUIRE(q.value().params.size() == 3);
    CHECK(q.value().params[1].value == cell{"v"});
    auto refused = print("SELECT DATABASE()", false);
    REQUIRE(refused.has_error());
    CHECK(refused.error().code == er::not_supported_yet);
}

TEST_CASE("what SQLite cannot mean the same is refused with 1235", "[printer]") {
    for (const char* mysql : {"SELECT id FROM t WHERE id = ANY (SELECT 1)", "SELECT COUNT(DISTINCT id, name) FROM t",
                              "SELECT id FROM t GROUP BY id WITH ROLLUP", "SELECT CONVERT_TZ(d, '+00:00', '+01:00') FROM t"}) {
        INFO(mysql);
        auto q = print(mysql);
        REQUIRE(q.has_error());
        CHECK(q.error().code == er::not_supported_yet);
    }
    auto unknown = print("SELECT nosuch FROM t");
    REQUIRE(unknown.has_error());
    CHECK(unknown.error().code == er::bad_field);
}
