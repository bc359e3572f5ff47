// Sky and hash partitioning: Qserv's own test vectors (lsst/sphgeom tests/testChunker.cc
// and tests/test_Chunker.py, whose Chunker gives the same ids as Qserv's partitioner),
// then properties over random positions for case02's parameters.
#include "czar/partitioning.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

using namespace qproxy::czar;

namespace {

constexpr double pi = 3.14159265358979323846;

bool contains(const std::vector<std::int32_t>& ids, std::int32_t id) { return std::binary_search(ids.begin(), ids.end(), id); }

bool box_contains(const sky_box& b, double lon, double lat, double slack) {
    if (lat < b.lat_min - slack || lat > b.lat_max + slack) return false;
    if (b.lon_min <= b.lon_max) return lon >= b.lon_min - slack && lon <= b.lon_max + slack;
    return lon >= b.lon_min - slack || lon <= b.lon_max + slack;
}

// The chunk's box grown by r degrees: latitude ± r, longitude ± r / cos(the box's widest latitude).
bool near_box(const sky_box& b, double lon, double lat, double r) {
    const double widest = std::min(89.9, std::max(std::fabs(b.lat_min - r), std::fabs(b.lat_max + r)));
    const double lon_r = r / std::cos(widest * pi / 180);
    if (lat < b.lat_min - r || lat > b.lat_max + r) return false;
    const double mid = (b.lon_min + b.lon_max) / 2, half = (b.lon_max - b.lon_min) / 2 + lon_r;
    const double d = std::fabs(std::remainder(lon - mid, 360.0));
    return d <= half + 1e-9;
}

struct random_sky {
    std::mt19937_64 engine{20240611};
    std::pair<double, double> operator()() {
        // Uniform on the sphere, plus a share of positions near the poles and the 0/360 seam.
        std::uniform_real_distribution<double> u(0.0, 1.0);
        const double lon = 360.0 * u(engine);
        const double lat = std::asin(2.0 * u(engine) - 1.0) * 180 / pi;
        switch (engine() % 8) {
        case 0: return {lon, 90.0 - 2.0 * u(engine)};
        case 1: return {lon, -90.0 + 2.0 * u(engine)};
        case 2: return {u(engine) * 0.05, lat};
        case 3: return {360.0 - u(engine) * 0.05, lat};
        default: return {lon, lat};
        }
    }
};

}  // namespace

TEST_CASE("chunks intersecting a box are sphgeom's (85 stripes, 14 sub-stripes)", "[partitioning]") {
    const sky_chunker chunker(85, 14, 0.01667);
    const std::vector<std::int32_t> expected = {6630, 6631, 6797, 6800, 6801, 6968, 6970, 6971, 7138, 7140, 7141,
                                                7308, 7310, 7311, 7478, 7480, 7481, 7648, 7650, 7651, 7817};
    CHECK(chunker.chunks_in_box({-0.1, -6, 4, 6}) == expected);
    CHECK(chunker.chunks_in_box({359.9, -6, 4, 6}) == expected);  // the same box, wrapping through 0/360
}

TEST_CASE("chunks and sub-chunks of a small box are sphgeom's (85, 12)", "[partitioning]") {
    const sky_chunker chunker(85, 12, 0.01667);
    const sky_box b{273.6, 30.7, 273.7180105379097, 30.722546655347717};
    CHECK(chunker.chunks_in_box(b) == std::vector<std::int32_t>{9630, 9631, 9797});
    // getSubChunksIntersecting: (9630, [770]), (9631, [759]), (9797, [11]).
    std::set<std::pair<std::int32_t, std::int32_t>> seen;
    for (int i = 0; i <= 20; ++i)
        for (int j = 0; j <= 20; ++j) {
            const auto loc = chunker.locate(b.lon_min + (b.lon_max - b.lon_min) * i / 20, b.lat_min + (b.lat_max - b.lat_min) * j / 20);
            seen.emplace(loc.chunk_id, loc.sub_chunk_id);
        }
    CHECK(seen == std::set<std::pair<std::int32_t, std::int32_t>>{{9630, 770}, {9631, 759}, {9797, 11}});
}

TEST_CASE("the sub-chunks of chunk 9630 are sphgeom's getAllSubChunks (85, 12)", "[partitioning]") {
    const sky_chunker chunker(85, 12, 0.01667);
    std::set<std::int32_t> expected;
    for (int ss = 0; ss < 12; ++ss)
        for (int sc = 0; sc < 12; ++sc) expected.insert(ss * 69 + sc);
    const sky_box b = chunker.chunk_bounds(9630);
    std::set<std::int32_t> seen;
    for (int i = 0; i < 240; ++i)
        for (int j = 0; j < 240; ++j) {
            const auto loc = chunker.locate(b.lon_min + (b.lon_max - b.lon_min) * (i + 0.5) / 240,
                                            b.lat_min + (b.lat_max - b.lat_min) * (j + 0.5) / 240);
            REQUIRE(loc.chunk_id == 9630);
            seen.insert(loc.sub_chunk_id);
        }
    CHECK(seen == expected);
}

TEST_CASE("chunk bounds are sphgeom's getChunkBoundingBox (200, 5)", "[partitioning]") {
    const sky_chunker chunker(200, 5, 0.01667);
    const sky_box b = chunker.chunk_bounds(3645);  // stripe 9, chunk 45
    const double deg = 180 / pi;
    CHECK(b.lon_min == Approx(5.048988193233824 * deg));
    CHECK(b.lat_min == Approx(-1.4294246573883558 * deg));
    CHECK(b.lon_max == Approx(5.1611879309330035 * deg));
    CHECK(b.lat_max == Approx(-1.413716694110407 * deg));
}

TEST_CASE("case02's positions land in Qserv's chunks (85, 12)", "[partitioning]") {
    const sky_chunker chunker(85, 12, 0.01667);
    // Object 433327840428032 of case02 (ra_PS 1.27498251078, decl_PS 3.17918266274): stripe 44
    // (decl 3.176…5.294), its chunk 0; chunk id = stripe * 2 * 85 + chunk = 7480.
    CHECK(chunker.locate(1.27498251078, 3.17918266274).chunk_id == 7480);
    CHECK(chunker.locate(0, -90).chunk_id == 0);
    CHECK(chunker.locate(0, 90).chunk_id == 84 * 170);
    CHECK(chunker.locate(360, 0) == chunker.locate(0, 0));
    CHECK(chunker.locate(-0.5, 0) == chunker.locate(359.5, 0));
    const auto all = chunker.all_chunks();
    CHECK(std::is_sorted(all.begin(), all.end()));
    CHECK(all.front() == 0);
    CHECK(all.back() == 84 * 170);
    CHECK(std::count_if(all.begin(), all.end(), [](std::int32_t id) { return id / 170 == 0; }) == 1);  // polar stripes: one chunk
}

TEST_CASE("located positions are covered by every region around them", "[partitioning]") {
    const sky_chunker chunker(85, 12, 0.01667);
    const auto all = chunker.all_chunks();
    random_sky next;
    for (int i = 0; i < 3000; ++i) {
        const auto [lon, lat] = next();
        INFO("position " << lon << ", " << lat);
        const auto loc = chunker.locate(lon, lat);
        REQUIRE(contains(all, loc.chunk_id));
        CHECK(box_contains(chunker.chunk_bounds(loc.chunk_id), lon, lat, 1e-9));
        CHECK(contains(chunker.chunks_in_box({lon - 1e-7, lat - 1e-7, lon + 1e-7, lat + 1e-7}), loc.chunk_id));
        CHECK(contains(chunker.chunks_in_box({lon, lat, lon, lat}), loc.chunk_id));
        CHECK(contains(chunker.chunks_in_circle(lon, lat, 0.001), loc.chunk_id));
        CHECK(contains(chunker.chunks_in_ellipse(lon, lat, 3.0, 1.0, 30.0), loc.chunk_id));
        const std::vector<std::pair<double, double>> triangle = {{lon - 0.01, lat - 0.005}, {lon + 0.01, lat - 0.005}, {lon, lat + 0.005}};
        CHECK(contains(chunker.chunks_in_polygon(triangle), loc.chunk_id));
    }
}

TEST_CASE("a circle's chunks include those of every position inside it", "[partitioning]") {
    const sky_chunker chunker(85, 12, 0.01667);
    random_sky next;
    std::mt19937_64 engine(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int i = 0; i < 200; ++i) {
        const auto [lon, lat] = next();
        const double radius = 3.0 * u(engine);
        const auto ids = chunker.chunks_in_circle(lon, lat, radius);
        for (int k = 0; k < 50; ++k) {
            // A position at distance ≤ radius in a random direction.
            const double d = radius * std::sqrt(u(engine)) * pi / 180, bearing = 2 * pi * u(engine);
            const double la = lat * pi / 180, lo = lon * pi / 180;
            const double plat = std::asin(std::sin(la) * std::cos(d) + std::cos(la) * std::sin(d) * std::cos(bearing));
            const double plon = lo + std::atan2(std::sin(bearing) * std::sin(d) * std::cos(la), std::cos(d) - std::sin(la) * std::sin(plat));
            INFO("circle " << lon << ", " << lat << ", " << radius << " position " << plon * 180 / pi << ", " << plat * 180 / pi);
            CHECK(contains(ids, chunker.locate(plon * 180 / pi, plat * 180 / pi).chunk_id));
        }
    }
}

TEST_CASE("overlap locations are the other chunks whose margin holds the position", "[partitioning]") {
    const sky_chunker chunker(85, 12, 0.01667);
    random_sky next;
    int with_overlap = 0;
    for (int i = 0; i < 3000; ++i) {
        const auto [lon, lat] = next();
        INFO("position " << lon << ", " << lat);
        const auto home = chunker.locate(lon, lat).chunk_id;
        const auto overlaps = chunker.overlap_locations(lon, lat);
        with_overlap += !overlaps.empty();
        for (const auto& o : overlaps) {
            CHECK(o.chunk_id != home);
            CHECK(near_box(chunker.chunk_bounds(o.chunk_id), lon, lat, 0.01667));
        }
    }
    CHECK(with_overlap > 0);
}

TEST_CASE("overlap locations at chunk edges", "[partitioning]") {
    const sky_chunker chunker(85, 12, 0.01667);
    const sky_box b = chunker.chunk_bounds(7480);  // stripe 44, chunk 0 (lon 0 … ~2.13)
    const double mid_lat = b.lat_min + 6.5 * 180.0 / (85 * 12);  // the middle of a sub-stripe
    // Just east of the chunk's western edge (0°): the last chunk of the stripe holds it in its margin.
    auto o = chunker.overlap_locations(b.lon_min + 0.001, mid_lat);
    REQUIRE(o.size() == 1);
    CHECK(o[0].chunk_id == chunker.locate(359.999, mid_lat).chunk_id);
    CHECK(o[0].sub_chunk_id == chunker.locate(359.999, mid_lat).sub_chunk_id);
    // Just west of its eastern edge: chunk 7481.
    o = chunker.overlap_locations(b.lon_max - 0.001, mid_lat);
    REQUIRE(o.size() == 1);
    CHECK(o[0].chunk_id == 7481);
    // Just below its top: the stripe above, around the same longitude.
    o = chunker.overlap_locations(1.0, b.lat_max - 0.001);
    REQUIRE(!o.empty());
    for (const auto& l : o) CHECK(l.chunk_id / 170 == 45);
    CHECK(std::any_of(o.begin(), o.end(), [&](const auto& l) { return l == chunker.locate(1.0, b.lat_max + 0.001); }));
    // In the middle of the chunk: no other chunk.
    CHECK(chunker.overlap_locations(1.0, mid_lat).empty());
    // Without overlap, none anywhere.
    CHECK(sky_chunker(85, 12, 0.0).overlap_locations(b.lon_min, b.lat_min).empty());
}

TEST_CASE("region edge cases: wrap-around, poles, empty and invalid regions", "[partitioning]") {
    const sky_chunker chunker(85, 12, 0.01667);
    const auto all = chunker.all_chunks();
    // A box through 0/360 holds the chunks at both ends of each stripe.
    const auto wrap = chunker.chunks_in_box({359.0, 0.0, 1.0, 1.0});
    CHECK(contains(wrap, chunker.locate(359.5, 0.5).chunk_id));
    CHECK(contains(wrap, chunker.locate(0.5, 0.5).chunk_id));
    CHECK(!contains(wrap, chunker.locate(180, 0.5).chunk_id));
    CHECK(chunker.chunks_in_box({350, 0, 370, 1}) == chunker.chunks_in_box({350, 0, 10, 1}));
    CHECK(chunker.chunks_in_box({0, -90, 360, 90}) == all);
    CHECK(chunker.chunks_in_box({-720, -90, 720, 90}) == all);
    CHECK(chunker.chunks_in_box({10, 5, 20, 4}).empty());  // latitudes crossed: no region
    // Circles around a pole take every longitude of the polar stripes.
    const auto polar = chunker.chunks_in_circle(123, 89.5, 1.0);
    CHECK(contains(polar, chunker.locate(0, 89.9).chunk_id));
    CHECK(contains(polar, chunker.locate(303, 88.6).chunk_id));
    CHECK(chunker.chunks_in_circle(0, 0, 180) == all);
    CHECK(chunker.chunks_in_circle(0, 0, -1).empty());
    CHECK(chunker.chunks_in_circle(std::nan(""), 0, 1) == all);
    const auto circle = chunker.chunks_in_circle(0.0, 0.0, 1.0);
    CHECK(contains(circle, chunker.locate(359.5, 0).chunk_id));
    CHECK(contains(circle, chunker.locate(0.5, 0).chunk_id));
    CHECK(circle.size() < 10);
    // A polygon through 0/360.
    const std::vector<std::pair<double, double>> square = {{359, -1}, {1, -1}, {1, 1}, {359, 1}};
    const auto poly = chunker.chunks_in_polygon(square);
    CHECK(contains(poly, chunker.locate(359.5, 0.5).chunk_id));
    CHECK(contains(poly, chunker.locate(0.5, -0.5).chunk_id));
    CHECK(poly.size() < 20);
    CHECK(chunker.chunks_in_polygon(std::vector<std::pair<double, double>>{{0, 0}, {1, 1}}) == all);
}

TEST_CASE("invalid partitioning parameters are Qserv's errors", "[partitioning]") {
    CHECK(!sky_chunker::parameter_error(85, 12, 0.01667));
    CHECK(sky_chunker::parameter_error(0, 12, 0.01667));
    CHECK(sky_chunker::parameter_error(85, 0, 0.01667));
    CHECK(sky_chunker::parameter_error(85, 12, -1));
    CHECK(sky_chunker::parameter_error(85, 12, 11));
    CHECK(sky_chunker::parameter_error(85, 12, 0.2));  // thicker than a sub-stripe (0.176°)
    CHECK(sky_chunker::parameter_error(1000, 1000, 0.0));
    CHECK_THROWS_AS(sky_chunker(0, 1, 0.0), std::invalid_argument);
}

TEST_CASE("hash partitioning is stable FNV-1a over the key's canonical text", "[partitioning]") {
    // FNV-1a 64 of "7" is 12638132224974231446, of "-7" 562968678213606237, of "0"
    // 12638135523509116079, of "abc" 16654208175385433931.
    CHECK(hash_chunk("7", true, 1000) == 446);
    CHECK(hash_chunk("007", true, 1000) == 446);
    CHECK(hash_chunk("+7", true, 1000) == 446);
    CHECK(hash_chunk(" 7 ", true, 1000) == 446);
    CHECK(hash_chunk("-7", true, 1000) == 237);
    CHECK(hash_chunk("-0", true, 1000) == 79);
    CHECK(hash_chunk("000", true, 1000) == 79);
    CHECK(hash_chunk("abc", false, 1000) == 931);
    CHECK(hash_chunk("7", false, 16) == 6);
    CHECK(hash_chunk("007", false, 16) != hash_chunk("7", false, 16));  // strings hash by their bytes
    CHECK(hash_chunk("7.0", true, 1000) != 446);                        // not a plain integer: its bytes
    CHECK(hash_chunk("anything", true, 1) == 0);
    CHECK(hash_chunk("7", true, 0) == 0);
}
