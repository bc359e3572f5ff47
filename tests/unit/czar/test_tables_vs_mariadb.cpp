// Printed SELECTs over a table (grouping, sorting, DISTINCT, joins, aggregates
// on strings, decimals, doubles and dates) return MariaDB's rows for the same
// data — what the embedded workers will run on chunk tables.
#include "mariadb_server.hpp"

#include "czar/value_format.hpp"
#include "parser/parser.hpp"
#include "parser/print_sqlite.hpp"
#include "storage/sqlite.hpp"

#include <catch2/catch.hpp>

namespace {

using namespace qproxy;
using czar::testing::mariadb_server;
using rows_t = std::vector<std::vector<std::optional<std::string>>>;

constexpr const char* mariadb_setup =
    "DROP DATABASE IF EXISTS qp; CREATE DATABASE qp; USE qp; "
    "CREATE TABLE obj (id BIGINT, name VARCHAR(20) COLLATE utf8mb4_general_nopad_ci, ra DOUBLE, flux DECIMAL(10,3), d DATE)";
constexpr const char* rows_sql =
    "INSERT INTO obj VALUES (1, 'alpha', 10.5, 1.250, '2021-01-01'), (2, 'Beta', 20.25, -3.500, '2021-02-15'), "
    "(3, 'beta', 30.0, 2.000, '2020-12-31'), (4, 'Gamma', NULL, NULL, NULL), (5, 'gamma ', 5.5, 0.125, '2021-01-01'), "
    "(6, 'Éclair', 7.75, 10.000, '2021-03-01'), (7, 'alpha', 12.5, 1.000, '2021-01-02')";

// obj's columns as MySQL reports them (name: utf8mb4_0900_ai_ci, NO PAD like the MariaDB table).
class obj_env final : public sql::type_env {
public:
    sql_result<column_meta> column(const sql::expr& ref) const override {
        if (ref.name_ == "id") return bigint_column("id");
        if (ref.name_ == "name") {
            auto m = text_column("name", 20);
            m.charset = charset::utf8mb4_0900_ai_ci;
            return m;
        }
        if (ref.name_ == "ra") return double_column("ra");
        if (ref.name_ == "flux") {
            column_meta m = bigint_column("flux");
            m.type = field_type::newdecimal;
            m.length = 12;
            m.decimals = 3;
            return m;
        }
        if (ref.name_ == "d") {
            column_meta m = datetime_column("d");
            m.type = field_type::date;
            m.length = 10;
            return m;
        }
        return sql::type_env::column(ref);
    }
};

rows_t ours(storage::database& db, const std::string& mysql) {
    static const obj_env env;
    auto stmt = sql::parse(mysql);
    if (!stmt) return {{"ERROR " + stmt.error().message}};
    const auto& select = std::get<sql::select_stmt>(stmt.value());
    std::vector<column_meta> types;
    for (const auto& item : select.items_) {
        auto m = sql::infer(item.expr_, env);
        if (!m) return {{"ERROR " + m.error().message}};
        types.push_back(m.value());
    }
    auto q = sql::to_sqlite(select, sql::sqlite_print_options{&env, nullptr, {}});
    if (!q) return {{"ERROR " + q.error().message}};
    auto prepared = db.prepare(q.value().text);
    if (!prepared) return {{"ERROR " + prepared.error().message + " in " + q.value().text}};
    rows_t out;
    while (prepared.value().step().value()) {
        auto& r = out.emplace_back();
        for (std::size_t i = 0; i < types.size(); ++i) r.push_back(czar::format_value(prepared.value(), static_cast<int>(i), types[i]));
    }
    return out;
}

std::string show(const rows_t& rows) {
    std::string s;
    for (const auto& r : rows) {
        for (const auto& v : r) s += (v ? *v : "\\N") + "|";
        s += "\n";
    }
    return s;
}

}  // namespace

TEST_CASE("printed queries over a table return MariaDB's rows", "[czar][mariadb]") {
    auto* server = mariadb_server::instance();
    if (!server) {
        WARN("skipped: " << mariadb_server::skip_reason());
        return;
    }
    auto db = storage::database::open(":memory:");
    REQUIRE(db.has_value());
    REQUIRE(db.value().exec("CREATE TABLE obj (id INTEGER, name TEXT, ra REAL, flux REAL, d TEXT)").has_value());
    REQUIRE(db.value().exec(rows_sql).has_value());
    const std::string setup = std::string(mariadb_setup) + "; " + rows_sql;
    const char* queries[] = {
        "SELECT LOWER(name) AS n, COUNT(*), SUM(id), MIN(ra), MAX(d) FROM obj GROUP BY n ORDER BY n",
        "SELECT DISTINCT LOWER(name) FROM obj ORDER BY 1",
        "SELECT COUNT(DISTINCT name) FROM obj",
        "SELECT id, name FROM obj WHERE name = 'BETA' ORDER BY id",
        "SELECT id FROM obj WHERE name LIKE 'g%' ORDER BY id DESC",
        "SELECT GROUP_CONCAT(id ORDER BY id DESC SEPARATOR '|') FROM obj WHERE ra > 6",
        "SELECT AVG(ra), SUM(flux), AVG(flux), COUNT(ra), COUNT(DISTINCT d) FROM obj",
        "SELECT id, ROUND(ra * flux, 2) FROM obj WHERE flux IS NOT NULL ORDER BY id",
        "SELECT d, COUNT(*) FROM obj WHERE d >= '2021-01-01' GROUP BY d ORDER BY d",
        "SELECT id FROM obj WHERE d BETWEEN '2021-01-01' AND '2021-01-31' ORDER BY id",
        "SELECT id, CASE WHEN ra IS NULL THEN 'none' WHEN ra > 10 THEN 'big' ELSE 'small' END FROM obj ORDER BY id",
        "SELECT name FROM obj ORDER BY name, id",
        "SELECT id FROM obj ORDER BY flux DESC, id LIMIT 3",
        "SELECT COUNT(*) FROM obj WHERE name IN ('ALPHA', 'gamma')",
        "SELECT SUM(id) FROM obj HAVING SUM(id) > 10",
        "SELECT id, flux * 2, flux / 3, ra / 4 FROM obj WHERE id < 4 ORDER BY id",
        "SELECT MAX(name), MIN(name) FROM obj",
        "SELECT id FROM obj WHERE ra > (SELECT AVG(ra) FROM obj) ORDER BY id",
        "SELECT t.id, u.id FROM obj t JOIN obj u ON t.name = u.name AND t.id < u.id ORDER BY 1, 2",
        "SELECT id, DATEDIFF(d, '2021-01-01'), DATE_FORMAT(d, '%a %D') FROM obj WHERE d IS NOT NULL ORDER BY id",
        "SELECT name, id FROM obj WHERE id IN (SELECT MAX(id) FROM obj GROUP BY LOWER(name)) ORDER BY id",
        "SELECT id % 3 AS k, COUNT(*), GROUP_CONCAT(DISTINCT LOWER(name) ORDER BY LOWER(name)) FROM obj GROUP BY k ORDER BY k",
        "SELECT id FROM obj WHERE NOT (ra < 10 OR ra IS NULL) ORDER BY id",
    };
    for (const char* q : queries) {
        INFO(q);
        const auto reference = server->rows(setup, q);
        CHECK(show(ours(db.value(), q)) == show(reference));
    }
}
