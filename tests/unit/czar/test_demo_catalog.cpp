#include "czar/demo_catalog.hpp"
#include "czar/planner.hpp"
#include "storage/chunk_store.hpp"
#include "tests/unit/storage/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

using namespace qproxy;
using namespace qproxy::czar;
using storage::testing::temp_dir;

namespace {

struct fixture {
    temp_dir dir;
    std::unique_ptr<storage::catalog> cat = storage::catalog::open(dir.path()).value();
    storage::chunk_store store{*cat, dir.path()};

    // The sum over every chunk of an integer query's single value.
    std::int64_t over_chunks(std::string_view sql) {
        std::int64_t total = 0;
        for (const auto id : cat->chunks("demo")) {
            auto db = store.open_chunk("demo", id, std::vector<std::string>{"demo"});
            REQUIRE(db);
            auto stmt = db.value().prepare(sql);
            REQUIRE(stmt);
            REQUIRE(stmt.value().step().value());
            total += stmt.value().column_int64(0);
        }
        return total;
    }
};

}  // namespace

TEST_CASE("the demo catalog builds and its tables are queryable", "[demo]") {
    fixture f;
    REQUIRE(create_demo_catalog(*f.cat, f.store, 2000));
    const auto object = f.cat->find_table("demo", "Object");
    REQUIRE(object);
    CHECK(object->kind == "director");
    CHECK_THAT(object->create_sql,
               Catch::EndsWith("PARTITION BY SPHERE (`ra`, `decl`) KEY (`objectId`) STRIPES 85 SUBSTRIPES 12 OVERLAP 0.01667"));
    CHECK(f.cat->find_table("demo", "Source")->kind == "child");
    CHECK(f.cat->find_table("demo", "Filter")->kind == "replicated");

    const auto chunks = f.cat->chunks("demo");
    CHECK(chunks.size() > 500);  // a wide region: many chunks
    CHECK(chunks.back() == dummy_chunk);
    CHECK(f.over_chunks("SELECT COUNT(*) FROM Object") == 2000);
    CHECK(f.over_chunks("SELECT COUNT(DISTINCT objectId) FROM Object") == 2000);
    const auto sources = f.over_chunks("SELECT COUNT(*) FROM Source");
    CHECK(sources >= 3 * 2000 + 2);
    CHECK(sources <= 5 * 2000 + 2);
    // Every associated source meets its object in its own chunk.
    CHECK(f.over_chunks("SELECT COUNT(*) FROM Source s JOIN Object o USING (objectId)") == sources - 2);
    CHECK(f.over_chunks("SELECT COUNT(*) FROM Source WHERE objectId IS NULL") == 2);
    CHECK(f.over_chunks("SELECT COUNT(*) FROM Source s JOIN rep_0.Filter f USING (filterId)") == sources);
    CHECK(f.over_chunks("SELECT COUNT(*) FROM Object WHERE ra < 0 OR ra >= 90 OR decl < -45 OR decl > 45") == 0);
    // Magnitudes from the fluxes: 16 to 25.
    CHECK(f.over_chunks("SELECT COUNT(*) FROM Object WHERE -2.5 * log10(rFlux) - 48.6 NOT BETWEEN 16 AND 24") == 0);
    CHECK(f.over_chunks("SELECT COUNT(*) FROM Object WHERE uFlux IS NULL") > 0);
    auto filters = f.store.open_replicated(std::vector<std::string>{"demo"}).value();
    auto stmt = filters.prepare("SELECT group_concat(filterName, '') FROM rep_0.Filter").value();
    REQUIRE(stmt.step().value());
    CHECK(stmt.column_text(0) == "ugriz");

    // Once only: a second call keeps what is there.
    REQUIRE(create_demo_catalog(*f.cat, f.store, 10));
    CHECK(f.over_chunks("SELECT COUNT(*) FROM Object") == 2000);
}

TEST_CASE("the demo catalog is the same every time", "[demo]") {
    fixture a, b;
    REQUIRE(create_demo_catalog(*a.cat, a.store, 300));
    REQUIRE(create_demo_catalog(*b.cat, b.store, 300));
    CHECK(a.cat->chunks("demo") == b.cat->chunks("demo"));
    const auto sql = "SELECT SUM(objectId * 7 + CAST(ra * 1e6 AS INTEGER) + chunkId + subChunkId) FROM Object";
    CHECK(a.over_chunks(sql) == b.over_chunks(sql));
}

// QPROXY_DEMO_OBJECTS=2000000 ./unit_czar "[.bench][demo]" -s
TEST_CASE("demo catalog build time", "[.bench][demo]") {
    fixture f;
    const char* env = std::getenv("QPROXY_DEMO_OBJECTS");
    const std::uint64_t objects = env ? std::strtoull(env, nullptr, 10) : 200'000;
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(create_demo_catalog(*f.cat, f.store, objects));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto sources = f.over_chunks("SELECT COUNT(*) FROM Source");
    WARN(fmt::format("{} objects + {} sources in {:.2f} s ({:.0f} rows/s), {} chunks", objects, sources, seconds,
                     static_cast<double>(objects + static_cast<std::uint64_t>(sources)) / seconds,
                     f.cat->chunks("demo").size()));
}
