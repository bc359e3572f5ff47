#include "storage/accounts.hpp"
#include "storage/live_queries.hpp"
#include "storage/query_history.hpp"
#include "storage/schema_query.hpp"
#include "history_support.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

using namespace qproxy;
using namespace qproxy::storage;
using qproxy::storage::testing::record;
using qproxy::storage::testing::temp_dir;

namespace {

class fake_live : public live_queries {
public:
    std::vector<live_query> queries;
    mutable int snapshots = 0;
    std::vector<live_query> snapshot() const override {
        ++snapshots;
        return queries;
    }
};

struct fixture {
    temp_dir dir;
    std::unique_ptr<query_history> history;
    std::unique_ptr<account_store> accounts;
    fake_live live;
    schema_query_engine engine;
    std::shared_ptr<const schema_rows> rows = build_schema_rows({}, {}, "2024-01-01 00:00:00");
    // alice: completed, failed, executing; bob: completed, executing.
    std::vector<std::int64_t> ids;

    fixture() {
        auto h = query_history::open(dir.path(), "proxy", 9);
        REQUIRE(h);
        history = std::move(h).value();
        auto a = account_store::open(dir.path());
        REQUIRE(a);
        accounts = std::move(a).value();
        bool existed = false;
        for (const auto* user : {"alice", "bob", "carol"}) {
            REQUIRE(accounts->create_user({user, "%", "mysql_native_password", "", false}, false, existed));
        }
        REQUIRE(accounts->grant("carol", "%", {"*", "*"}, bit(privilege::process), false));
        engine.set_query_sources({history.get(), &live});

        for (const auto* user : {"alice", "alice", "alice", "bob", "bob"}) {
            const auto text = fmt::format("SELECT {} FROM sky.Object", user);
            auto id = record(*history, {query_type::async, user, "sky", text, 4});
            REQUIRE(id);
            ids.push_back(id.value());
        }
        REQUIRE(history->finish(ids[0], query_status::completed, {4, 400, 40, 4}));
        REQUIRE(history->finish(ids[1], query_status::failed, {4, 0, 0, 0}, "chunk 3: boom"));
        REQUIRE(history->finish(ids[3], query_status::completed, {4, 800, 80, 8}));
        const auto t = std::chrono::system_clock::now();
        live.queries = {
            {ids[4], query_type::sync, "proxy", 9, "bob", t, t, 4, 3, 300, 30, "SELECT bob FROM sky.Object"},
            {ids[2], query_type::async, "proxy", 9, "alice", t, t, 4, 1, 100, 10, "SELECT alice FROM sky.Object"}};
    }

    result_set query(std::string_view sql, const schema_viewer* viewer = nullptr) {
        auto r = engine.run(sql, rows, viewer);
        if (!r) FAIL(sql << " -> " << r.error().code << " " << r.error().message);
        return std::move(r).value();
    }

    // One column of the result, NULL as "NULL".
    std::vector<std::string> column(std::string_view sql, const schema_viewer* viewer = nullptr) {
        std::vector<std::string> out;
        for (const auto& r : query(sql, viewer).rows) out.push_back(r[0].value_or("NULL"));
        return out;
    }

    std::string id(std::size_t i) const { return std::to_string(ids[i]); }
};

}  // namespace

TEST_CASE("QUERIES shows the history with MySQL metadata", "[query_tables]") {
    fixture f;
    const auto r = f.query(fmt::format("SELECT * FROM information_schema.QUERIES WHERE ID = {}", f.ids[1]));
    REQUIRE(r.rows.size() == 1);
    std::vector<std::string> names;
    for (const auto& c : r.columns) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"ID", "TYPE", "CZAR", "CZAR_ID", "STATUS", "SUBMITTED", "COMPLETED",
                                            "RETURNED", "CHUNKS", "BYTES", "ROWS_COLLECTED", "ROWS", "DBS", "QUERY",
                                            "ERROR"});
    CHECK(r.columns[0].type == field_type::longlong);
    CHECK((r.columns[0].flags & column_flag::unsigned_));
    CHECK(r.columns[0].org_table == "QUERIES");
    CHECK((r.columns[4].flags & column_flag::enum_));
    CHECK(r.columns[5].type == field_type::datetime);
    CHECK(r.columns[6].type == field_type::datetime);
    CHECK_FALSE(r.columns[6].flags & column_flag::not_null);

    const auto& row = r.rows[0];
    CHECK(row[0] == f.id(1));
    CHECK(row[1] == "ASYNC");
    CHECK(row[2] == "proxy");
    CHECK(row[3] == "9");
    CHECK(row[4] == "FAILED");
    CHECK(row[5]->size() == 19);
    CHECK(row[6]->size() == 19);
    CHECK_FALSE(row[7]);
    CHECK(row[8] == "4");
    CHECK(row[12] == "sky");
    CHECK(row[13] == "SELECT alice FROM sky.Object");
    CHECK(row[14] == "chunk 3: boom");
}

TEST_CASE("QUERIES takes WHERE, ORDER BY, LIMIT and aggregates", "[query_tables]") {
    fixture f;
    const std::string q = "SELECT ID FROM information_schema.QUERIES";
    CHECK(f.column(q) == std::vector{f.id(0), f.id(1), f.id(2), f.id(3), f.id(4)});
    CHECK(f.column(q + " ORDER BY ID DESC LIMIT 2") == std::vector{f.id(4), f.id(3)});
    CHECK(f.column(q + " ORDER BY ID LIMIT 2 OFFSET 1") == std::vector{f.id(1), f.id(2)});
    CHECK(f.column(q + " WHERE ID > " + f.id(1) + " AND ID <= " + f.id(3)) == std::vector{f.id(2), f.id(3)});
    CHECK(f.column(q + " WHERE ID BETWEEN " + f.id(3) + " AND 1e30") == std::vector{f.id(3), f.id(4)});
    CHECK(f.column(q + " WHERE ID IN (" + f.id(4) + ", " + f.id(0) + ") ORDER BY ID") == std::vector{f.id(0), f.id(4)});
    CHECK(f.column(q + " WHERE ID = '" + f.id(2) + "'") == std::vector{f.id(2)});
    CHECK(f.column(q + " WHERE ID = " + f.id(2) + ".0") == std::vector{f.id(2)});
    CHECK(f.column(q + " WHERE ID = " + f.id(2) + ".5").empty());
    CHECK(f.column(q + " WHERE ID < " + f.id(1) + ".5") == std::vector{f.id(0), f.id(1)});
    CHECK(f.column(q + " WHERE ID = 'x'").empty());
    CHECK(f.column(q + " WHERE ID = 9223372036854775807").empty());
    CHECK(f.column(q + " WHERE ID > 9223372036854775807").empty());
    CHECK(f.column(q + " WHERE status = 'completed' ORDER BY id DESC") == std::vector{f.id(3), f.id(0)});

    CHECK(f.column("SELECT COUNT(*) FROM information_schema.QUERIES") == std::vector<std::string>{"5"});
    CHECK(f.query("SELECT STATUS, COUNT(*) FROM information_schema.QUERIES GROUP BY STATUS ORDER BY STATUS").rows ==
          std::vector<row>{{"COMPLETED", "2"}, {"EXECUTING", "2"}, {"FAILED", "1"}});
    CHECK(f.column("SELECT MAX(ID) FROM information_schema.QUERIES") == std::vector{f.id(4)});
}

TEST_CASE("executing queries show their live progress", "[query_tables]") {
    fixture f;
    const auto r = f.query("SELECT ID, STATUS, CHUNKS, BYTES, ROWS_COLLECTED, COMPLETED "
                           "FROM information_schema.QUERIES WHERE STATUS = 'EXECUTING'");
    CHECK(r.rows == std::vector<row>{{f.id(2), "EXECUTING", "4", "100", "10", std::nullopt},
                                     {f.id(4), "EXECUTING", "4", "300", "30", std::nullopt}});
    CHECK(f.column("SELECT BYTES FROM information_schema.QUERIES WHERE ID = " + f.id(3)) ==
          std::vector<std::string>{"800"});
}

TEST_CASE("PROCESSLIST lists the executing queries", "[query_tables]") {
    fixture f;
    const auto r = f.query("SELECT * FROM information_schema.PROCESSLIST ORDER BY ID");
    std::vector<std::string> names;
    for (const auto& c : r.columns) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"ID", "TYPE", "CZAR", "CZAR_ID", "SUBMITTED", "UPDATED", "CHUNKS",
                                            "CHUNKS_COMP", "QUERY"});
    REQUIRE(r.rows.size() == 2);
    const auto now = local_datetime(std::chrono::system_clock::now());
    CHECK(r.rows[0][0] == f.id(2));
    CHECK(r.rows[0][1] == "ASYNC");
    CHECK(r.rows[0][4]->size() == 19);
    CHECK(*r.rows[0][5] <= now);
    CHECK(r.rows[0][7] == "1");
    CHECK(r.rows[1][1] == "SYNC");
    CHECK(r.rows[1][8] == "SELECT bob FROM sky.Object");
    CHECK(r.columns[4].type == field_type::datetime);

    CHECK(f.column("SELECT ID FROM information_schema.processlist WHERE id = " + f.id(4)) == std::vector{f.id(4)});

    // One snapshot serves both tables of a statement.
    f.live.snapshots = 0;
    CHECK(f.query("SELECT p.ID, q.STATUS, q.BYTES FROM information_schema.PROCESSLIST p "
                  "JOIN information_schema.QUERIES q ON q.ID = p.ID ORDER BY p.ID")
              .rows == std::vector<row>{{f.id(2), "EXECUTING", "100"}, {f.id(4), "EXECUTING", "300"}});
    CHECK(f.live.snapshots == 1);
}

TEST_CASE("users see their own queries unless they hold PROCESS", "[query_tables]") {
    fixture f;
    const schema_viewer alice{*f.accounts, "alice", "%"};
    const schema_viewer bob{*f.accounts, "bob", "%"};
    const schema_viewer carol{*f.accounts, "carol", "%"};
    const std::string queries = "SELECT ID FROM information_schema.QUERIES";
    const std::string processlist = "SELECT ID FROM information_schema.PROCESSLIST";

    CHECK(f.column(queries, &alice) == std::vector{f.id(0), f.id(1), f.id(2)});
    CHECK(f.column(queries + " ORDER BY ID DESC", &bob) == std::vector{f.id(4), f.id(3)});
    CHECK(f.column(queries + " WHERE ID = " + f.id(3), &alice).empty());
    CHECK(f.column(queries, &carol).size() == 5);
    CHECK(f.column(queries).size() == 5);

    CHECK(f.column(processlist, &alice) == std::vector{f.id(2)});
    CHECK(f.column(processlist, &bob) == std::vector{f.id(4)});
    CHECK(f.column(processlist, &carol).size() == 2);
}

TEST_CASE("without sources the tables are empty", "[query_tables]") {
    fixture f;
    f.engine.set_query_sources({});
    CHECK(f.column("SELECT COUNT(*) FROM information_schema.QUERIES") == std::vector<std::string>{"0"});
    CHECK(f.column("SELECT COUNT(*) FROM information_schema.PROCESSLIST") == std::vector<std::string>{"0"});
}

TEST_CASE("QUERIES is read-only", "[query_tables]") {
    fixture f;
    auto r = f.engine.run("DELETE FROM information_schema.QUERIES", f.rows, nullptr);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == er::dbaccess_denied);
}

// Informal timing over 100,000 history rows: run with `unit_storage "[.timing]" -s`.
TEST_CASE("QUERIES point lookups over 100,000 rows", "[.timing]") {
    fixture f;
    {
        auto db = database::open(f.dir.path() / "history.sqlite3");
        REQUIRE(db);
        REQUIRE(db.value().exec(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
            "INSERT INTO queries (type, czar, czar_id, user, status, submitted, completed, chunks, dbs, query) "
            "SELECT 'ASYNC', 'proxy', 9, CASE i % 10 WHEN 0 THEN 'alice' ELSE 'u' || (i % 100) END, 'COMPLETED', "
            "'2025-01-01 00:00:00', '2025-01-01 00:00:01', 10, 'sky', 'SELECT ' || i FROM n"));
    }
    const schema_viewer alice{*f.accounts, "alice", "%"};
    using clock = std::chrono::steady_clock;
    const auto ms = [](clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };

    std::vector<double> lookups;
    for (int i = 0; i < 2000; ++i) {
        const auto start = clock::now();
        const auto r = f.query(fmt::format("SELECT * FROM information_schema.QUERIES WHERE ID = {}", 10 + i * 50),
                               i % 2 ? &alice : nullptr);
        lookups.push_back(ms(clock::now() - start));
        CHECK(r.rows.size() <= 1);
    }
    std::sort(lookups.begin(), lookups.end());
    auto start = clock::now();
    CHECK(f.column("SELECT COUNT(*) FROM information_schema.QUERIES") == std::vector<std::string>{"100005"});
    const auto count_all = ms(clock::now() - start);
    start = clock::now();
    CHECK(f.column("SELECT COUNT(*) FROM information_schema.QUERIES", &alice) == std::vector<std::string>{"10003"});
    const auto count_alice = ms(clock::now() - start);
    start = clock::now();
    CHECK(f.query("SELECT * FROM information_schema.QUERIES ORDER BY ID DESC LIMIT 10").rows.size() == 10);
    const auto latest = ms(clock::now() - start);
    WARN(fmt::format("WHERE ID=: p50 {:.3f} ms, p99 {:.3f} ms; COUNT(*) {:.1f} ms, alice's COUNT(*) {:.1f} ms, "
                     "ORDER BY ID DESC LIMIT 10 {:.3f} ms",
                     lookups[lookups.size() / 2], lookups[lookups.size() * 99 / 100], count_all, count_alice,
                     latest));
}
