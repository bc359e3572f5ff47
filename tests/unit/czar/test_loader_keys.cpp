#include "tests/unit/czar/loader_fixture.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

TEST_CASE("director keys: ascending keys go in bursts, any other key is checked by the index", "[loader]") {
    fixture f;
    const auto index_keys = [&] {
        auto index = f.store.open_director_index("sky").value();
        auto stmt = index.prepare("SELECT COUNT(*), MIN(\"key\"), MAX(\"key\") FROM Object").value();
        REQUIRE(stmt.step().value());
        return fmt::format("{} {} {}", stmt.column_int64(0), stmt.column_int64(1), stmt.column_int64(2));
    };
    const auto row = [](std::int64_t key) {
        const auto k = std::to_string(key);
        return cells({k.c_str(), "10.5", "-3.25", nullptr});
    };
    {
        auto l = f.open("Object");
        for (std::int64_t k = 100; k < 5100; ++k) REQUIRE_OK(l->add_row(row(k)));  // bursts, and 16-row inserts
        REQUIRE_OK(l->add_row(row(7)));                                             // out of order, new
        auto dup = l->add_row(row(4000));                                           // in a burst already written
        REQUIRE_FALSE(dup);
        CHECK(dup.error().code == 1062);
        CHECK(l->add_row(row(7)).error().code == 1062);
        REQUIRE_OK(l->add_row(row(6000)));
        CHECK(l->add_row(row(6000)).error().code == 1062);
        REQUIRE(l->commit());
    }
    CHECK(index_keys() == "5002 7 6000");
    const auto home = chunker.locate(10.5, -3.25).chunk_id;
    CHECK(f.query(home, "SELECT COUNT(*), MIN(objectId), MAX(objectId) FROM Object") ==
          std::vector<std::vector<std::string>>{{"5002", "7", "6000"}});
    {
        // Keys above the index's largest are new; the largest itself is not.
        auto l = f.open("Object");
        CHECK(l->add_row(row(6000)).error().code == 1062);
        REQUIRE_OK(l->add_row(row(6001)));
        CHECK(l->add_row(row(150)).error().code == 1062);
        REQUIRE_OK(l->add_row(row(8)));
        REQUIRE(l->commit());
    }
    CHECK(index_keys() == "5004 7 6001");
}

TEST_CASE("typed rows load as their cells do", "[loader]") {
    fixture f;
    auto l = f.open("Object");
    REQUIRE(l->typed_rows());
    std::vector<typed_cell> row(4);
    row[0].set_integer(5);
    row[1].set_real(10.5);
    row[2].set_real(-3.25);
    row[3].set_real(0.1);  // FLOAT: stored as 32 bits
    REQUIRE_OK(l->add_row(row));
    REQUIRE_OK(l->add_row(cells({"6", "10.5", "-3.25", "0.1"})));
    REQUIRE(l->commit());
    const auto home = chunker.locate(10.5, -3.25).chunk_id;
    const auto rows = f.query(home, "SELECT objectId, mag FROM Object ORDER BY objectId");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0][1] == rows[1][1]);
    CHECK(f.query(home, "SELECT COUNT(*) FROM Object WHERE mag > 0.1000000014 AND mag < 0.1000000015")[0][0] == "2");
    CHECK_FALSE(f.open("Source")->typed_rows());
}
