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
    REQUIRE(tables.size() == 25);
    for (const auto& t : tables) {
        CHECK(t.kind == "system view");
        CHECK(t.db == "information_schema");
    }
    CHECK(cat->tables("Information_Schema").size() == 25);
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

    const auto processlist = cat->find_table("information_schema", "processlist");
    REQUIRE(processlist);
    CHECK(processlist->name == "PROCESSLIST");
    CHECK(column(*processlist, "CHUNKS_COMP").column_type == "bigint unsigned");
    CHECK(cat->find_table("information_schema", "QUERIES"));
    CHECK_FALSE(cat->find_table("sky", "Object"));
}

namespace {

column_info declared(std::string name, std::string type, bool nullable = true, std::string key = {}) {
    column_info c;
    c.name = std::move(name);
    c.column_type = std::move(type);
    c.nullable = nullable;
    c.key = std::move(key);
    return c;
}

table_info object_table(std::string db = "sky") {
    table_info t;
    t.db = std::move(db);
    t.name = "Object";
    t.comment = "objects";
    t.columns = {declared("objectId", "bigint", false, "PRI"), declared("ra", "double", false),
                 declared("decl", "double", false), declared("name", "varchar(20)")};
    t.part.kind = partitioning::kind_t::sky;
    t.part.lon = "ra";
    t.part.lat = "decl";
    t.part.key = "objectId";
    return t;
}

table_info source_table(std::string director = "Object") {
    table_info t;
    t.db = "sky";
    t.name = "Source";
    t.columns = {declared("sourceId", "bigint", false, "PRI"), declared("objectId", "bigint", true, "MUL")};
    t.part.kind = partitioning::kind_t::child;
    t.part.key = "objectId";
    t.part.director_table = std::move(director);
    return t;
}

table_info filter_table() {
    table_info t;
    t.db = "sky";
    t.name = "Filter";
    t.columns = {declared("filterId", "tinyint", false, "PRI"), declared("filterName", "char(3)")};
    return t;
}

std::vector<std::string> column_names(const table_info& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns) out.push_back(c.name);
    return out;
}

void create(catalog& cat, table_info t) {
    bool existed = true;
    REQUIRE(cat.create_table(std::move(t), false, existed));
    CHECK_FALSE(existed);
}

std::unique_ptr<catalog> sky_catalog(const temp_dir& dir) {
    auto cat = open_catalog(dir);
    bool existed = false;
    REQUIRE(cat->create_database("sky", false, existed));
    create(*cat, object_table());
    create(*cat, source_table());
    create(*cat, filter_table());
    return cat;
}

}  // namespace

TEST_CASE("tables are completed: kind, chunk columns, metadata, SHOW CREATE TABLE", "[catalog]") {
    temp_dir dir;
    auto cat = sky_catalog(dir);
    const auto object = cat->find_table("sky", "Object");
    REQUIRE(object);
    CHECK(object->kind == "director");
    CHECK(object->engine == "QSERV");
    CHECK(column_names(*object) == std::vector<std::string>{"objectId", "ra", "decl", "name", "chunkId", "subChunkId"});
    const auto& id = column(*object, "objectId");
    CHECK(id.meta.type == field_type::longlong);
    CHECK((id.meta.flags & column_flag::pri_key));
    CHECK(id.meta.db == "sky");
    CHECK(id.meta.table == "Object");
    CHECK(id.meta.org_table == "Object");
    CHECK(column(*object, "name").collation == "utf8mb4_0900_ai_ci");
    CHECK(column(*object, "chunkId").column_type == "int");
    CHECK_FALSE(column(*object, "subChunkId").nullable);
    CHECK(object->part.stripes == 85);
    CHECK(object->create_sql ==
          "CREATE TABLE `Object` (\n"
          "  `objectId` bigint NOT NULL,\n"
          "  `ra` double NOT NULL,\n"
          "  `decl` double NOT NULL,\n"
          "  `name` varchar(20) DEFAULT NULL,\n"
          "  `chunkId` int NOT NULL,\n"
          "  `subChunkId` int NOT NULL,\n"
          "  PRIMARY KEY (`objectId`)\n"
          ") ENGINE=QSERV DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='objects'\n"
          "PARTITION BY SPHERE (`ra`, `decl`) KEY (`objectId`) STRIPES 85 SUBSTRIPES 12 OVERLAP 0.01667");

    const auto source = cat->find_table("sky", "Source");
    REQUIRE(source);
    CHECK(source->kind == "child");
    CHECK(source->part.director_db == "sky");
    // A child of a sky director lives in sub-chunks too.
    CHECK(column_names(*source) == std::vector<std::string>{"sourceId", "objectId", "chunkId", "subChunkId"});
    CHECK_THAT(source->create_sql, Catch::EndsWith("  KEY `objectId` (`objectId`)\n"
                                                   ") ENGINE=QSERV DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci\n"
                                                   "PARTITION BY DIRECTOR (`objectId`) REFERENCES `sky`.`Object`"));

    const auto filter = cat->find_table("sky", "Filter");
    REQUIRE(filter);
    CHECK(filter->kind == "replicated");
    CHECK(column_names(*filter) == std::vector<std::string>{"filterId", "filterName"});  // no chunk columns

    std::vector<std::string> listed;
    for (const auto& t : cat->tables("sky")) listed.push_back(t.name);
    CHECK(listed == std::vector<std::string>{"Filter", "Object", "Source"});
}

TEST_CASE("declared chunk columns are kept; hash directors get chunkId only", "[catalog]") {
    temp_dir dir;
    auto cat = open_catalog(dir);
    bool existed = false;
    REQUIRE(cat->create_database("db", false, existed));
    table_info t;
    t.db = "db";
    t.name = "Hashed";
    t.columns = {declared("id", "bigint unsigned", false, "PRI"), declared("ChunkId", "bigint", false)};
    t.part.kind = partitioning::kind_t::hash;
    t.part.key = "id";
    t.part.partitions = 16;
    create(*cat, t);
    const auto hashed = cat->find_table("db", "Hashed");
    REQUIRE(hashed);
    CHECK(column_names(*hashed) == std::vector<std::string>{"id", "ChunkId"});
    CHECK(column(*hashed, "ChunkId").column_type == "bigint");
    CHECK_THAT(hashed->create_sql, Catch::EndsWith("\nPARTITION BY KEY (`id`) PARTITIONS 16"));
}

TEST_CASE("create and drop table with MySQL's errors", "[catalog]") {
    temp_dir dir;
    auto cat = sky_catalog(dir);
    bool existed = false;
    const auto fails = [&](table_info t, std::uint16_t code, std::string message) {
        auto r = cat->create_table(std::move(t), false, existed);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == code);
        CHECK(r.error().message == message);
    };
    fails(object_table("nowhere"), er::bad_db, "Unknown database 'nowhere'");
    fails(object_table(), er::table_exists, "Table 'Object' already exists");
    REQUIRE(cat->create_table(object_table(), true, existed));
    CHECK(existed);
    auto lower = object_table();
    lower.name = "object";
    fails(lower, er::table_exists,
          "Table 'object' already exists (as 'Object': names of a database's tables must differ in more than letter case)");
    fails(object_table("information_schema"), er::dbaccess_denied, "Access denied to database 'information_schema'");

    auto dup = filter_table();
    dup.name = "Dup";
    dup.columns.push_back(declared("FILTERNAME", "int"));
    fails(dup, 1060, "Duplicate column name 'FILTERNAME'");
    auto reserved = filter_table();
    reserved.name = "Reserved";
    reserved.columns.push_back(declared("QProxy_Load", "int"));  // the store's own column (chunk_schema.hpp)
    fails(reserved, 1166, "Incorrect column name 'QProxy_Load': the name is reserved by qproxy");
    auto no_columns = filter_table();
    no_columns.name = "Empty";
    no_columns.columns.clear();
    fails(no_columns, 1113, "A table must have at least 1 column");
    auto bad_key = object_table();
    bad_key.name = "Other";
    bad_key.part.key = "id";
    fails(bad_key, 1072, "Key column 'id' doesn't exist in table");
    auto text_position = object_table();
    text_position.name = "Other";
    text_position.part.lat = "name";
    fails(text_position, 1659,
          "Field 'name' is of a not allowed type for this type of partitioning (sky positions are numbers, in degrees)");
    auto no_stripes = object_table();
    no_stripes.name = "Other";
    no_stripes.part.stripes = 0;
    CHECK(cat->create_table(no_stripes, false, existed).error().code == 1504);

    auto orphan = source_table("Missing");
    orphan.name = "Orphan";
    fails(orphan, 1824, "Failed to open the referenced table 'sky.Missing': no such table");
    auto of_replicated = source_table("Filter");
    of_replicated.name = "Orphan";
    fails(of_replicated, 1824, "Failed to open the referenced table 'sky.Filter': it is not a director table with a KEY column");
    auto elsewhere = source_table();
    elsewhere.name = "Orphan";
    elsewhere.part.director_db = "gaia";
    fails(elsewhere, 1824,
          "Failed to open the referenced table 'gaia.Object': a child table must reference a director table of its own "
          "database 'sky'");

    auto referenced = cat->drop_table("sky", "Object", false, existed);
    REQUIRE_FALSE(referenced);
    CHECK(referenced.error() == sql_error{3730, "HY000",
                                          "Cannot drop table 'Object' referenced by child table 'Source': drop the "
                                          "child tables first"});
    auto unknown = cat->drop_table("sky", "Nope", false, existed);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error() == sql_error{1051, "42S02", "Unknown table 'sky.Nope'"});
    REQUIRE(cat->drop_table("sky", "Nope", true, existed));
    CHECK_FALSE(existed);
    REQUIRE(cat->drop_table("sky", "Source", false, existed));
    CHECK(existed);
    REQUIRE(cat->drop_table("sky", "Object", false, existed));
    CHECK_FALSE(cat->find_table("sky", "Object"));
}

TEST_CASE("tables and chunk lists persist across reopen; drop database drops them", "[catalog]") {
    temp_dir dir;
    table_info before;
    {
        auto cat = sky_catalog(dir);
        before = *cat->find_table("sky", "Object");
        const std::vector<std::int32_t> ids = {42, 7, 42, 1234567890};
        CHECK(cat->loads("sky").published == 0);
        REQUIRE(cat->begin_load_commit("sky", 1));
        CHECK(cat->loads("sky").last == 1);
        CHECK(cat->loads("sky").published == 0);
        REQUIRE(cat->publish_load("sky", 1, ids));
        CHECK(cat->chunks("sky") == std::vector<std::int32_t>{7, 42, 1234567890});
        REQUIRE(cat->begin_load_commit("sky", 2));  // cut short: the next open knows
        CHECK(cat->publish_load("nowhere", 1, ids).error().code == er::bad_db);
    }
    {
        auto cat = open_catalog(dir);
        const auto after = cat->find_table("sky", "Object");
        REQUIRE(after);
        CHECK(after->kind == before.kind);
        CHECK(after->part == before.part);
        CHECK(after->create_sql == before.create_sql);
        CHECK(after->comment == "objects");
        REQUIRE(after->columns.size() == before.columns.size());
        for (std::size_t i = 0; i < after->columns.size(); ++i) {
            CHECK(after->columns[i].name == before.columns[i].name);
            CHECK(after->columns[i].meta == before.columns[i].meta);
            CHECK(after->columns[i].collation == before.columns[i].collation);
        }
        CHECK(cat->find_table("sky", "Source")->part.director_table == "Object");
        CHECK(cat->chunks("sky") == std::vector<std::int32_t>{7, 42, 1234567890});
        CHECK(cat->loads("sky").published == 1);
        CHECK(cat->loads("sky").last == 2);
        REQUIRE(cat->clear_chunks("sky"));
        CHECK(cat->chunks("sky").empty());
        REQUIRE(cat->publish_load("sky", 3, std::vector<std::int32_t>{3}));
        CHECK(cat->loads("sky").last == 3);
        bool existed = false;
        REQUIRE(cat->drop_database("sky", false, existed));
        REQUIRE(cat->create_database("sky", false, existed));
        CHECK(cat->tables("sky").empty());
        CHECK(cat->chunks("sky").empty());
        CHECK(cat->loads("sky").last == 0);
    }
    auto cat = open_catalog(dir);
    CHECK(cat->tables("sky").empty());
    CHECK(cat->chunks("sky").empty());
}

TEST_CASE("information_schema shows the tables and their columns", "[catalog]") {
    temp_dir dir;
    auto cat = sky_catalog(dir);
    auto tables = cat->query_information_schema(
        "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COMMENT FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = 'sky' ORDER BY TABLE_NAME");
    REQUIRE(tables);
    REQUIRE(tables.value().rows.size() == 3);
    CHECK(tables.value().rows[1] == row{"Object", "BASE TABLE", "QSERV", "objects"});
    auto columns = cat->query_information_schema(
        "SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = 'sky' AND TABLE_NAME = 'Source' ORDER BY ORDINAL_POSITION");
    REQUIRE(columns);
    CHECK(columns.value().rows == std::vector<row>{{"sourceId", "1", "bigint", "NO", "PRI"},
                                                   {"objectId", "2", "bigint", "YES", "MUL"},
                                                   {"chunkId", "3", "int", "NO", ""},
                                                   {"subChunkId", "4", "int", "NO", ""}});
    bool existed = false;
    REQUIRE(cat->drop_table("sky", "Filter", false, existed));
    auto after = cat->query_information_schema("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sky'");
    REQUIRE(after);
    CHECK(after.value().rows[0][0] == "2");
}
