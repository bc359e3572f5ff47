#include "storage/migrations.hpp"
#include "storage/sqlite.hpp"
#include "storage/system_db.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <array>

using namespace qproxy;
using namespace qproxy::storage;
using qproxy::storage::testing::temp_dir;

namespace {

database open_db(const std::filesystem::path& path) {
    auto db = database::open(path);
    REQUIRE(db);
    return std::move(db).value();
}

std::string pragma_text(database& db, std::string_view pragma) {
    auto stmt = db.prepare(pragma);
    REQUIRE(stmt);
    REQUIRE(stmt.value().step().value());
    return std::string(stmt.value().column_text(0));
}

}  // namespace

TEST_CASE("open turns on WAL and foreign keys", "[sqlite]") {
    temp_dir dir;
    auto db = open_db(dir.path() / "a.sqlite3");
    CHECK(pragma_text(db, "PRAGMA journal_mode") == "wal");
    CHECK(pragma_text(db, "PRAGMA foreign_keys") == "1");
}

TEST_CASE("open failures carry SQLite's message", "[sqlite]") {
    temp_dir dir;
    auto db = database::open(dir.path() / "missing" / "x.sqlite3", SQLITE_OPEN_READWRITE);
    REQUIRE_FALSE(db);
    CHECK(db.error().code == er_unknown_error);
    CHECK(db.error().sqlstate == "HY000");
    CHECK_THAT(db.error().message, Catch::Contains("unable to open database file"));
    CHECK_THAT(db.error().message, Catch::Contains("x.sqlite3"));
}

TEST_CASE("exec and prepare report errors", "[sqlite]") {
    auto db = open_db(":memory:");
    auto bad = db.exec("CREATE TABLE t(a); SELEC 1");
    REQUIRE_FALSE(bad);
    CHECK_THAT(bad.error().message, Catch::Contains("syntax error"));
    auto missing = db.prepare("SELECT * FROM nope");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("no such table: nope"));
    auto empty = db.prepare("  -- nothing\n");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == er::empty_query);
}

TEST_CASE("bind by index and typed getters round-trip", "[sqlite]") {
    auto db = open_db(":memory:");
    REQUIRE(db.exec("CREATE TABLE t(i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)"));
    auto insert = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
    REQUIRE(insert);
    auto& ins = insert.value();
    const std::string blob("a\0b", 3);
    REQUIRE(ins.bind_int64(1, -42));
    REQUIRE(ins.bind_double(2, 2.5));
    REQUIRE(ins.bind_text(3, "héllo"));
    REQUIRE(ins.bind_blob(4, blob));
    REQUIRE(ins.bind_null(5));
    REQUIRE(ins.run());
    ins.reset();
    REQUIRE(ins.bind_all(7, 0.25, std::string("x"), std::optional<std::string>{}, nullptr));
    REQUIRE(ins.run());
    CHECK(db.last_insert_rowid() == 2);
    CHECK_FALSE(ins.bind_int64(9, 1));  // out of range

    auto select = db.prepare("SELECT i, d, s, b, n FROM t ORDER BY rowid");
    REQUIRE(select);
    auto& sel = select.value();
    REQUIRE(sel.step().value());
    CHECK(sel.column_count() == 5);
    CHECK(sel.column_name(2) == "s");
    CHECK(sel.column_decltype(0) == "INTEGER");
    CHECK(sel.column_int64(0) == -42);
    CHECK(sel.column_double(1) == 2.5);
    CHECK(sel.column_text(2) == "héllo");
    CHECK(sel.column_blob(3) == blob);
    CHECK(sel.is_null(4));
    REQUIRE(sel.step().value());
    CHECK(sel.column_int64(0) == 7);
    CHECK(sel.is_null(3));
    CHECK_FALSE(sel.step().value());
}

TEST_CASE("handles are move-only and release once", "[sqlite]") {
    auto db = open_db(":memory:");
    sqlite3* raw = db.handle();
    database moved = std::move(db);
    CHECK(db.handle() == nullptr);  // NOLINT: checking the moved-from state on purpose
    CHECK(moved.handle() == raw);
    auto stmt = moved.prepare("SELECT 1");
    REQUIRE(stmt);
    statement other = std::move(stmt).value();
    REQUIRE(other.step().value());
    CHECK(other.column_int64(0) == 1);
}

TEST_CASE("transactions roll back unless committed", "[sqlite]") {
    temp_dir dir;
    auto db = open_db(dir.path() / "t.sqlite3");
    REQUIRE(db.exec("CREATE TABLE t(a)"));
    {
        auto txn = transaction::begin(db);
        REQUIRE(txn);
        REQUIRE(db.exec("INSERT INTO t VALUES (1)"));
    }
    CHECK(pragma_text(db, "SELECT count(*) FROM t") == "0");
    {
        auto txn = transaction::begin(db);
        REQUIRE(txn);
        REQUIRE(db.exec("INSERT INTO t VALUES (2)"));
        REQUIRE(txn.value().commit());
    }
    CHECK(pragma_text(db, "SELECT count(*) FROM t") == "1");
}

TEST_CASE("a busy database maps to 1205 after the busy timeout", "[sqlite]") {
    temp_dir dir;
    auto first = open_db(dir.path() / "b.sqlite3");
    auto second = database::open(dir.path() / "b.sqlite3", SQLITE_OPEN_READWRITE, std::chrono::milliseconds(20));
    REQUIRE(second);
    auto held = transaction::begin(first);
    REQUIRE(held);
    auto blocked = transaction::begin(second.value());
    REQUIRE_FALSE(blocked);
    CHECK(blocked.error().code == er_lock_wait_timeout);
    CHECK_THAT(blocked.error().message, Catch::StartsWith("Lock wait timeout exceeded"));
}

TEST_CASE("an interrupted statement maps to 1317", "[sqlite]") {
    auto db = open_db(":memory:");
    sqlite3_progress_handler(db.handle(), 100, [](void*) { return 1; }, nullptr);
    auto stmt = db.prepare("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c");
    REQUIRE(stmt);
    auto step = stmt.value().step();
    REQUIRE_FALSE(step);
    CHECK(step.error() == sql_error{er::query_interrupted, "70100", "Query execution was interrupted"});
}

TEST_CASE("migrations apply once, in order, and survive reopening", "[sqlite][migrations]") {
    temp_dir dir;
    const auto path = dir.path() / "m.sqlite3";
    std::array<std::string_view, 3> list = {
        "CREATE TABLE a(x)",
        "CREATE TABLE b(y); INSERT INTO a VALUES (1)",
        "INSERT INTO a VALUES (2)",
    };
    {
        auto db = open_db(path);
        REQUIRE(migrate(db, std::span(list).first(2)));
        CHECK(schema_version(db).value() == 2);
        REQUIRE(migrate(db, std::span(list).first(2)));  // idempotent: CREATE TABLE would fail if rerun
    }
    {
        auto db = open_db(path);
        REQUIRE(migrate(db, list));
        CHECK(schema_version(db).value() == 3);
        CHECK(pragma_text(db, "SELECT group_concat(x) FROM a") == "1,2");
        auto older = migrate(db, std::span(list).first(1));
        REQUIRE_FALSE(older);
        CHECK_THAT(older.error().message, Catch::Contains("schema version 3 is newer"));
    }
}

TEST_CASE("a failing migration leaves the previous version intact", "[sqlite][migrations]") {
    auto db = open_db(":memory:");
    std::array<std::string_view, 2> list = {"CREATE TABLE a(x)", "INSERT INTO a VALUES (1); INSERT INTO nope VALUES (2)"};
    auto result = migrate(db, list);
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message, Catch::Contains("no such table: nope"));
    CHECK(schema_version(db).value() == 1);
    CHECK(pragma_text(db, "SELECT count(*) FROM a") == "0");
}

TEST_CASE("the system database is created and migrated in the data dir", "[sqlite][migrations]") {
    temp_dir dir;
    const auto data_dir = dir.path() / "nested" / "data";
    {
        auto db = open_system_db(data_dir);
        REQUIRE(db);
        CHECK(std::filesystem::exists(system_db_path(data_dir)));
        CHECK(schema_version(db.value()).value() == static_cast<std::int64_t>(system_migrations().size()));
    }
    auto again = open_system_db(data_dir);
    REQUIRE(again);
    CHECK(pragma_text(again.value(), "SELECT count(*) FROM users") == "1");
}

TEST_CASE("temporary files go to the directory set at start-up", "[sqlite]") {
    temp_dir dir;
    REQUIRE(set_temp_directory(dir.path() / "tmp"));
    auto db = open_db(dir.path() / "t.sqlite3");
    // A temporary table larger than the cache spills to an (unlinked) file:
    // the process holds it open, under tmp/.
    REQUIRE(db.exec("PRAGMA temp_store = FILE; PRAGMA cache_size = 10"));
    REQUIRE(db.exec("CREATE TEMP TABLE big AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    "WHERE i < 20000) SELECT i, printf('%0100d', i) AS pad FROM n"));
    int under_tmp = 0;
    for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        const auto target = std::filesystem::read_symlink(fd.path(), ec).string();
        if (!ec && target.starts_with((dir.path() / "tmp").string())) ++under_tmp;
    }
    CHECK(under_tmp > 0);
}
