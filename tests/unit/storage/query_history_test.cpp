#include "storage/query_history.hpp"
#include "history_support.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

using namespace qproxy;
using namespace qproxy::storage;
using qproxy::storage::testing::record;
using qproxy::storage::testing::temp_dir;

namespace {

std::unique_ptr<query_history> open_history(const temp_dir& dir, std::string czar = "proxy", std::int64_t czar_id = 9) {
    auto h = query_history::open(dir.path(), std::move(czar), czar_id);
    REQUIRE(h);
    return std::move(h).value();
}

std::int64_t begin(query_history& h, std::string user = "alice", query_type type = query_type::async) {
    auto id = record(h, {type, std::move(user), "sky", "SELECT COUNT(*) FROM sky.Object", 1477});
    REQUIRE(id);
    return id.value();
}

query_record find(const query_history& h, std::int64_t id) {
    auto r = h.find(id);
    REQUIRE(r);
    REQUIRE(r.value());
    return *r.value();
}

// Writes a column of the history file behind the history's back.
void set_column(const temp_dir& dir, std::int64_t id, std::string_view column, std::string_view value) {
    auto db = database::open(dir.path() / "history.sqlite3");
    REQUIRE(db);
    REQUIRE(db.value().exec(fmt::format("UPDATE queries SET {} = '{}' WHERE id = {}", column, value, id)));
}

}  // namespace

TEST_CASE("a query's life: begin, finish, first fetch", "[query_history]") {
    temp_dir dir;
    auto h = open_history(dir);
    const auto id = begin(*h);
    CHECK(id > 0);

    auto r = find(*h, id);
    CHECK(r.type == query_type::async);
    CHECK(r.czar == "proxy");
    CHECK(r.czar_id == 9);
    CHECK(r.user == "alice");
    CHECK(r.status == query_status::executing);
    CHECK(r.submitted.size() == 19);
    CHECK(r.submitted <= local_datetime(std::chrono::system_clock::now()));
    CHECK_FALSE(r.completed);
    CHECK_FALSE(r.returned);
    CHECK(r.totals.chunks == 1477);
    CHECK(r.dbs == "sky");
    CHECK(r.query == "SELECT COUNT(*) FROM sky.Object");
    CHECK_FALSE(r.error);
    CHECK(r.result_location == fmt::format("table:result_{}", id));

    auto done = h->finish(id, query_status::completed, {1477, 13856, 1477, 1});
    REQUIRE(done);
    CHECK(done.value());
    r = find(*h, id);
    CHECK(r.status == query_status::completed);
    REQUIRE(r.completed);
    CHECK(r.completed->size() == 19);
    CHECK(r.totals.bytes == 13856);
    CHECK(r.totals.rows_collected == 1477);
    CHECK(r.totals.rows == 1);

    // The first end wins: a late cancel does not rewrite a completed query.
    auto late = h->finish(id, query_status::aborted, {}, "cancelled");
    REQUIRE(late);
    CHECK_FALSE(late.value());
    CHECK(find(*h, id).status == query_status::completed);
    CHECK_FALSE(h->finish(id + 100, query_status::failed, {}).value());

    REQUIRE(h->mark_returned(id));
    REQUIRE(find(*h, id).returned);
    set_column(dir, id, "returned", "2001-02-03 04:05:06");
    REQUIRE(h->mark_returned(id));
    CHECK(find(*h, id).returned == "2001-02-03 04:05:06");

    auto missing = h->find(id + 1);
    REQUIRE(missing);
    CHECK_FALSE(missing.value());
}

TEST_CASE("failures keep their error text", "[query_history]") {
    temp_dir dir;
    auto h = open_history(dir);
    const auto id = begin(*h, "bob", query_type::sync);
    REQUIRE(h->finish(id, query_status::failed_lr, {3, 100, 10, 0}, "MERGE_ERROR 1470 too large"));
    const auto r = find(*h, id);
    CHECK(r.type == query_type::sync);
    CHECK(r.status == query_status::failed_lr);
    CHECK(r.error == "MERGE_ERROR 1470 too large");
    CHECK(to_string(r.status) == "FAILED_LR");
    CHECK(to_string(r.type) == "SYNC");
}

TEST_CASE("ids increase, survive a restart, and executing queries are aborted by it", "[query_history]") {
    temp_dir dir;
    std::vector<std::int64_t> ids;
    {
        auto h = open_history(dir);
        CHECK(h->aborted_at_start().empty());
        for (int i = 0; i < 5; ++i) ids.push_back(begin(*h));
        REQUIRE(h->finish(ids[1], query_status::completed, {}));
        REQUIRE(h->finish(ids[3], query_status::failed, {}, "chunk 12: no such table"));
    }
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());

    auto h = open_history(dir, "proxy2", 10);
    CHECK(h->aborted_at_start() == std::vector<std::int64_t>{ids[0], ids[2], ids[4]});
    const auto aborted = find(*h, ids[2]);
    CHECK(aborted.status == query_status::aborted);
    CHECK(aborted.error == "aborted: the server restarted while the query was executing");
    CHECK(aborted.completed);
    CHECK(aborted.czar == "proxy");  // rows keep the czar that ran them
    CHECK(find(*h, ids[1]).status == query_status::completed);
    CHECK(find(*h, ids[3]).error == "chunk 12: no such table");

    const auto next = begin(*h);
    CHECK(next > ids.back());
    CHECK(find(*h, next).czar == "proxy2");
    CHECK(open_history(dir)->aborted_at_start() == std::vector<std::int64_t>{next});
}

TEST_CASE("purge removes completed queries and ids are never reused", "[query_history]") {
    temp_dir dir;
    std::int64_t last = 0;
    {
        auto h = open_history(dir);
        const auto old_id = begin(*h);
        const auto running = begin(*h);
        last = begin(*h);
        REQUIRE(h->finish(old_id, query_status::completed, {}));
        REQUIRE(h->finish(last, query_status::aborted, {}));
        set_column(dir, old_id, "completed", "2000-01-01 00:00:00");

        const auto now = std::chrono::system_clock::now();
        auto purged = h->purge(now - std::chrono::hours(1));
        REQUIRE(purged);
        CHECK(purged.value() == 1);
        CHECK_FALSE(h->find(old_id).value());
        CHECK(h->find(last).value());

        purged = h->purge(now + std::chrono::hours(1));
        REQUIRE(purged);
        CHECK(purged.value() == 1);  // the executing query stays
        CHECK_FALSE(h->find(last).value());
        CHECK(h->find(running).value());
    }
    // The highest id is gone, yet neither this run nor the next reuses it.
    auto h = open_history(dir);
    const auto next = begin(*h);
    CHECK(next == last + 1);
}

TEST_CASE("scans come in id order, filtered by owner and range", "[query_history]") {
    temp_dir dir;
    auto h = open_history(dir);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 6; ++i) ids.push_back(begin(*h, i % 2 ? "bob" : "alice"));

    const auto collect = [&](std::int64_t low, std::int64_t high, std::optional<std::string_view> user, bool desc) {
        auto scan = h->scan(low, high, user, desc);
        REQUIRE(scan);
        std::vector<std::int64_t> out;
        for (;;) {
            auto more = scan.value().next();
            REQUIRE(more);
            if (!more.value()) break;
            out.push_back(scan.value().row().column_int64(static_cast<int>(history_column::id)));
            CHECK(scan.value().row().column_text(static_cast<int>(history_column::status)) == "EXECUTING");
        }
        return out;
    };
    CHECK(collect(ids[0], ids[5], std::nullopt, false) == ids);
    CHECK(collect(ids[1], ids[3], std::nullopt, true) == std::vector{ids[3], ids[2], ids[1]});
    CHECK(collect(ids[0], ids[5], "bob", false) == std::vector{ids[1], ids[3], ids[5]});
    CHECK(collect(ids[0], ids[5], "bob", true) == std::vector{ids[5], ids[3], ids[1]});
    CHECK(collect(ids[5] + 1, ids[5] + 10, std::nullopt, false).empty());
}

TEST_CASE("many threads submit at once", "[query_history]") {
    temp_dir dir;
    auto h = open_history(dir);
    constexpr int threads = 64, per_thread = 50;
    std::vector<std::vector<std::int64_t>> ids(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                auto id = record(*h, {query_type::async, "u" + std::to_string(t), "sky", "SELECT 1", 10});
                if (!id) return;
                ids[t].push_back(id.value());
                if (i % 2) (void)h->finish(id.value(), query_status::completed, {10, 1, 1, 1});
            }
        });
    }
    for (auto& t : pool) t.join();

    std::set<std::int64_t> all;
    for (int t = 0; t < threads; ++t) {
        CHECK(ids[t].size() == per_thread);
        CHECK(std::is_sorted(ids[t].begin(), ids[t].end()));  // increasing as each client sees them
        all.insert(ids[t].begin(), ids[t].end());
    }
    CHECK(all.size() == threads * per_thread);
    const auto last = find(*h, *all.rbegin());
    CHECK(last.user.starts_with("u"));
    CHECK((last.status == query_status::executing || last.status == query_status::completed));
}
