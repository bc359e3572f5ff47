// SELECTs over information_schema: names resolve through the catalog, the
// printed SQL (ci comparisons, LIKE) runs on storage's engine, and the result
// carries MySQL's column metadata.
#include "fake_session.hpp"

#include "czar/local_engine.hpp"
#include "parser/parser.hpp"
#include "storage/catalog.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace {

using namespace qproxy;

struct temp_catalog {
    std::filesystem::path dir;
    std::unique_ptr<storage::catalog> catalog;
    temp_catalog() {
        char tmpl[] = "/tmp/qproxy-catalog-XXXXXX";
        dir = ::mkdtemp(tmpl);
        auto c = storage::catalog::open(dir);
        REQUIRE(c.has_value());
        catalog = std::move(c).value();
    }
    ~temp_catalog() {
        catalog.reset();
        std::filesystem::remove_all(dir);
    }
};

sql_result<result_set> query(const temp_catalog& t, const std::string& text, czar::session_view& session) {
    auto stmt = sql::parse(text);
    if (!stmt) return stmt.error();
    return czar::run_catalog_select(std::get<sql::select_stmt>(stmt.value()), text, session, *t.catalog);
}

}  // namespace

TEST_CASE("information_schema queries compare names as MySQL does", "[czar][catalog]") {
    temp_catalog t;
    czar::testing::fake_session session;
    session.db = "information_schema";
    auto rs = query(t,
                    "SELECT t.table_name AS name, LENGTH(table_name) FROM tables t "
                    "WHERE table_schema = 'INFORMATION_SCHEMA' AND table_name LIKE 'coll%' ORDER BY 1",
                    session);
    REQUIRE(rs.has_value());
    // information_schema's names are utf8mb3 (PAD SPACE, upper-case order): '_' sorts after 'S'.
    CHECK(rs.value().rows == std::vector<row>{{cell{"COLLATIONS"}, cell{"10"}},
                                              {cell{"COLLATION_CHARACTER_SET_APPLICABILITY"}, cell{"37"}}});
    const auto& name = rs.value().columns.at(0);
    CHECK(name.name == "name");
    CHECK(name.org_name == "TABLE_NAME");
    CHECK(name.table == "t");
    CHECK(name.org_table == "TABLES");
    CHECK(rs.value().columns.at(1).type == field_type::longlong);
}

TEST_CASE("information_schema * expands to the table's columns", "[czar][catalog]") {
    temp_catalog t;
    czar::testing::fake_session session;
    auto rs = query(t, "SELECT * FROM information_schema.schemata WHERE schema_name = 'information_schema'", session);
    REQUIRE(rs.has_value());
    REQUIRE(rs.value().rows.size() == 1);
    CHECK(rs.value().columns.at(0).name == "CATALOG_NAME");
    CHECK(rs.value().columns.size() == rs.value().rows.at(0).size());
    auto unknown = query(t, "SELECT nosuch FROM information_schema.schemata", session);
    REQUIRE(unknown.has_error());
    CHECK(unknown.error().message == "Unknown column 'nosuch' in 'field list'");
}
