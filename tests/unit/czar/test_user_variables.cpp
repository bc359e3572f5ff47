// `@v := expr` inside statements: assigned per row, select items left to
// right, the last value kept by the session with the assigned expression's
// type, nothing assigned when the statement fails. Scripts run on the engine
// the way the session runs them (SET @v = e through evaluate()) and on MariaDB
// (mariadb_server.hpp), whose rows must match.
#include "fake_session.hpp"
#include "mariadb_server.hpp"

#include "czar/local_engine.hpp"
#include "parser/parser.hpp"
#include "parser/print_sqlite.hpp"
#include "storage/catalog.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

namespace {

using namespace qproxy;
using czar::testing::fake_session;
using czar::testing::mariadb_server;
using rows_t = std::vector<std::vector<std::optional<std::string>>>;

// Statements separated by ';' (none of the scripts below has one inside a literal).
std::vector<std::string> split(const std::string& script) {
    std::vector<std::string> out;
    std::istringstream in(script);
    for (std::string s; std::getline(in, s, ';');)
        if (s.find_first_not_of(' ') != std::string::npos) out.push_back(s);
    return out;
}

// Runs a script as the session would; SELECT rows are appended, errors end the script.
rows_t ours(const std::string& script, fake_session& session) {
    rows_t out;
    for (const auto& text : split(script)) {
        auto stmt = sql::parse(text);
        if (!stmt) return {{"ERROR " + stmt.error().message}};
        if (const auto* set = std::get_if<sql::set_stmt>(&stmt.value())) {
            for (const auto& a : set->assignments_) {
                REQUIRE(a.kind_ == sql::set_target::user_var);
                auto v = czar::evaluate(*a.value_, text, session);
                if (!v) return {{"ERROR " + v.error().message}};
                session.set_user_variable(a.name_, v.value().first, v.value().second);
            }
            continue;
        }
        auto rs = czar::run_select(std::get<sql::select_stmt>(stmt.value()), text, session);
        if (!rs) return {{"ERROR " + rs.error().message}};
        for (auto& r : rs.value().rows) out.push_back(std::move(r));
    }
    return out;
}

struct script_case {
    const char* setup;
    const char* statement;
    const char* after;  // read once the statement ran: what the session kept
};

// clang-format off
const script_case cases[] = {
    // a later item of the same row reads the value just assigned, even when unset before
    {"", "SELECT @a := 1, @a + 1", "SELECT @a"},
    {"", "SELECT @s := CONCAT('a', 'b'), CONCAT(@s, 'c'), LENGTH(@s)", "SELECT @s"},
    {"", "SELECT @a := 1, @b := @a + 1, @a := @b * 10, @a, @b", "SELECT @a, @b"},
    {"SET @a = 5", "SELECT @a, @a := @a * 2, @a", "SELECT @a"},
    // per row: a counter over a derived table, and the last row's value kept
    {"SET @n = 0", "SELECT @n := @n + 1 FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3) t", "SELECT @n"},
    {"SET @m = 1", "SELECT @m := @m * 2, @m + 1 FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) t", "SELECT @m"},
    {"SET @s = 'x'", "SELECT @s := CONCAT(@s, 'y'), LENGTH(@s) FROM (SELECT 1 UNION ALL SELECT 2) t", "SELECT @s"},
    // the type of the assigned expression is the variable's type afterwards
    {"", "SELECT @d := 2.50", "SELECT @d"},
    {"", "SELECT @f := 1e0 / 4", "SELECT @f"},
    {"", "SELECT @t := 'text'", "SELECT @t, CONCAT(@t, '!')"},
    {"", "SELECT @z := NULL", "SELECT @z"},
    // case-insensitive names
    {"", "SELECT @Mixed := 7, @mixed + 1", "SELECT @MIXED"},
    // SET accepts := and assignments nest inside SET values
    {"SET @a := 5", "SELECT @a", "SELECT @a"},
    {"SET @a = (@b := 2) + 1", "SELECT @a, @b", "SELECT @a + @b"},
    // in WHERE, per row, before the select list
    {"SET @w = 0", "SELECT @w FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) t WHERE (@w := @w + 1) > 1", "SELECT @w"},
    // a failing statement assigns nothing
    {"", "SELECT @e := 1, no_such_column", "SELECT @e"},
};
// clang-format on

std::string show(const rows_t& rows) {
    std::string out;
    for (const auto& r : rows) {
        for (std::size_t i = 0; i < r.size(); ++i) out += (i ? "\t" : "") + (r[i] ? *r[i] : std::string("\\N"));
        out += "\n";
    }
    return out;
}

sql::select_stmt parse_select(const std::string& text) {
    auto stmt = sql::parse(text);
    REQUIRE(stmt.has_value());
    return std::get<sql::select_stmt>(std::move(stmt).value());
}

}  // namespace

TEST_CASE("@v := expr assigns as MariaDB does, row by row and left to right", "[czar][mariadb]") {
    auto* server = mariadb_server::instance();
    if (!server) {
        WARN("skipped: " << mariadb_server::skip_reason());
        return;
    }
    for (const auto& c : cases) {
        const std::string setup = *c.setup ? std::string(c.setup) + ";" : std::string();
        INFO(setup << c.statement << "; " << c.after);
        fake_session session;
        auto got = ours(setup + c.statement, session);
        const bool failed = got.size() == 1 && got[0].size() == 1 && got[0][0] && got[0][0]->starts_with("ERROR");
        // The reference runs the failing statement alone: its client stops at the first error.
        auto expected = server->rows(*c.setup ? c.setup : "DO 0", c.statement);
        if (failed) {
            INFO("ours: " << show(got));
            CHECK(show(expected).starts_with("ERROR"));
            got.clear();
            expected = server->rows(*c.setup ? c.setup : "DO 0", c.after);
        } else {
            expected = server->rows(setup + c.statement, c.after);
        }
        const auto after = ours(c.after, session);
        got.insert(got.end(), after.begin(), after.end());
        CHECK(show(got) == show(expected));
    }
}

TEST_CASE("an assignment has the assigned expression's type, in the result and in the session", "[czar]") {
    fake_session session;
    const std::string text = "SELECT @a := 1, @a + 1, @d := 2.50";
    auto rs = czar::run_select(parse_select(text), text, session);
    REQUIRE(rs.has_value());
    CHECK(rs.value().rows.at(0) == row{cell{"1"}, cell{"2"}, cell{"2.50"}});
    CHECK(rs.value().columns.at(0).type == field_type::longlong);
    CHECK(rs.value().columns.at(0).name == "@a := 1");
    CHECK(rs.value().columns.at(2).type == field_type::newdecimal);
    // @a was unset when the statement started: the read keeps MySQL's type for that (a DOUBLE sum).
    CHECK(rs.value().columns.at(1).type == field_type::double_);
    REQUIRE(session.user_variables.count("a") == 1);
    CHECK(session.user_variables["a"].first == cell{"1"});
    CHECK(session.user_variables["a"].second.type == field_type::longlong);
    CHECK(session.user_variables["d"].first == cell{"2.50"});
    CHECK(session.user_variables["d"].second.decimals == 2);
}

TEST_CASE("evaluate assigns too (SET @a = @b := …)", "[czar]") {
    fake_session session;
    const auto s = parse_select("SELECT @b := 2 + 3");
    auto v = czar::evaluate(s.items_.at(0).expr_, "", session);
    REQUIRE(v.has_value());
    CHECK(v.value().first == cell{"5"});
    CHECK(session.user_variables["b"].first == cell{"5"});
    CHECK(session.user_variables["b"].second.type == field_type::longlong);
}

TEST_CASE("SET @a := 5 is a user-variable assignment", "[czar]") {
    auto stmt = sql::parse("SET @a := 5");
    REQUIRE(stmt.has_value());
    const auto& set = std::get<sql::set_stmt>(stmt.value());
    REQUIRE(set.assignments_.size() == 1);
    CHECK(set.assignments_[0].kind_ == sql::set_target::user_var);
    CHECK(set.assignments_[0].name_ == "a");
}

TEST_CASE("the printer routes assigned variables through the statement's store", "[czar][printer]") {
    const auto s = parse_select("SELECT @a := 1, @a + 1, @c");
    const sql::type_env env;
    struct values final : sql::sqlite_bindings {
        sql_result<cell> value_of(const sql::expr&) const override { return cell{}; }
        std::string time_zone() const override { return "+00:00"; }
    } bindings;
    auto q = sql::to_sqlite(s, sql::sqlite_print_options{&env, &bindings, {}});
    REQUIRE(q.has_value());
    CHECK(q.value().text ==
          R"x(SELECT mysql_assign(0, 1) AS "@a := 1", (mysql_user_var(1, ?1) + 1) AS "@a + 1", ?2 AS "@c")x");
    REQUIRE(q.value().variables.size() == 2);
    CHECK(q.value().variables[0].assigns);
    CHECK_FALSE(q.value().variables[1].assigns);
    // Without bindings (chunk queries) there is no session to assign to.
    CHECK(sql::to_sqlite(s, sql::sqlite_print_options{&env, nullptr, {}}).error().code == 1235);
}

TEST_CASE("information_schema SELECTs assign per row (Connector/ODBC's SQLColumns)", "[czar][catalog]") {
    char tmpl[] = "/tmp/qproxy-uservars-XXXXXX";
    const std::filesystem::path dir = ::mkdtemp(tmpl);
    {
        auto catalog = storage::catalog::open(dir);
        REQUIRE(catalog.has_value());
        fake_session session;
        session.db = "information_schema";
        session.user_variables["n"] = {cell{"0"}, bigint_column("")};
        const std::string count = "SELECT @n := @n + 1 FROM SCHEMATA";
        auto counted = czar::run_catalog_select(parse_select(count), count, session, *catalog.value());
        REQUIRE(counted.has_value());
        const auto schemata = counted.value().rows.size();
        REQUIRE(schemata >= 1);
        for (std::size_t i = 0; i < schemata; ++i) CHECK(counted.value().rows[i].at(0) == cell{std::to_string(i + 1)});
        CHECK(session.user_variables["n"].first == cell{std::to_string(schemata)});

        const std::string columns =
            "SELECT COLUMN_NAME, @dt := (CASE DATA_TYPE WHEN 'varchar' THEN 12 WHEN 'bigint' THEN -5 ELSE 0 END) AS dt, "
            "IF(@dt = 12, 'text', 'other') AS kind, @dt + 1 AS next FROM COLUMNS "
            "WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'SCHEMATA' AND COLUMN_NAME = 'SCHEMA_NAME'";
        auto rs = czar::run_catalog_select(parse_select(columns), columns, session, *catalog.value());
        REQUIRE(rs.has_value());
        REQUIRE(rs.value().rows.size() == 1);
        CHECK(rs.value().rows[0] == row{cell{"SCHEMA_NAME"}, cell{"12"}, cell{"text"}, cell{"13"}});
        CHECK(session.user_variables["dt"].first == cell{"12"});
    }
    std::filesystem::remove_all(dir);
}
