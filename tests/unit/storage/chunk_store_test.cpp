#include "storage/chunk_store.hpp"
#include "storage/column_types.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace qproxy;
using namespace qproxy::storage;
using qproxy::storage::testing::temp_dir;

namespace {

column_info declared(std::string name, std::string type, bool nullable = true, std::string key = {}) {
    column_info c;
    c.name = std::move(name);
    c.column_type = std::move(type);
    c.nullable = nullable;
    c.key = std::move(key);
    return c;
}

table_info director(std::string name = "Object") {
    table_info t;
    t.db = "sky";
    t.name = std::move(name);
    t.columns = {declared("objectId", "bigint", false, "PRI"), declared("ra", "double", false),
                 declared("decl", "double", false), declared("seen", "datetime"), declared("tag", "varbinary(8)")};
    t.part.kind = partitioning::kind_t::sky;
    t.part.lon = "ra";
    t.part.lat = "decl";
    t.part.key = "objectId";
    return t;
}

table_info child() {
    table_info t;
    t.db = "sky";
    t.name = "Source";
    t.columns = {declared("sourceId", "bigint", false), declared("objectId", "bigint"), declared("flux", "decimal(10,2)")};
    t.part.kind = partitioning::kind_t::child;
    t.part.key = "objectId";
    t.part.director_table = "Object";
    return t;
}

table_info replicated(std::string name = "Filter") {
    table_info t;
    t.db = "sky";
    t.name = std::move(name);
    t.columns = {declared("filterId", "tinyint", false), declared("filterName", "char(3)")};
    return t;
}

struct fixture {
    temp_dir dir;
    std::unique_ptr<catalog> cat = catalog::open(dir.path()).value();
    chunk_store store{*cat, dir.path()};

    fixture() {
        bool existed = false;
        REQUIRE(cat->create_database("sky", false, existed));
    }
    void create(table_info t) {
        bool existed = false;
        REQUIRE(store.create_table(std::move(t), false, existed));
    }
    // A chunk file the way a load makes it, committed empty.
    void make_chunk(std::int32_t id) {
        const auto lock = store.lock_database("sky");
        auto file = store.begin_chunk_load("sky", id, 1);
        REQUIRE(file);
        REQUIRE(file.value().commit());
        if (file.value().fresh()) REQUIRE(file.value().publish());
    }
};

// "name TYPE" of every column of `table` in db, as SQLite declares them.
std::vector<std::string> declared_columns(database& db, std::string_view table) {
    auto stmt = db.prepare(fmt::format("SELECT name, type FROM pragma_table_info('{}')", table));
    REQUIRE(stmt);
    std::vector<std::string> out;
    while (stmt.value().step().value()) {
        out.push_back(fmt::format("{} {}", stmt.value().column_text(0), stmt.value().column_text(1)));
    }
    return out;
}

std::vector<std::string> names(database& db, std::string_view schema, std::string_view type) {
    auto stmt = db.prepare(fmt::format("SELECT name FROM {}.sqlite_schema WHERE type = '{}' ORDER BY name", schema, type));
    REQUIRE(stmt);
    std::vector<std::string> out;
    while (stmt.value().step().value()) out.emplace_back(stmt.value().column_text(0));
    return out;
}

std::int64_t scalar(database& db, std::string_view sql) {
    auto stmt = db.prepare(sql);
    REQUIRE(stmt);
    REQUIRE(stmt.value().step().value());
    return stmt.value().column_int64(0);
}

}  // namespace

TEST_CASE("SQLite types follow the engine's value conventions", "[chunk_store]") {
    const auto type_of = [](std::string mysql) { return std::string(sqlite_type(make_column("c", mysql, true).value().meta)); };
    CHECK(type_of("bigint unsigned") == "INTEGER");
    CHECK(type_of("year") == "INTEGER");
    CHECK(type_of("decimal(10,2)") == "REAL");
    CHECK(type_of("float") == "REAL");
    CHECK(type_of("varchar(3)") == "TEXT");
    CHECK(type_of("datetime(3)") == "TEXT");
    CHECK(type_of("varbinary(8)") == "BLOB");
    CHECK(type_of("blob") == "BLOB");
}

TEST_CASE("files and paths of a database", "[chunk_store]") {
    fixture f;
    CHECK(f.store.chunk_path("sky", 42) == f.dir.path() / "chunks" / "sky" / "chunk_42.sqlite3");
    CHECK(f.store.replicated_path("sky") == f.dir.path() / "chunks" / "sky" / "replicated.sqlite3");
    CHECK(f.store.director_index_path("sky") == f.dir.path() / "chunks" / "sky" / "director_index.sqlite3");
    CHECK(f.store.database_dir("a/b..c d") == f.dir.path() / "chunks" / "a@2fb@2e@2ec@20d");
    CHECK(replicated_schema(0) == "rep_0");
    CHECK(replicated_schema(3) == "rep_3");
}

TEST_CASE("every chunk file holds every partitioned table", "[chunk_store]") {
    fixture f;
    f.create(director());
    f.make_chunk(7);  // before Source exists
    f.create(child());
    f.make_chunk(9);  // after
    f.create(replicated());
    for (const auto id : {7, 9}) {
        auto db = database::open(f.store.chunk_path("sky", id), SQLITE_OPEN_READONLY).value();
        // The sky director has its overlap table, both indexed by position.
        CHECK(names(db, "main", "table") == std::vector<std::string>{"Object", "ObjectFullOverlap", "Source"});
        // Object's integer key is its rowid; Source's needs an index.
        CHECK(names(db, "main", "index") ==
              std::vector<std::string>{"Object.position", "ObjectFullOverlap.position", "Source.director_key"});
        CHECK(declared_columns(db, "ObjectFullOverlap") == declared_columns(db, "Object"));
        CHECK(scalar(db, "SELECT pk FROM pragma_table_info('Object') WHERE name = 'objectId'") == 1);
        CHECK(declared_columns(db, "Object") == std::vector<std::string>{"objectId INTEGER", "ra REAL", "decl REAL",
                                                                         "seen TEXT", "tag BLOB", "chunkId INTEGER",
                                                                         "subChunkId INTEGER", "qproxy_load INTEGER"});
        CHECK(declared_columns(db, "Source") == std::vector<std::string>{"sourceId INTEGER", "objectId INTEGER", "flux REAL",
                                                                         "chunkId INTEGER", "subChunkId INTEGER",
                                                                         "qproxy_load INTEGER"});
    }
    auto index = f.store.open_director_index("sky");
    REQUIRE(index);
    CHECK(names(index.value(), "main", "table") == std::vector<std::string>{"Object"});
    CHECK(declared_columns(index.value(), "Object") ==
          std::vector<std::string>{"key INTEGER", "chunk_id INTEGER", "sub_chunk_id INTEGER", "qproxy_load INTEGER"});
    auto rep = database::open(f.store.replicated_path("sky"), SQLITE_OPEN_READONLY).value();
    CHECK(names(rep, "main", "table") == std::vector<std::string>{"Filter"});
}

TEST_CASE("chunk connections are read-only, with replicated databases attached", "[chunk_store]") {
    fixture f;
    f.create(director());
    f.create(child());
    f.create(replicated());
    f.make_chunk(7);
    bool existed = false;
    REQUIRE(f.cat->create_database("other", false, existed));
    auto other = replicated("Band");
    other.db = "other";
    f.create(other);
    {
        const auto lock = f.store.lock_database("sky");
        auto file = f.store.begin_replicated_load("sky", 1).value();
        REQUIRE(file.db.exec("INSERT INTO Filter VALUES (0, 'u', 1), (1, 'g', 1)"));
        REQUIRE(file.commit());
    }

    const std::vector<std::string> reps = {"sky", "other"};
    auto chunk = f.store.open_chunk("sky", 7, reps);
    REQUIRE(chunk);
    CHECK(scalar(chunk.value(), "SELECT COUNT(*) FROM Object JOIN rep_0.Filter") == 0);
    CHECK(scalar(chunk.value(), "SELECT COUNT(*) FROM rep_0.Filter") == 2);
    CHECK(scalar(chunk.value(), "SELECT COUNT(*) FROM rep_1.Band") == 0);
    CHECK(scalar(chunk.value(), "PRAGMA mmap_size") > 0);
    CHECK_FALSE(chunk.value().exec("INSERT INTO Object (objectId) VALUES (1)"));
    CHECK_FALSE(chunk.value().exec("DELETE FROM rep_0.Filter"));

    auto only = f.store.open_replicated(reps);
    REQUIRE(only);
    CHECK(scalar(only.value(), "SELECT COUNT(*) FROM rep_0.Filter WHERE filterName = 'g'") == 1);
    CHECK_FALSE(only.value().exec("DELETE FROM rep_0.Filter"));

    auto missing = f.store.open_chunk("sky", 8, reps);
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("chunk_8.sqlite3"));
}

TEST_CASE("a load is invisible until committed and gone when rolled back", "[chunk_store]") {
    fixture f;
    f.create(director());
    f.make_chunk(7);
    auto reader = f.store.open_chunk("sky", 7, {}).value();
    {
        const auto lock = f.store.lock_database("sky");
        auto file = f.store.begin_chunk_load("sky", 7, 1).value();
        REQUIRE(file.db.exec("INSERT INTO Object (objectId, ra, decl) VALUES (1, 0, 0)"));
        CHECK(scalar(reader, "SELECT COUNT(*) FROM Object") == 0);
    }  // rolled back
    CHECK(scalar(reader, "SELECT COUNT(*) FROM Object") == 0);
    {
        const auto lock = f.store.lock_database("sky");
        auto file = f.store.begin_chunk_load("sky", 7, 1).value();
        REQUIRE(file.db.exec("INSERT INTO Object (objectId, ra, decl) VALUES (1, 0, 0)"));
        REQUIRE(file.commit());
    }
    CHECK(scalar(reader, "SELECT COUNT(*) FROM Object") == 1);
}

TEST_CASE("a new chunk file is built aside and takes its name when published", "[chunk_store]") {
    fixture f;
    f.create(director());
    const auto path = f.store.chunk_path("sky", 7);
    const auto lock = f.store.lock_database("sky");
    {
        auto file = f.store.begin_chunk_load("sky", 7, 1).value();
        CHECK(file.fresh());
        REQUIRE(file.db.exec("INSERT INTO Object (objectId, ra, decl) VALUES (1, 0, 0)"));
        CHECK(std::filesystem::exists(file.building.path()));
        CHECK_FALSE(std::filesystem::exists(path));
    }  // never published: gone
    CHECK_FALSE(std::filesystem::exists(path.string() + ".load"));
    CHECK_FALSE(std::filesystem::exists(path));
    {
        auto file = f.store.begin_chunk_load("sky", 7, 1).value();
        REQUIRE(file.db.exec("INSERT INTO Object (objectId, ra, decl) VALUES (1, 0, 0)"));
        REQUIRE(file.commit());
        CHECK_FALSE(std::filesystem::exists(path));
        const std::vector<std::filesystem::path> built{file.building.path()};
        REQUIRE(sync_files(built));
        REQUIRE(file.publish());
    }
    CHECK_FALSE(std::filesystem::exists(path.string() + ".load"));
    for (const auto* suffix : {"-wal", "-shm"}) CHECK(std::filesystem::exists(path.string() + suffix));
    // A WAL file like the others, readable read-only; the next load goes through its WAL.
    auto reader = f.store.open_chunk("sky", 7, {}).value();
    CHECK(scalar(reader, "SELECT COUNT(*) FROM Object") == 1);
    CHECK(scalar(reader, "SELECT COUNT(*) FROM ObjectFullOverlap") == 0);
    {
        auto file = f.store.begin_chunk_load("sky", 7, 1).value();
        CHECK_FALSE(file.fresh());
        REQUIRE(file.db.exec("INSERT INTO Object (objectId, ra, decl) VALUES (2, 0, 0)"));
        {
            auto mode = file.db.prepare("PRAGMA journal_mode").value();
            REQUIRE(mode.step().value());
            CHECK(mode.column_text(0) == "wal");
        }
        REQUIRE(file.commit());
    }
    CHECK(scalar(reader, "SELECT COUNT(*) FROM Object") == 2);
}

TEST_CASE("dropping tables and databases removes their files", "[chunk_store]") {
    fixture f;
    f.create(director());
    f.create(child());
    f.create(replicated());
    f.make_chunk(7);
    REQUIRE(f.cat->publish_load("sky", 1, std::vector<std::int32_t>{7}));
    bool existed = false;

    auto referenced = f.store.drop_table("sky", "Object", false, existed);
    REQUIRE_FALSE(referenced);
    CHECK(referenced.error().code == 3730);
    REQUIRE(f.store.drop_table("sky", "Source", false, existed));
    {
        auto db = database::open(f.store.chunk_path("sky", 7), SQLITE_OPEN_READONLY).value();
        CHECK(names(db, "main", "table") == std::vector<std::string>{"Object", "ObjectFullOverlap"});
    }
    REQUIRE(f.store.drop_table("sky", "Filter", false, existed));
    {
        auto db = database::open(f.store.replicated_path("sky"), SQLITE_OPEN_READONLY).value();
        CHECK(names(db, "main", "table").empty());
    }
    // The last partitioned table takes the chunks with it.
    REQUIRE(f.store.drop_table("sky", "Object", false, existed));
    CHECK_FALSE(std::filesystem::exists(f.store.chunk_path("sky", 7)));
    CHECK(f.cat->chunks("sky").empty());
    {
        auto index = f.store.open_director_index("sky").value();
        CHECK(names(index, "main", "table").empty());
    }

    // A new table of a dropped name starts empty.
    f.create(director());
    f.make_chunk(3);
    CHECK(f.store.drop_table("sky", "Nope", false, existed).error().code == 1051);
    CHECK(f.store.create_table(director(), false, existed).error().code == er::table_exists);
    REQUIRE(f.store.create_table(director(), true, existed));
    CHECK(existed);

    REQUIRE(f.store.drop_database("sky", false, existed));
    CHECK(existed);
    CHECK_FALSE(std::filesystem::exists(f.store.database_dir("sky")));
    CHECK_FALSE(f.cat->find_database("sky"));
    REQUIRE(f.store.drop_database("sky", true, existed));
    CHECK_FALSE(existed);
}

TEST_CASE("a failed file change leaves the catalog unchanged", "[chunk_store]") {
    fixture f;
    // A directory where replicated.sqlite3 should be: the file cannot be opened.
    std::filesystem::create_directories(f.store.replicated_path("sky"));
    bool existed = false;
    auto created = f.store.create_table(replicated(), false, existed);
    REQUIRE_FALSE(created);
    CHECK_THAT(created.error().message, Catch::Contains("replicated.sqlite3"));
    CHECK_FALSE(f.cat->find_table("sky", "Filter"));
}

TEST_CASE("text director keys get an index, and fold case in the director index", "[chunk_store]") {
    fixture f;
    table_info t;
    t.db = "sky";
    t.name = "Run";
    t.columns = {declared("runName", "varchar(20)", false), declared("note", "text")};
    t.part.kind = partitioning::kind_t::hash;
    t.part.key = "runName";
    t.part.partitions = 4;
    f.create(t);
    f.make_chunk(2);
    auto db = database::open(f.store.chunk_path("sky", 2), SQLITE_OPEN_READONLY).value();
    CHECK(names(db, "main", "index") == std::vector<std::string>{"Run.director_key"});
    auto index = f.store.open_director_index("sky").value();
    auto sql = index.prepare("SELECT sql FROM sqlite_schema WHERE name = 'Run'").value();
    REQUIRE(sql.step().value());
    CHECK_THAT(std::string(sql.column_text(0)), Catch::Contains("\"key\" TEXT COLLATE NOCASE NOT NULL PRIMARY KEY"));
}
