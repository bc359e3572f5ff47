// Near-neighbour self-joins: which are accepted, what they are refused with,
// and the SQLite text each chunk runs.
#include "catalog_chunks.hpp"
#include "fake_session.hpp"
#include "sky_table.hpp"

#include "czar/planner.hpp"
#include "parser/parser.hpp"
#include "storage/chunk_store.hpp"
#include "tests/unit/storage/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace qproxy;
using storage::column_info;
using storage::partitioning;
using storage::table_info;
using czar::testing::sky_table;

namespace {

column_info declared(std::string name, std::string type) {
    column_info c;
    c.name = std::move(name);
    c.column_type = std::move(type);
    return c;
}

struct fixture {
    storage::testing::temp_dir dir;
    std::unique_ptr<storage::catalog> cat = storage::catalog::open(dir.path()).value();
    storage::chunk_store store{*cat, dir.path()};
    czar::testing::catalog_chunks index{*cat};
    czar::testing::fake_session session;

    fixture() {
        bool existed = false;
        REQUIRE(cat->create_database("sky", false, existed));
        session.db = "sky";
        auto object = sky_table("Object", {declared("objectId", "bigint"), declared("ra", "double"), declared("decl", "double")});
        object.part.kind = partitioning::kind_t::sky;
        object.part.lon = "ra";
        object.part.lat = "decl";
        object.part.key = "objectId";
        object.part.overlap = 0.025;
        auto source = sky_table("Source", {declared("sourceId", "bigint"), declared("objectId", "bigint"), declared("flux", "double")});
        source.part.kind = partitioning::kind_t::child;
        source.part.key = "objectId";
        source.part.director_table = "Object";
        for (auto& t : {object, source}) REQUIRE(store.create_table(t, false, existed));
    }

    sql_result<czar::query_plan> plan(std::string_view sql) {
        INFO(sql);
        auto parsed = sql::parse(sql);
        REQUIRE(parsed.has_value());
        return czar::plan_select(std::get<sql::select_stmt>(parsed.value()), session, *cat, index);
    }
    std::string chunk_sql(std::string_view sql) {
        auto p = plan(sql);
        INFO(sql << (p ? "" : "\n" + p.error().message));
        REQUIRE(p.has_value());
        return p.value().chunk_query.text;
    }
    std::string refusal(std::string_view sql) {
        auto p = plan(sql);
        REQUIRE(p.has_error());
        CHECK(p.error().code == 4110);
        return p.error().message;
    }
};

constexpr std::string_view pairs = "SELECT COUNT(*) FROM Object a, Object b WHERE ";

}  // namespace

TEST_CASE("a near-neighbour join pairs the chunk's rows with the chunk's and the overlap's", "[czar][near_neighbour]") {
    fixture f;
    const auto half = [](std::string_view b) {
        return "SELECT count(*) AS \"c0\" FROM main.\"Object\" AS \"a\", main.\"" + std::string(b) +
               "\" AS \"b\" WHERE ((scisql_angsep(\"a\".\"ra\", \"a\".\"decl\", \"b\".\"ra\", \"b\".\"decl\") < 0.02) AND "
               "(((\"b\".\"decl\" >= (\"a\".\"decl\" - 0.020000001e0)) AND (\"b\".\"decl\" <= (\"a\".\"decl\" + 0.020000001e0)))))";
    };
    CHECK(f.chunk_sql(std::string(pairs) + "scisql_angSep(a.ra, a.decl, b.ra, b.decl) < 0.02") ==
          half("Object") + " UNION ALL " + half("ObjectFullOverlap"));
    // Either argument order, <=, a bound on the left, BETWEEN; the smallest bound sets the band.
    for (const auto* term : {"scisql_angSep(b.ra, b.decl, a.ra, a.decl) <= 0.025",
                             "0.01 > scisql_angSep(a.ra, a.decl, b.ra, b.decl) AND a.objectId <> b.objectId",
                             "scisql_angSep(a.ra, a.decl, b.ra, b.decl) BETWEEN 0 AND 0.01",
                             "scisql_angSep(a.ra, a.decl, b.ra, b.decl) < 0.01 AND scisql_angSep(a.ra, a.decl, b.ra, b.decl) < 0.5"}) {
        INFO(term);
        const auto text = f.chunk_sql(std::string(pairs) + term);
        CHECK_THAT(text, Catch::Contains("main.\"ObjectFullOverlap\" AS \"b\""));
        CHECK_THAT(text, Catch::Contains(std::string(term).find("0.025") != std::string::npos ? "- 0.025000001e0)"
                                                                                                 : "- 0.010000001e0)"));
    }
}

TEST_CASE("near-neighbour joins without a bound within the overlap are refused, saying what is needed",
          "[czar][near_neighbour]") {
    fixture f;
    CHECK(f.refusal(std::string(pairs) + "a.objectId <> b.objectId") ==
          "Query processing error: a near-neighbour join of sky.Object with itself needs an AND term of WHERE bounding "
          "the distance between the two, scisql_angSep(a.ra, a.decl, b.ra, b.decl) < r (or <= r) with a constant r of "
          "at most the table's overlap, 0.025 degrees");
    CHECK(f.refusal(std::string(pairs) + "scisql_angSep(a.ra, a.decl, b.ra, b.decl) < 0.03") ==
          "Query processing error: the near-neighbour distance 0.03 exceeds the overlap of sky.Object, 0.025 degrees: "
          "pairs farther apart may lie in chunks that do not see each other's rows");
    // Not a bound: under OR, a lower bound, a bound on other columns, a non-constant bound.
    for (const auto* term : {"(scisql_angSep(a.ra, a.decl, b.ra, b.decl) < 0.01 OR a.objectId = 1)",
                             "scisql_angSep(a.ra, a.decl, b.ra, b.decl) > 0.01",
                             "scisql_angSep(a.ra, a.ra, b.ra, b.decl) < 0.01",
                             "scisql_angSep(a.ra, a.decl, b.ra, b.decl) < a.ra"}) {
        INFO(term);
        CHECK_THAT(f.refusal(std::string(pairs) + term), Catch::Contains("needs an AND term of WHERE bounding"));
    }
    CHECK_THAT(f.refusal("SELECT COUNT(*) FROM Object a, Object b, Object c WHERE scisql_angSep(a.ra, a.decl, b.ra, "
                         "b.decl) < 0.01"),
               Catch::Contains("a sky-partitioned director with itself once"));
}

TEST_CASE("child tables join one instance, which reads the chunk alone", "[czar][near_neighbour]") {
    fixture f;
    const std::string bound = " scisql_angSep(a.ra, a.decl, b.ra, b.decl) < 0.02";
    // Sources of b: b becomes the first instance, a reads the overlap.
    for (const auto* from : {"Object a, Object b JOIN Source s USING (objectId) WHERE",
                             "Object a, Object b, Source s WHERE s.objectId = b.objectId AND",
                             "Object a JOIN Object b JOIN Source s ON b.objectId = s.objectId WHERE"}) {
        INFO(from);
        const auto text = f.chunk_sql(fmt::format("SELECT SUM(s.flux) FROM {}{}", from, bound));
        CHECK_THAT(text, Catch::Contains("main.\"ObjectFullOverlap\" AS \"a\""));
        CHECK_THAT(text, !Catch::Contains("AS \"b\", main.\"ObjectFullOverlap\"") && !Catch::Contains("FullOverlap\" AS \"b\""));
    }
    CHECK_THAT(f.chunk_sql("SELECT COUNT(*) FROM Object a JOIN Source s USING (objectId), Object b WHERE" + bound),
               Catch::Contains("main.\"ObjectFullOverlap\" AS \"b\""));
    CHECK(f.refusal("SELECT COUNT(*) FROM Object a, Object b, Source s WHERE s.objectId = a.objectId AND "
                    "s.objectId = b.objectId AND" + bound) ==
          "Query processing error: in a near-neighbour join of sky.Object with itself, child tables may join only one "
          "of the two: qproxy keeps no overlap for child tables");
    CHECK(f.refusal("SELECT COUNT(*) FROM Object a, Object b, Source s WHERE s.flux > 1 AND" + bound) ==
          "Query processing error: in a near-neighbour join of sky.Object with itself, child table 's' must be joined "
          "to one of the two by its key (s.objectId = <instance>.objectId)");
}

TEST_CASE("areaspecs restrict both instances; ORDER BY and LIMIT apply to both halves", "[czar][near_neighbour]") {
    fixture f;
    const auto text = f.chunk_sql("SELECT a.objectId, b.objectId FROM Object a, Object b WHERE "
                                  "qserv_areaspec_box(1, 2, 3, 4) AND scisql_angSep(a.ra, a.decl, b.ra, b.decl) < 0.02 "
                                  "ORDER BY b.decl DESC, a.objectId LIMIT 3");
    CHECK_THAT(text, Catch::StartsWith("SELECT \"a\".\"objectId\" AS \"c0\", \"b\".\"objectId\" AS \"c1\", "
                                       "\"b\".\"decl\" AS \"c2\" FROM main.\"Object\" AS \"a\", main.\"Object\" AS \"b\" "
                                       "WHERE ((((scisql_s2ptinbox(\"a\".\"ra\", \"a\".\"decl\", 1, 2, 3, 4) = 1) AND "
                                       "(scisql_s2ptinbox(\"b\".\"ra\", \"b\".\"decl\", 1, 2, 3, 4) = 1)) AND "));
    CHECK_THAT(text, Catch::Contains(" UNION ALL SELECT "));
    CHECK_THAT(text, Catch::EndsWith(" ORDER BY \"c2\" DESC, \"c0\" LIMIT 3"));
    // DISTINCT rows stay distinct across the halves.
    CHECK_THAT(f.chunk_sql("SELECT DISTINCT a.objectId FROM Object a, Object b WHERE "
                           "scisql_angSep(a.ra, a.decl, b.ra, b.decl) < 0.02 ORDER BY 1 LIMIT 2"),
               Catch::Contains(" UNION SELECT DISTINCT "));
}
