// Snapshots: a query planned before a load commits reads the tables as they
// were (czar/snapshot.hpp), and a load whose commit was cut short is undone
// (storage::chunk_store::recover_load).
#include "catalog_chunks.hpp"
#include "fake_session.hpp"
#include "loader_fixture.hpp"

#include "czar/chunk_connections.hpp"
#include "czar/planner.hpp"
#include "czar/snapshot.hpp"
#include "parser/parser.hpp"

#include <fmt/format.h>

namespace {

struct snapshot_fixture : fixture {
    czar::testing::catalog_chunks index{*cat};
    czar::testing::fake_session session;
    chunk_connections connections{*cat, store, 64};

    snapshot_fixture() { session.db = "sky"; }

    void load(std::string_view table, const std::vector<std::vector<cell>>& rows) {
        auto l = open(table);
        for (const auto& r : rows) REQUIRE_OK(l->add_row(r));
        REQUIRE_OK(l->commit());
    }
    query_plan plan(std::string_view sql) {
        auto parsed = sql::parse(sql);
        REQUIRE(parsed.has_value());
        auto p = plan_select(std::get<sql::select_stmt>(parsed.value()), session, *cat, index);
        REQUIRE_OK(p);
        return std::move(p).value();
    }
    // The first column of each chunk's rows, summed, as the czar runs them:
    // the printed text, or the snapshot's where the files hold newer rows.
    // `newer` counts the chunks that needed the snapshot's text.
    double run(const query_plan& p, int* newer = nullptr) {
        double sum = 0;
        for (const auto chunk : p.db.empty() ? std::vector<std::int32_t>{-1} : p.chunks) {
            auto conn = connections.acquire(p.db, chunk, p.replicated_dbs);
            REQUIRE(conn.has_value());
            auto filtered = holds_newer_rows(conn.value(), p.loads);
            REQUIRE_OK(filtered);
            if (filtered.value() && newer) ++*newer;
            auto stmt = conn.value().prepare(filtered.value() ? p.snapshot_text : p.chunk_query.text);
            REQUIRE_OK(stmt);
            while (stmt.value()->step().value()) sum += stmt.value()->column_double(0);
            stmt.value()->reset();
        }
        return sum;
    }
};

}  // namespace

TEST_CASE("each table site is read up to its load, under its own name or alias", "[snapshot]") {
    sql::sqlite_query q;
    q.text = "SELECT 1 FROM main.\"Object\", rep_0.\"Filter\" AS \"f\"";
    q.tables = {{14, 13, "", "Object", false}, {29, 14, "sky", "Filter", true}};
    CHECK(read_up_to(q, [](const sql::sqlite_table_site& s) { return s.db.empty() ? 3 : 5; }) ==
          "SELECT 1 FROM (SELECT * FROM main.\"Object\" WHERE qproxy_load <= 3) AS \"Object\", "
          "(SELECT * FROM rep_0.\"Filter\" WHERE qproxy_load <= 5) AS \"f\"");
}

TEST_CASE("a query planned before a load commits reads the tables as they were", "[snapshot]") {
    snapshot_fixture f;
    f.load("Object", {cells({"1", "10.5", "-3.25", "1"}), cells({"2", "200", "60", "2"})});
    f.load("Filter", {cells({"0", "u"})});
    CHECK(f.cat->loads("sky").published == 2);
    const auto before = f.plan("SELECT COUNT(*) FROM Object o, Filter f WHERE o.mag > f.filterId");
    const auto sum = f.plan("SELECT SUM(mag) FROM Object");
    const auto filters = f.plan("SELECT COUNT(*) FROM Filter");  // replicated only: runs once
    // A near-neighbour join reads the overlap tables too: each object pairs with itself.
    constexpr std::string_view pairs =
        "SELECT COUNT(*) FROM Object a, Object b WHERE scisql_angSep(a.ra, a.decl, b.ra, b.decl) < 0.015";
    const auto neighbours = f.plan(pairs);
    CHECK(f.run(neighbours) == 2);
    CHECK(before.loads == std::vector<std::int64_t>{2, 2});
    int newer = 0;
    CHECK(f.run(before, &newer) == 2);
    CHECK(newer == 0);

    // Rows into an existing chunk and a new one, and a second filter.
    f.load("Object", {cells({"3", "10.51", "-3.26", "4"}), cells({"4", "100", "20", "8"})});
    f.load("Filter", {cells({"1", "g"})});
    CHECK(f.run(before, &newer) == 2);
    CHECK(newer == 2);  // both listed chunks: the home chunk's rows, and the filter every chunk attaches
    CHECK(f.run(sum) == 3);
    CHECK(f.run(filters) == 1);
    CHECK(f.run(neighbours) == 2);
    CHECK(f.run(f.plan(pairs)) == 4 + 2);  // and objects 1 and 3, 0.014° apart, both ways

    // Planned now: every row.
    newer = 0;
    CHECK(f.run(f.plan("SELECT COUNT(*) FROM Object o, Filter f WHERE o.mag > f.filterId"), &newer) == 4 + 3);
    CHECK(newer == 0);
    CHECK(f.run(f.plan("SELECT SUM(mag) FROM Object")) == 15);
}

TEST_CASE("a load whose commit was cut short is undone, and its keys can be loaded again", "[snapshot]") {
    snapshot_fixture f;
    f.load("Object", {cells({"1", "10.5", "-3.25", "1"})});
    const auto home = chunker.locate(10.5, -3.25);
    // What a crash after load 2 committed the home chunk and the director
    // index, but before it was published, leaves behind.
    REQUIRE_OK(f.cat->begin_load_commit("sky", 2));
    {
        const auto lock = f.store.lock_database("sky");
        auto file = f.store.begin_chunk_load("sky", home.chunk_id, 2);
        REQUIRE(file.has_value());
        REQUIRE_OK(file.value().db.exec("INSERT INTO Object VALUES (2, 10.5, -3.25, 2, 0, 0, 2)"));
        REQUIRE_OK(file.value().commit());
        auto index = f.store.begin_director_index_load("sky", 2);
        REQUIRE(index.has_value());
        REQUIRE_OK(index.value().db.exec("INSERT INTO Object VALUES (2, 0, 0, 2)"));
        REQUIRE_OK(index.value().commit());
    }
    int newer = 0;
    CHECK(f.run(f.plan("SELECT SUM(mag) FROM Object"), &newer) == 1);  // published: load 1 only
    CHECK(newer == 1);

    // The next load (or start) removes load 2's rows and spends its number.
    f.load("Object", {cells({"2", "10.5", "-3.25", "5"})});
    CHECK(f.cat->loads("sky").published == 3);
    newer = 0;
    CHECK(f.run(f.plan("SELECT SUM(mag) FROM Object"), &newer) == 6);
    CHECK(newer == 0);
    CHECK(f.query(home.chunk_id, "SELECT objectId, qproxy_load FROM Object ORDER BY 1") ==
          std::vector<std::vector<std::string>>{{"1", "1"}, {"2", "3"}});
}

TEST_CASE("files written before load numbers get the load column at start, once", "[snapshot]") {
    snapshot_fixture f;
    f.load("Object", {cells({"1", "10.5", "-3.25", "1"}), cells({"2", "200", "60", "2"})});
    f.load("Filter", {cells({"0", "u"})});
    // The files as an older qproxy left them: no load column anywhere.
    std::vector<std::filesystem::path> files{f.store.replicated_path("sky"), f.store.director_index_path("sky")};
    for (const auto id : f.cat->chunks("sky")) files.push_back(f.store.chunk_path("sky", id));
    for (const auto& p : files) {
        auto db = storage::database::open(p).value();
        auto tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").value();
        std::vector<std::string> names;
        while (tables.step().value()) names.emplace_back(tables.column_text(0));
        tables = {};
        for (const auto& t : names) REQUIRE_OK(db.exec(fmt::format("ALTER TABLE \"{}\" DROP COLUMN qproxy_load", t)));
    }
    const auto home = chunker.locate(10.5, -3.25).chunk_id;
    CHECK_FALSE(f.store.open_chunk("sky", home, {}).value().prepare("SELECT qproxy_load FROM ObjectFullOverlap"));

    std::filesystem::remove(f.store.database_dir("sky") / storage::numbered_marker);
    f.store.prepare_files();
    CHECK(f.query(home, "SELECT objectId, qproxy_load FROM Object") == std::vector<std::vector<std::string>>{{"1", "0"}});
    CHECK(f.query(home, "SELECT COUNT(qproxy_load) FROM ObjectFullOverlap")[0][0] == "0");
    CHECK(f.query(home, "SELECT filterId, qproxy_load FROM rep_0.Filter") == std::vector<std::vector<std::string>>{{"0", "0"}});
    // Loads and snapshots work on them as on new files.
    const auto before = f.plan("SELECT SUM(mag) FROM Object");
    f.load("Object", {cells({"3", "10.51", "-3.26", "4"})});
    int newer = 0;
    CHECK(f.run(before, &newer) == 3);
    CHECK(newer == 1);
    CHECK(f.run(f.plan("SELECT SUM(mag) FROM Object")) == 7);
}
