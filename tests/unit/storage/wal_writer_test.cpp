#include "storage/wal_writer.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

using namespace qproxy;
using namespace qproxy::storage;
using qproxy::storage::testing::temp_dir;

namespace {

sql_status insert(wal_writer& w, std::int64_t v) {
    return w.write([v](database& db) -> sql_status {
        BOOST_OUTCOME_TRY(stmt, db.prepare("INSERT INTO t VALUES (?)"));
        BOOST_OUTCOME_TRY(stmt.bind_all(v));
        return stmt.run();
    });
}

// A writer of dir/w.sqlite3 whose table t is made by `schema`.
std::unique_ptr<wal_writer> open_writer(const temp_dir& dir,
                                        std::string_view schema = "CREATE TABLE t (v INTEGER NOT NULL CHECK (v >= 0))") {
    auto opened = wal_writer::open(dir.path() / "w.sqlite3");
    REQUIRE(opened);
    REQUIRE(opened.value()->db().exec(schema));
    return std::move(opened).value();
}

std::int64_t count(const temp_dir& dir) {
    auto db = database::open(dir.path() / "w.sqlite3", SQLITE_OPEN_READONLY);
    REQUIRE(db);
    auto stmt = db.value().prepare("SELECT COUNT(*) FROM t");
    REQUIRE(stmt);
    REQUIRE(stmt.value().step().value());
    return stmt.value().column_int64(0);
}

}  // namespace

TEST_CASE("concurrent writes share commits, and one failure spoils no other", "[wal_writer]") {
    temp_dir dir;
    auto writer = open_writer(dir);
    auto& w = *writer;

    constexpr int threads = 32, per_thread = 100;
    std::atomic<int> succeeded = 0, failed = 0;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                // Every tenth write breaks the CHECK constraint.
                const auto r = insert(w, i % 10 == 9 ? -1 : t * per_thread + i);
                ++(r ? succeeded : failed);
            }
        });
    }
    for (auto& t : pool) t.join();
    CHECK(failed == threads * per_thread / 10);
    CHECK(succeeded == threads * per_thread - failed);
    CHECK(count(dir) == succeeded);
}

TEST_CASE("an op that fails reports its own error", "[wal_writer]") {
    temp_dir dir;
    auto writer = open_writer(dir);
    auto& w = *writer;
    const auto r = insert(w, -5);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("CHECK constraint failed") != std::string::npos);
    REQUIRE(insert(w, 5));
    CHECK(count(dir) == 1);
}

TEST_CASE("asynchronous writes run in order on the writer's thread, and closing commits the queued ones",
          "[wal_writer]") {
    temp_dir dir;
    constexpr int writes = 500;
    std::vector<int> completed;  // in completion order; -1: failed
    std::thread::id writer_thread;
    {
        auto writer = open_writer(dir);
        auto& w = *writer;
        for (int i = 0; i < writes; ++i) {
            w.write_async(
                [i](database& db) -> sql_status {
                    // Each value must follow the last one written.
                    BOOST_OUTCOME_TRY(stmt, db.prepare("INSERT INTO t SELECT ?1 WHERE ?1 = "
                                                       "(SELECT COALESCE(MAX(v) + 1, 0) FROM t)"));
                    BOOST_OUTCOME_TRY(stmt.bind_all(i));
                    return stmt.run();
                },
                [&, i](sql_status st) {  // no Catch2 assertions off the test's thread
                    writer_thread = std::this_thread::get_id();
                    completed.push_back(st ? i : -1);
                });
        }
        // Destroyed with writes still queued: they are committed first.
    }
    CHECK(writer_thread != std::this_thread::get_id());
    REQUIRE(completed.size() == writes);
    CHECK(std::is_sorted(completed.begin(), completed.end()));
    CHECK(completed.front() == 0);
    CHECK(count(dir) == writes);
}

TEST_CASE("the WAL restarts under a steady stream of commits instead of growing", "[wal_writer]") {
    temp_dir dir;
    auto writer = open_writer(dir, "CREATE TABLE t (v INTEGER PRIMARY KEY, pad BLOB)");
    auto& w = *writer;
    // Each commit appends a page or two; commits follow each other at once,
    // so the background checkpoints never find the last frame checkpointed.
    constexpr int writes = 24'000;
    for (int i = 0; i < writes; ++i) {
        REQUIRE(w.write([i](database& db) -> sql_status {
            BOOST_OUTCOME_TRY(stmt, db.prepare("INSERT INTO t VALUES (?, zeroblob(3000))"));
            BOOST_OUTCOME_TRY(stmt.bind_all(i));
            return stmt.run();
        }));
    }
    const auto wal = std::filesystem::file_size(dir.path() / "w.sqlite3-wal");
    INFO("WAL bytes: " << wal);
    CHECK(wal < 12'000u * 4'120u);  // restarted near 8,000 pages; without restarts: over 24,000
    CHECK(count(dir) == writes);
}
