#include "storage/catalog.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace qproxy;
using namespace qproxy::storage;
using qproxy::storage::testing::temp_dir;

namespace {

std::unique_ptr<catalog> open_catalog(const temp_dir& dir) {
    auto c = catalog::open(dir.path());
    REQUIRE(c);
    return std::move(c).value();
}

std::vector<std::string> names(const std::vector<database_info>& dbs) {
    std::vector<std::string> out;
    for (const auto& d : dbs) out.push_back(d.name);
    return out;
}

const column_info& column(const table_info& t, std::string_view name) {
    for (const auto& c : t.columns) {
        if (c.name == name) return c;
    }
    FAIL("no column " << name);
    throw;
}

}  // namespace

TEST_CASE("a new catalog holds only information_schema", "[catalog]") {
    temp_dir dir;
    auto cat = open_catalog(dir);
    CHECK(names(cat->databases()) == std::vector<std::string>{"information_schema"});
    const auto is = cat->find_database("INFORMATION_SCHEMA");
    REQUIRE(is);
    CHECK(is->name == "information_schema");
    CHECK(is->charset == "utf8mb3");
    CHECK(is->collation == "utf8mb3_general_ci");
    CHECK_FALSE(cat->find_database("sky"));
}

TEST_CASE("create and drop database with MySQL's errors", "[catalog]") {
    temp_dir dir;
    {
        auto cat = open_catalog(dir);
        bool existed = true;
        REQUIRE(cat->create_database("sky", false, existed));
        CHECK_FALSE(existed);
        REQUIRE(cat->create_database("Sky", false, existed));  // names are case-sensitive
        REQUIRE(cat->create_database("gaia", false, existed));

        auto again = cat->create_database("sky", false, existed);
        REQUIRE_FALSE(again);
        CHECK(again.error() == sql_error{1007, "HY000", "Can't create database 'sky'; database exists"});
        CHECK(existed);
        REQUIRE(cat->create_database("sky", true, existed));
        CHECK(existed);
        REQUIRE(cat->create_database("information_schema", true, existed));
        CHECK(existed);
        CHECK_FALSE(cat->create_database("INFORMATION_SCHEMA", false, existed));

        auto too_long = cat->create_database(std::string(65, 'd'), false, existed);
        REQUIRE_FALSE(too_long);
        CHECK(too_long.error().code == er::too_long_ident);
        auto empty = cat->create_database("", false, existed);
        REQUIRE_FALSE(empty);
        CHECK(empty.error() == sql_error{er::wrong_db_name, "42000", "Incorrect database name ''"});

        auto missing = cat->drop_database("nope", false, existed);
        REQUIRE_FALSE(missing);
        CHECK(missing.error() == sql_error{1008, "HY000", "Can't drop database 'nope'; database doesn't exist"});
        REQUIRE(cat->drop_database("nope", true, existed));
        CHECK_FALSE(existed);
        auto system = cat->drop_database("information_schema", true, existed);
        REQUIRE_FALSE(system);
        CHECK(system.error().code == er::dbaccess_denied);
        REQUIRE(cat->drop_database("gaia", false, existed));
        CHECK(existed);

        CHECK(names(cat->databases()) == std::vector<std::string>{"information_schema", "Sky", "sky"});
        const auto sky = cat->find_database("sky");
        REQUIRE(sky);
        CHECK(sky->charset == "utf8mb4");
        CHECK(sky->collation == "utf8mb4_0900_ai_ci");
        CHECK_FALSE(cat->find_database("SKY"));
    }
    auto reopened = open_catalog(dir);
    CHECK(names(reopened->databases()) == std::vector<std::string>{"information_schema", "Sky", "sky"});
}

TEST_CASE("information_schema describes its own tables", "[catalog]") {
    temp_dir dir;
    auto cat = open_catalog(dir);
    const auto tables = cat->tables("information_schema");
    REQUIRE(tables.size() == 23);
    for (const auto& t : tables) {
        CHECK(t.kind == "system view");
        CHECK(t.db == "information_schema");
    }
    CHECK(cat->tables("Information_Schema").size() == 23);
    CHECK(cat->tables("sky").empty());

    const auto t = cat->find_table("INFORMATION_SCHEMA", "tables");
    REQUIRE(t);
    CHECK(t->name == "TABLES");
    CHECK(t->columns.size() == 21);
    CHECK(t->columns.front().name == "TABLE_CATALOG");
    CHECK_THAT(t->create_sql, Catch::StartsWith("CREATE TEMPORARY TABLE `TABLES` (\n  `TABLE_CATALOG` varchar(64)"));
    const auto& name = column(*t, "TABLE_NAME");
    CHECK(name.column_type == "varchar(64)");
    CHECK(name.collation == "utf8mb3_bin");
    CHECK(name.meta.charset == 83);
    CHECK(name.meta.length == 192);
    CHECK(name.meta.table == "TABLES");
    CHECK(name.meta.db == "information_schema");
    const auto& rows = column(*t, "TABLE_ROWS");
    CHECK(rows.column_type == "bigint unsigned");
    CHECK(rows.nullable);
    CHECK(rows.meta.type == field_type::longlong);
    CHECK((rows.meta.flags & column_flag::unsigned_));
    CHECK(column(*t, "CREATE_TIME").meta.type == field_type::timestamp);
    CHECK(column(*t, "ENGINE").collation == "utf8mb3_general_ci");
    CHECK(column(*t, "TABLE_COMMENT").meta.charset == 33);  // text, not a BLOB

    const auto columns = cat->find_table("information_schema", "COLUMNS");
    REQUIRE(columns);
    CHECK(column(*columns, "ORDINAL_POSITION").column_type == "int unsigned");
    CHECK(column(*columns, "ORDINAL_POSITION").meta.type == field_type::long_);

    CHECK_FALSE(cat->find_table("information_schema", "PROCESSLIST"));  // comes with the czar
    CHECK_FALSE(cat->find_table("sky", "Object"));
}
