#include "storage/accounts.hpp"
#include "storage/catalog.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace qproxy;
using namespace qproxy::storage;
using qproxy::storage::testing::temp_dir;

namespace {

struct fixture {
    temp_dir dir;
    std::unique_ptr<catalog> cat;
    fixture() {
        auto c = catalog::open(dir.path());
        REQUIRE(c);
        cat = std::move(c).value();
        bool existed = false;
        REQUIRE(cat->create_database("sky", false, existed));
        REQUIRE(cat->create_database("gaia", false, existed));
    }

    result_set query(std::string_view sql, const schema_viewer* viewer = nullptr) const {
        auto r = cat->query_information_schema(sql, viewer);
        if (!r) FAIL(sql << " -> " << r.error().code << " " << r.error().message);
        return std::move(r).value();
    }

    sql_error error(std::string_view sql, const schema_viewer* viewer = nullptr) const {
        auto r = cat->query_information_schema(sql, viewer);
        REQUIRE_FALSE(r);
        return r.error();
    }
};

std::vector<std::string> column(const result_set& r, std::size_t i) {
    std::vector<std::string> out;
    for (const auto& row : r.rows) out.push_back(row[i].value_or("NULL"));
    return out;
}

}  // namespace

TEST_CASE("SCHEMATA lists every database, information_schema first", "[information_schema]") {
    fixture f;
    const auto r = f.query("SELECT * FROM information_schema.SCHEMATA");
    REQUIRE(r.columns.size() == 6);
    CHECK(r.columns[1].name == "SCHEMA_NAME");
    CHECK(r.columns[1].org_table == "SCHEMATA");
    CHECK(column(r, 1) == std::vector<std::string>{"information_schema", "gaia", "sky"});
    CHECK(column(r, 3) == std::vector<std::string>{"utf8mb3_general_ci", "utf8mb4_0900_ai_ci", "utf8mb4_0900_ai_ci"});
    CHECK(column(r, 4) == std::vector<std::string>{"NULL", "NULL", "NULL"});
}

TEST_CASE("GROUP BY over TABLES, with MySQL metadata", "[information_schema]") {
    fixture f;
    const auto r = f.query("SELECT TABLE_SCHEMA, COUNT(*) FROM information_schema.TABLES GROUP BY TABLE_SCHEMA");
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0] == row{"information_schema", "25"});
    CHECK(r.columns[0].name == "TABLE_SCHEMA");
    CHECK(r.columns[0].type == field_type::var_string);
    CHECK(r.columns[0].length == 192);
    CHECK(r.columns[0].charset == 83);
    CHECK(r.columns[1].name == "COUNT(*)");
    CHECK(r.columns[1].type == field_type::longlong);
    CHECK(r.columns[1].org_name.empty());

    const auto types = f.query(
        "SELECT TABLE_TYPE, ENGINE, VERSION, CREATE_TIME FROM information_schema.TABLES WHERE TABLE_NAME = 'COLUMNS'");
    REQUIRE(types.rows.size() == 1);
    CHECK(types.rows[0][0] == "SYSTEM VIEW");
    CHECK_FALSE(types.rows[0][1]);
    CHECK(types.rows[0][2] == "10");
    CHECK(types.rows[0][3]->size() == 19);
    CHECK((types.columns[0].flags & column_flag::enum_));
    CHECK(types.columns[2].type == field_type::long_);
}

TEST_CASE("COLUMNS describes information_schema's columns in order", "[information_schema]") {
    fixture f;
    const auto r = f.query(
        "SELECT COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, "
        "COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'information_schema' AND "
        "TABLE_NAME = 'SCHEMATA' ORDER BY ORDINAL_POSITION");
    REQUIRE(r.rows.size() == 6);
    CHECK(r.rows[0] == row{"CATALOG_NAME", "1", "NO", "varchar", "varchar(64)", "64", "utf8mb3_bin"});
    CHECK(r.rows[4] == row{"SQL_PATH", "5", "YES", "binary", "binary(0)", "0", std::nullopt});
    CHECK(r.rows[5][4] == "enum('NO','YES')");
    CHECK(r.columns[1].type == field_type::long_);
    CHECK((r.columns[1].flags & column_flag::unsigned_));
    CHECK(r.columns[4].type == field_type::blob);  // mediumtext, utf8mb3: text for clients
    CHECK(r.columns[4].charset == 83);

    const auto count = f.query(
        "SELECT TABLE_NAME, COUNT(*) AS n FROM information_schema.COLUMNS GROUP BY TABLE_NAME HAVING n > 30 "
        "ORDER BY TABLE_NAME");
    CHECK(column(count, 0) == std::vector<std::string>{"FILES", "ROUTINES"});
    CHECK(count.columns[1].name == "n");
}

TEST_CASE("comparisons follow MySQL's collation of each column", "[information_schema]") {
    fixture f;
    // ENGINE is utf8mb3_general_ci: case-insensitive.
    CHECK(f.query("SELECT ENGINE FROM information_schema.ENGINES WHERE ENGINE = 'innodb'").rows.size() == 1);
    // Object names are utf8mb3_bin: case-sensitive, as MySQL on Linux.
    CHECK(f.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_NAME = 'tables'").rows.empty());
    CHECK(f.query("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'SKY'").rows.empty());
    const auto like = f.query("SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME LIKE 'LATIN1%'");
    CHECK(like.rows[0][0] == "8");
}

TEST_CASE("static tables: engines, character sets, collations, plugins", "[information_schema]") {
    fixture f;
    const auto engines = f.query("SELECT ENGINE, SUPPORT FROM information_schema.ENGINES");
    CHECK(engines.rows == std::vector<row>{{"InnoDB", "DEFAULT"}, {"QSERV", "YES"}});
    const auto utf8mb4 =
        f.query("SELECT DEFAULT_COLLATE_NAME, MAXLEN FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = 'utf8mb4'");
    CHECK(utf8mb4.rows == std::vector<row>{{"utf8mb4_0900_ai_ci", "4"}});
    const auto coll = f.query("SELECT * FROM information_schema.COLLATIONS WHERE ID = 255");
    CHECK(coll.rows == std::vector<row>{{"utf8mb4_0900_ai_ci", "utf8mb4", "255", "Yes", "Yes", "0", "NO PAD"}});
    CHECK(f.query("SELECT COUNT(*) FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY").rows[0][0] == "286");
    const auto auth = f.query("SELECT PLUGIN_NAME FROM information_schema.PLUGINS WHERE PLUGIN_TYPE = 'AUTHENTICATION'");
    CHECK(column(auth, 0) == std::vector<std::string>{"mysql_native_password", "caching_sha2_password"});
    for (std::string_view empty : {"FILES", "VIEWS", "ROUTINES", "PARAMETERS", "TRIGGERS", "EVENTS", "PARTITIONS",
                                   "STATISTICS", "KEY_COLUMN_USAGE", "TABLE_CONSTRAINTS", "REFERENTIAL_CONSTRAINTS"}) {
        INFO(empty);
        const auto r = f.query("SELECT * FROM information_schema." + std::string(empty));
        CHECK(r.rows.empty());
        CHECK(r.columns.size() == f.cat->find_table("information_schema", empty)->columns.size());
    }
}

TEST_CASE("expressions are typed from their values", "[information_schema]") {
    fixture f;
    const auto r = f.query("SELECT MAX(MAXLEN) * 2.5, 1e20, upper(CHARACTER_SET_NAME), NULL, x'00ff' "
                           "FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = 'ascii'");
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0][0] == "2.5");
    CHECK(r.rows[0][1] == "1e20");
    CHECK(r.rows[0][2] == "ASCII");
    CHECK_FALSE(r.rows[0][3]);
    CHECK(r.rows[0][4] == std::string("\0\xff", 2));
    CHECK(r.columns[0].type == field_type::double_);
    CHECK(r.columns[2].type == field_type::var_string);
    CHECK(r.columns[2].charset != charset::binary);
    CHECK(r.columns[3].type == field_type::null);
    CHECK(r.columns[4].charset == charset::binary);
}

TEST_CASE("the authorizer allows reading information_schema only", "[information_schema]") {
    fixture f;
    temp_dir other;
    const auto attach = "ATTACH DATABASE '" + (other.path() / "x.sqlite3").string() + "' AS x";
    for (const std::string& sql : {attach, std::string("DETACH DATABASE information_schema"),
                                  std::string("PRAGMA table_info('ENGINES')"), std::string("PRAGMA writable_schema = 1"),
                                  std::string("SELECT * FROM pragma_database_list"),
                                  std::string("INSERT INTO information_schema.ENGINES VALUES ('a','b','c','d','e','f')"),
                                  std::string("DELETE FROM information_schema.ENGINES"),
                                  std::string("UPDATE information_schema.ENGINES SET SUPPORT = 'NO'"),
                                  std::string("CREATE TABLE t (a)"), std::string("CREATE TEMP TABLE t (a)"),
                                  std::string("BEGIN"), std::string("SELECT * FROM information_schema.sqlite_master"),
                                  std::string("SELECT * FROM sqlite_master"), std::string("SELECT load_extension('x')"),
                                  std::string("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT n FROM c")}) {
        INFO(sql);
        const auto e = f.error(sql);
        CHECK(e.code == er::dbaccess_denied);
        CHECK(e.sqlstate == "42000");
    }
    CHECK_FALSE(std::filesystem::exists(other.path() / "x.sqlite3"));
    CHECK(f.error("SELECT 1; SELECT 2").code == er_unknown_error);
    CHECK(f.error("SELECT * FROM information_schema.NOPE").message == "information_schema: no such table: information_schema.NOPE");
    CHECK(f.error("  ").code == er::empty_query);
    // Still usable afterwards, and a trailing semicolon is fine.
    CHECK(f.query("SELECT COUNT(*) FROM information_schema.ENGINES;").rows[0][0] == "2");
}

TEST_CASE("a viewer sees only its databases and its own grants", "[information_schema]") {
    fixture f;
    auto store = account_store::open(f.dir.path());
    REQUIRE(store);
    auto& accounts = *store.value();
    bool existed = false;
    REQUIRE(accounts.create_user({"bob", "%", "mysql_native_password", "", false}, false, existed));
    REQUIRE(accounts.grant("bob", "%", {"sky", "*"}, bit(privilege::select), false));

    const schema_viewer bob{accounts, "bob", "%"};
    CHECK(column(f.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA", &bob), 0) ==
          std::vector<std::string>{"information_schema", "sky"});
    CHECK(f.query("SELECT * FROM information_schema.USER_PRIVILEGES", &bob).rows ==
          std::vector<row>{{"'bob'@'%'", "def", "USAGE", "NO"}});
    CHECK(f.query("SELECT * FROM information_schema.SCHEMA_PRIVILEGES", &bob).rows ==
          std::vector<row>{{"'bob'@'%'", "def", "sky", "SELECT", "NO"}});
    CHECK(f.error("DELETE FROM information_schema.ENGINES", &bob).message ==
          "Access denied for user 'bob'@'%' to database 'information_schema'");

    const schema_viewer admin{accounts, "qsmaster", "localhost"};
    CHECK(f.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA", &admin).rows.size() == 3);
    const auto grantees = f.query(
        "SELECT GRANTEE, COUNT(*) FROM information_schema.USER_PRIVILEGES GROUP BY GRANTEE ORDER BY GRANTEE", &admin);
    CHECK(grantees.rows == std::vector<row>{{"'bob'@'%'", "1"}, {"'qsmaster'@'localhost'", "27"}});
    CHECK(f.query("SELECT * FROM information_schema.USER_PRIVILEGES").rows.empty());  // no viewer: no grants
}

TEST_CASE("catalog changes show up in information_schema", "[information_schema]") {
    fixture f;
    bool existed = false;
    REQUIRE(f.cat->create_database("new_db", false, existed));
    CHECK(f.query("SELECT COUNT(*) FROM information_schema.SCHEMATA").rows[0][0] == "4");
    REQUIRE(f.cat->drop_database("sky", false, existed));
    CHECK(column(f.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"), 0) ==
          std::vector<std::string>{"information_schema", "gaia", "new_db"});
}

TEST_CASE("concurrent readers from four threads", "[information_schema]") {
    fixture f;
    std::atomic<int> failures{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&] {
            for (int i = 0; i < 150; ++i) {
                auto r = f.cat->query_information_schema(
                    "SELECT TABLE_SCHEMA, COUNT(*) FROM information_schema.COLUMNS GROUP BY TABLE_SCHEMA");
                auto s = f.cat->query_information_schema("SELECT COUNT(*) FROM information_schema.SCHEMATA");
                const bool good = r && s && r.value().rows.size() == 1 && r.value().rows[0][1] == "339" &&
                                  std::stoi(*s.value().rows[0][0]) >= 3;
                if (!good) ++failures;
            }
        });
    }
    // A writer changes the catalog meanwhile: readers see one state or the other.
    std::thread writer([&] {
        for (int i = 0; i < 50 && !stop; ++i) {
            bool existed = false;
            if (!f.cat->create_database("tmp" + std::to_string(i), false, existed)) ++failures;
            if (!f.cat->drop_database("tmp" + std::to_string(i), false, existed)) ++failures;
        }
    });
    for (auto& r : readers) r.join();
    stop = true;
    writer.join();
    CHECK(failures == 0);
}
