#include "tests/unit/czar/loader_fixture.hpp"

#include "czar/planner.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <set>

TEST_CASE("sky director rows land in the chunk locate() gives", "[loader]") {
    fixture f;
    auto l = f.open("Object");
    CHECK(std::vector<std::size_t>(l->input_columns().begin(), l->input_columns().end()) ==
          std::vector<std::size_t>{0, 1, 2, 3});
    const std::vector<std::pair<double, double>> positions = {{10.5, -3.25}, {10.51, -3.26}, {200, 60}, {359.99, -89.9}};
    for (std::size_t i = 0; i < positions.size(); ++i) {
        const auto [ra, decl] = positions[i];
        const std::vector<cell> row = {std::to_string(i + 1), fmt::format("{}", ra), fmt::format(" {} ", decl), std::nullopt};
        REQUIRE_OK(l->add_row(row));
    }
    CHECK(f.cat->chunks("sky").empty());  // nothing visible before commit
    auto report = l->commit();
    REQUIRE(report);
    CHECK(report.value().rows == 4);

    std::map<std::int32_t, std::uint64_t> expected;
    for (std::size_t i = 0; i < positions.size(); ++i) {
        const auto where = chunker.locate(positions[i].first, positions[i].second);
        ++expected[where.chunk_id];
        const auto rows = f.query(where.chunk_id, fmt::format("SELECT ra = {}, chunkId, subChunkId, mag, typeof(objectId) "
                                                              "FROM Object WHERE objectId = {}", positions[i].first, i + 1));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0] == std::vector<std::string>{"1", std::to_string(where.chunk_id),
                                                  std::to_string(where.sub_chunk_id), "NULL", "integer"});
    }
    CHECK(report.value().rows_per_chunk == expected);
    std::vector<std::int32_t> ids;
    for (const auto& [id, n] : expected) ids.push_back(id);
    CHECK(f.cat->chunks("sky") == ids);

    auto index = f.store.open_director_index("sky").value();
    auto stmt = index.prepare("SELECT chunk_id, sub_chunk_id FROM Object WHERE key = 3").value();
    REQUIRE(stmt.step().value());
    CHECK(stmt.column_int64(0) == chunker.locate(200, 60).chunk_id);
    CHECK(stmt.column_int64(1) == chunker.locate(200, 60).sub_chunk_id);
}

TEST_CASE("child rows go next to their director row; orphans to the dummy chunk", "[loader]") {
    fixture f;
    {
        auto l = f.open("Object");
        REQUIRE_OK(l->add_row(cells({"1", "10.5", "-3.25", "20.5"})));
        REQUIRE_OK(l->add_row(cells({"2", "200", "60", "21"})));
        REQUIRE_OK(l->commit());
    }
    auto l = f.open("Source");
    REQUIRE(l->input_columns().size() == 3);
    REQUIRE_OK(l->add_row(cells({"100", "1", "2020-01-02 03:04:05"})));
    REQUIRE_OK(l->add_row(cells({"101", "2", nullptr})));
    REQUIRE_OK(l->add_row(cells({"102", "1", nullptr})));
    REQUIRE_OK(l->add_row(cells({"103", nullptr, nullptr})));  // no director key
    REQUIRE_OK(l->add_row(cells({"104", "999", nullptr})));    // unknown director key
    auto report = l->commit();
    REQUIRE(report);
    const auto one = chunker.locate(10.5, -3.25), two = chunker.locate(200, 60);
    CHECK(report.value().rows_per_chunk ==
          std::map<std::int32_t, std::uint64_t>{{one.chunk_id, 2}, {two.chunk_id, 1}, {dummy_chunk, 2}});
    CHECK(f.query(one.chunk_id, "SELECT s.sourceId, s.seen, s.subChunkId = o.subChunkId FROM Source s "
                                "JOIN Object o USING (objectId) ORDER BY 1") ==
          std::vector<std::vector<std::string>>{{"100", "2020-01-02 03:04:05", "1"}, {"102", "NULL", "1"}});
    CHECK(f.query(dummy_chunk, "SELECT sourceId, objectId, chunkId, subChunkId FROM Source ORDER BY 1") ==
          std::vector<std::vector<std::string>>{{"103", "NULL", "1234567890", "0"}, {"104", "999", "1234567890", "0"}});
    // Every chunk file has every table, the dummy chunk's too.
    CHECK(f.query(dummy_chunk, "SELECT COUNT(*) FROM Object") == std::vector<std::vector<std::string>>{{"0"}});
    const auto chunks = f.cat->chunks("sky");
    CHECK(std::find(chunks.begin(), chunks.end(), dummy_chunk) != chunks.end());
}

TEST_CASE("hash directors place rows by hash_chunk", "[loader]") {
    fixture f;
    table_info t;
    t.db = "sky";
    t.name = "Run";
    t.columns = {declared("runId", "int", false), declared("label", "varchar(10)")};
    t.part.kind = partitioning::kind_t::hash;
    t.part.key = "runId";
    t.part.partitions = 8;
    f.create(t);
    auto l = f.open("Run");
    for (int i = 0; i < 20; ++i) REQUIRE_OK(l->add_row(cells({std::to_string(i).c_str(), "x"})));
    auto report = l->commit();
    REQUIRE(report);
    std::map<std::int32_t, std::uint64_t> expected;
    for (int i = 0; i < 20; ++i) ++expected[hash_chunk(std::to_string(i), true, 8)];
    CHECK(report.value().rows_per_chunk == expected);
    const auto [chunk, n] = *expected.begin();
    CHECK(f.query(chunk, "SELECT COUNT(*), MIN(chunkId) FROM Run") ==
          std::vector<std::vector<std::string>>{{std::to_string(n), std::to_string(chunk)}});
    CHECK(f.query(chunk, "SELECT name FROM pragma_table_info('Run')") ==
          std::vector<std::vector<std::string>>{{"runId"}, {"label"}, {"chunkId"}, {"qproxy_load"}});  // no subChunkId
}

TEST_CASE("replicated rows go to replicated.sqlite3", "[loader]") {
    fixture f;
    auto l = f.open("Filter");
    REQUIRE_OK(l->add_row(cells({"0", "u"})));
    REQUIRE_OK(l->add_row(cells({"1", "g"})));
    auto report = l->commit();
    REQUIRE(report);
    CHECK(report.value().rows == 2);
    CHECK(report.value().rows_per_chunk.empty());
    CHECK(f.cat->chunks("sky").empty());
    auto db = f.store.open_replicated(std::vector<std::string>{"sky"}).value();
    auto stmt = db.prepare("SELECT group_concat(filterName) FROM (SELECT filterName FROM rep_0.Filter ORDER BY 1)").value();
    REQUIRE(stmt.step().value());
    CHECK(stmt.column_text(0) == "g,u");
}

TEST_CASE("a failed load leaves nothing behind", "[loader]") {
    fixture f;
    {
        auto l = f.open("Object");
        REQUIRE_OK(l->add_row(cells({"1", "10.5", "-3.25", nullptr})));
        REQUIRE_OK(l->commit());
    }
    const auto before = f.cat->chunks("sky");
    const auto count = [&](std::int32_t id) { return f.query(id, "SELECT COUNT(*) FROM Object")[0][0]; };
    const auto home = chunker.locate(10.5, -3.25).chunk_id, elsewhere = chunker.locate(100, 20).chunk_id;

    const auto fails = [&](std::vector<cell> bad, std::uint16_t code, std::string message) {
        {
            auto l = f.open("Object");
            REQUIRE_OK(l->add_row(cells({"2", "10.5", "-3.25", nullptr})));
            REQUIRE_OK(l->add_row(cells({"3", "100", "20", "1.5"})));
            auto r = l->add_row(bad);
            REQUIRE_FALSE(r);
            CHECK(r.error().code == code);
            CHECK(r.error().message == message);
            CHECK_FALSE(l->add_row(cells({"4", "1", "1", nullptr})));  // the load is over
            CHECK_FALSE(l->commit());
        }  // rolled back
        CHECK(f.cat->chunks("sky") == before);
        CHECK(count(home) == "1");
        auto index = f.store.open_director_index("sky").value();
        auto stmt = index.prepare("SELECT COUNT(*) FROM Object").value();
        REQUIRE(stmt.step().value());
        CHECK(stmt.column_int64(0) == 1);
    };
    fails(cells({"9", nullptr, "5", nullptr}), 1048, "Column 'ra' cannot be null");
    fails(cells({"9", "east", "5", nullptr}), 1366, "Incorrect double value: 'east' for column 'ra' at row 3");
    fails(cells({"9", "5", "5"}), 1136, "Column count doesn't match value count at row 3");
    fails(cells({nullptr, "5", "5", nullptr}), 1048, "Column 'objectId' cannot be null: it is the director key");
    // The file of a chunk that only the failed load touched holds no rows.
    if (std::filesystem::exists(f.store.chunk_path("sky", elsewhere))) CHECK(count(elsewhere) == "0");

    // A director key loaded before skips its row; the load goes on (LOAD DATA LOCAL ignores duplicates).
    auto l = f.open("Object");
    auto dup = l->add_row(cells({"1", "5", "5", nullptr}));
    REQUIRE_FALSE(dup);
    CHECK(dup.error() == sql_error{1062, "23000", "Duplicate entry '1' for key 'Object.PRIMARY'"});
    REQUIRE_OK(l->add_row(cells({"2", "10.5", "-3.25", nullptr})));
    auto report = l->commit();
    REQUIRE(report);
    CHECK(report.value().rows == 1);
    CHECK(count(home) == "2");
}

TEST_CASE("rows buffered past a burst and until the commit land whole", "[loader]") {
    fixture f;
    auto l = f.open("Object");
    // Two chunks, each past a 64 KiB burst of cells.
    std::int64_t ids = 0, mags = 0, with_mag = 0;
    for (int i = 1; i <= 20000; ++i) {
        const bool odd = i % 2;
        const cell mag = i % 3 ? cell(std::to_string(i % 7)) : std::nullopt;
        REQUIRE_OK(l->add_row(std::vector<cell>{std::to_string(i), odd ? "10.5" : "200", "1.5", mag}));
        if (!odd) continue;
        ids += i;
        if (mag) mags += i % 7, ++with_mag;
    }
    auto report = l->commit();
    REQUIRE(report);
    const auto a = chunker.locate(10.5, 1.5).chunk_id, b = chunker.locate(200, 1.5).chunk_id;
    CHECK(report.value().rows_per_chunk == std::map<std::int32_t, std::uint64_t>{{a, 10000}, {b, 10000}});
    CHECK(f.query(a, "SELECT COUNT(*), SUM(objectId), COUNT(mag), CAST(SUM(mag) AS INTEGER) FROM Object") ==
          std::vector<std::vector<std::string>>{
              {"10000", std::to_string(ids), std::to_string(with_mag), std::to_string(mags)}});
}

// Per-row cost (one chunk) and per-chunk cost (the whole sky).
TEST_CASE("load throughput", "[.bench][loader]") {
    for (const double spread : {0.01, 1.0, -1.0}) {
        fixture f;
        const std::uint64_t objects = 200'000;
        std::vector<cell> row(4);
        const auto start = std::chrono::steady_clock::now();
        const auto cpu_start = std::clock();
        {
            auto l = f.open("Object");
            for (std::uint64_t i = 1; i <= objects; ++i) {
                row[0] = std::to_string(i);
                const auto k = spread > 0 ? i : (i * 191) % objects;
                row[1] = fmt::format("{}", 10 + std::abs(spread) * static_cast<double>(k % 34000) / 100);
                row[2] = fmt::format("{}", 0.1 + std::abs(spread) * static_cast<double>(k % 17000) / 200);
                row[3] = "21.5";
                REQUIRE_OK(l->add_row(row));
            }
            REQUIRE_OK(l->commit());
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        WARN(fmt::format("{} Object rows in {:.2f} s ({:.2f} s CPU): {:.0f} rows/s over {} chunks", objects, seconds, cpu,
                         objects / seconds, f.cat->chunks("sky").size()));
    }
}

TEST_CASE("sky director rows are copied into the overlap table of every other chunk near them", "[loader][overlap]") {
    fixture f;
    const sky_box b = chunker.chunk_bounds(7480);  // stripe 44, chunk 0
    const double mid_lat = (b.lat_min + b.lat_max) / 2;
    // Just east of 7480's eastern edge (in 7481), in 7480's interior, at its corner with 7481 and stripe 45,
    // then random positions.
    std::vector<std::pair<double, double>> positions = {
        {b.lon_max + 0.001, mid_lat}, {1.0, mid_lat}, {b.lon_max + 0.001, b.lat_max + 0.001}};
    std::uint64_t seed = 7;
    for (int i = 0; i < 300; ++i) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        positions.emplace_back(static_cast<double>(seed >> 40) / (1 << 24) * 6 - 2, mid_lat + static_cast<double>(seed % 1000) / 250 - 2);
    }
    auto l = f.open("Object");
    for (std::size_t i = 0; i < positions.size(); ++i) {
        REQUIRE_OK(l->add_row(cells({std::to_string(i + 1).c_str(), fmt::format("{}", positions[i].first).c_str(),
                                     fmt::format("{}", positions[i].second).c_str(), nullptr})));
    }
    auto report = l->commit();
    REQUIRE(report);
    std::uint64_t own = 0;
    for (const auto& [id, n] : report.value().rows_per_chunk) own += n;
    CHECK(own == positions.size());  // overlap copies are no rows of their chunks

    // Each row is in the overlap table of exactly the other chunks overlap_locations() names, once,
    // with its own chunk's chunkId and subChunkId.
    std::map<std::int32_t, std::set<std::string>> expected;  // chunk → "id chunkId subChunkId"
    for (std::size_t i = 0; i < positions.size(); ++i) {
        const auto [lon, lat] = positions[i];
        const auto home = chunker.locate(lon, lat);
        for (const auto& o : chunker.overlap_locations(lon, lat))
            expected[o.chunk_id].insert(fmt::format("{} {} {}", i + 1, home.chunk_id, home.sub_chunk_id));
    }
    REQUIRE(expected.size() > 2);
    CHECK(expected[7480].count(fmt::format("1 7481 {}", chunker.locate(b.lon_max + 0.001, mid_lat).sub_chunk_id)) == 1);
    CHECK(expected[7480].count("3 " + std::to_string(chunker.locate(b.lon_max + 0.001, b.lat_max + 0.001).chunk_id) +
                               " " + std::to_string(chunker.locate(b.lon_max + 0.001, b.lat_max + 0.001).sub_chunk_id)) == 1);
    for (const auto& [chunk, rows] : expected) {
        std::set<std::string> got;
        for (const auto& r : f.query(chunk, "SELECT objectId || ' ' || chunkId || ' ' || subChunkId FROM ObjectFullOverlap"))
            got.insert(r[0]);
        CHECK(f.query(chunk, "SELECT COUNT(*) FROM ObjectFullOverlap")[0][0] == std::to_string(rows.size()));
        CHECK(got == rows);
        // The chunk's own rows are only those located in it.
        CHECK(f.query(chunk, fmt::format("SELECT COUNT(*) FROM Object WHERE chunkId <> {}", chunk))[0][0] == "0");
    }
    // A chunk holding overlap copies only is no chunk of the catalog's: queries never visit it.
    for (const auto id : f.cat->chunks("sky")) CHECK(report.value().rows_per_chunk.count(id) == 1);
}

TEST_CASE("overlap tables go with their director; no table takes their name", "[loader][overlap]") {
    fixture f;
    {
        auto l = f.open("Object");
        REQUIRE_OK(l->add_row(cells({"1", "10.5", "-3.25", nullptr})));
        REQUIRE_OK(l->commit());
    }
    const auto home = chunker.locate(10.5, -3.25).chunk_id;
    const auto tables = [&] {
        std::vector<std::string> out;
        for (const auto& r : f.query(home, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) out.push_back(r[0]);
        return out;
    };
    CHECK(tables() == std::vector<std::string>{"Object", "ObjectFullOverlap", "Source"});

    table_info clash;
    clash.db = "sky";
    clash.name = "ObjectFullOverlap";
    clash.columns = {declared("x", "int")};
    bool existed = false;
    auto refused = f.store.create_table(clash, false, existed);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == 1050);

    table_info star = *f.cat->find_table("sky", "Object");
    star.name = "Star";
    star.columns.resize(4);  // as declared: without the chunk columns
    f.create(star);
    CHECK(tables() == std::vector<std::string>{"Object", "ObjectFullOverlap", "Source", "Star", "StarFullOverlap"});
    REQUIRE_OK(f.store.drop_table("sky", "Star", false, existed));
    CHECK(tables() == std::vector<std::string>{"Object", "ObjectFullOverlap", "Source"});

    // A chunk file from before overlap tables: its rows have no copies, so no more rows may come.
    {
        auto db = storage::database::open(f.store.chunk_path("sky", home)).value();
        REQUIRE_OK(db.exec("DROP TABLE ObjectFullOverlap"));
    }
    auto old = loader::create(*f.cat, f.store, *f.cat->find_table("sky", "Object"));
    REQUIRE_FALSE(old);
    CHECK_THAT(old.error().message, Catch::Contains("loaded by a qproxy without overlap tables"));
}

TEST_CASE("chunks past the open-file budget are staged and land at commit like the others", "[loader][staging]") {
    // Random positions over a patch of sky with many chunks, loaded with every chunk open and with two open.
    std::vector<std::vector<cell>> objects, sources;
    std::uint64_t seed = 11;
    for (int i = 1; i <= 3000; ++i) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        const double ra = static_cast<double>(seed >> 40) / (1 << 24) * 40, decl = static_cast<double>(seed % 100000) / 2500 - 20;
        objects.push_back(cells({std::to_string(i).c_str(), fmt::format("{}", ra).c_str(), fmt::format("{}", decl).c_str(),
                                 i % 5 ? "1.5" : nullptr}));
        sources.push_back(cells({std::to_string(100000 + i).c_str(), std::to_string(i % 3500).c_str(), nullptr}));
    }
    const auto load = [&](fixture& f, std::size_t budget) {
        for (const auto* table : {"Object", "Source"}) {
            auto l = f.open(table, budget);
            for (const auto& row : std::string_view(table) == "Object" ? objects : sources) REQUIRE_OK(l->add_row(row));
            REQUIRE_OK(l->commit());
        }
    };
    fixture all, two;
    load(all, 0);
    load(two, 2);
    const auto chunks = all.cat->chunks("sky");
    REQUIRE(chunks.size() > 20);
    CHECK(two.cat->chunks("sky") == chunks);
    std::size_t overlap_rows = 0;
    for (const auto id : chunks) {
        for (const auto* sql : {"SELECT * FROM Object ORDER BY objectId", "SELECT * FROM ObjectFullOverlap ORDER BY objectId",
                                "SELECT * FROM Source ORDER BY sourceId"}) {
            INFO(id << ": " << sql);
            CHECK(two.query(id, sql) == all.query(id, sql));
        }
        overlap_rows += all.query(id, "SELECT * FROM ObjectFullOverlap").size();
    }
    CHECK(overlap_rows > 0);
    CHECK_FALSE(std::filesystem::exists(two.store.database_dir("sky") / "load_staging.sqlite3"));

    // A failed load with staged chunks leaves nothing, its scratch file neither.
    {
        auto l = two.open("Object", 2);
        for (int i = 0; i < 100; ++i) CHECK(l->add_row(objects[i]).error().code == 1062);  // loaded before: skipped
        for (int i = 0; i < 100; ++i) {
            REQUIRE_OK(l->add_row(cells({std::to_string(10000 + i).c_str(), fmt::format("{}", i * 0.37).c_str(),
                                         fmt::format("{}", i * 0.11).c_str(), nullptr})));
        }
        REQUIRE_FALSE(l->add_row(cells({"9", "east", "5", nullptr})));
    }
    CHECK(two.cat->chunks("sky") == chunks);
    for (const auto id : chunks) {
        CHECK(two.query(id, "SELECT COUNT(*) FROM Object WHERE objectId >= 10000")[0][0] == "0");
    }
    CHECK_FALSE(std::filesystem::exists(two.store.database_dir("sky") / "load_staging.sqlite3"));
}
