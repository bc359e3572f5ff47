// Where a row of a partitioned table lives, and which chunks a spatial or key
// restriction can touch. Sky partitioning computes the same chunk and
// sub-chunk ids as Qserv's partitioner (lsst/qserv, partition/Chunker.cc), so
// a chunk id means the same thing here and there.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qproxy::czar {

struct chunk_location {
    std::int32_t chunk_id = 0;
    std::int32_t sub_chunk_id = 0;
    bool operator==(const chunk_location&) const = default;
};

// A lon/lat box in degrees; lon_min > lon_max wraps through 0/360.
struct sky_box {
    double lon_min = 0, lat_min = -90, lon_max = 360, lat_max = 90;
};

// Qserv's sky partitioning: `stripes` declination stripes of equal height,
// each split into chunks of roughly equal width; each chunk split into
// sub-stripes × sub-chunks. `overlap` (degrees) is the margin around each
// chunk whose rows a near-neighbour query also needs.
class sky_chunker {
public:
    // Throws std::invalid_argument for parameters parameter_error() rejects.
    sky_chunker(std::int32_t stripes, std::int32_t sub_stripes, double overlap);

    // Why Qserv's partitioner would refuse these parameters, if it would.
    [[nodiscard]] static std::optional<std::string> parameter_error(std::int32_t stripes, std::int32_t sub_stripes,
                                                                    double overlap);

    // The chunk and sub-chunk holding position (lon, lat) (degrees; lon is
    // reduced to [0, 360), lat clamped to [-90, 90]).
    [[nodiscard]] chunk_location locate(double lon, double lat) const;
    // Chunks other than the home one whose overlap margin contains the
    // position, with the sub-chunk it falls in there (for overlap tables).
    [[nodiscard]] std::vector<chunk_location> overlap_locations(double lon, double lat) const;

    // Every chunk id of the sky, ascending.
    [[nodiscard]] std::vector<std::int32_t> all_chunks() const;
    // A superset of the chunks intersecting the region, ascending. Exactness
    // of the rows is the row predicate's job; these only prune.
    [[nodiscard]] std::vector<std::int32_t> chunks_in_box(const sky_box& b) const;
    [[nodiscard]] std::vector<std::int32_t> chunks_in_circle(double lon, double lat, double radius) const;
    [[nodiscard]] std::vector<std::int32_t> chunks_in_ellipse(double lon, double lat, double semi_major_arcsec,
                                                              double semi_minor_arcsec, double pos_angle_deg) const;
    [[nodiscard]] std::vector<std::int32_t> chunks_in_polygon(std::span<const std::pair<double, double>> vertices) const;
    // The chunk's own region (without overlap).
    [[nodiscard]] sky_box chunk_bounds(std::int32_t chunk_id) const;

    [[nodiscard]] std::int32_t stripes() const { return stripes_; }
    [[nodiscard]] std::int32_t sub_stripes() const { return sub_stripes_; }
    [[nodiscard]] double overlap() const { return overlap_; }

private:
    // Where a position (lon in [0, 360), lat in [-90, 90]) falls: Qserv's stripe,
    // sub-stripe, chunk and sub-chunk indexes.
    struct cell_index {
        std::int32_t stripe, sub_stripe, chunk, sub_chunk;
    };
    [[nodiscard]] cell_index index_of(double lon, double lat) const;
    [[nodiscard]] std::int32_t sub_stripe_of(double lat) const;
    [[nodiscard]] std::int32_t chunk_id(std::int32_t stripe, std::int32_t chunk) const { return stripe * 2 * stripes_ + chunk; }
    [[nodiscard]] std::int32_t sub_chunk_id(std::int32_t stripe, std::int32_t sub_stripe, std::int32_t chunk,
                                            std::int32_t sub_chunk) const;
    // Appends the overlap location in (sub_stripe, sub_chunk) unless it is in chunk `home`.
    void add_overlap(std::vector<chunk_location>& out, std::int32_t home, std::int32_t sub_stripe,
                     std::int32_t sub_chunk) const;
    void up_down_overlap(std::vector<chunk_location>& out, std::int32_t home, double lon, std::int32_t ss) const;

    std::int32_t stripes_;
    std::int32_t sub_stripes_;
    double overlap_;
    double sub_stripe_height_;
    std::vector<std::int32_t> chunks_per_stripe_;       // per stripe
    std::vector<std::int32_t> sub_chunks_per_chunk_;    // per sub-stripe (global index)
    std::vector<double> sub_chunk_width_;               // per sub-stripe, degrees
    std::vector<double> alpha_;                         // per sub-stripe: the overlap's reach in longitude
    std::int32_t max_sub_chunks_per_chunk_ = 0;
};

// Hash partitioning: the chunk (0 … partitions-1) of a director key given as
// MySQL text. Integer keys hash by value ("007" and "7" agree), others by
// their bytes; stable across platforms and releases (it is on disk).
[[nodiscard]] std::int32_t hash_chunk(std::string_view key_text, bool integer_key, std::uint32_t partitions);

}  // namespace qproxy::czar
