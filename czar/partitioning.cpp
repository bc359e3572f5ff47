// Qserv's sky partitioning, with the arithmetic of lsst/qserv src/partition/Chunker.cc
// and Geometry.cc (segments, maxAlpha, reduceLon, clampLon/Lat) so chunk and
// sub-chunk ids agree with Qserv's partitioner; region coverage follows
// lsst/sphgeom's Chunker::getChunksIntersecting (a box test with a tiny margin).
#include "czar/partitioning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace qproxy::czar {

namespace {

constexpr double deg_per_rad = 57.2957795130823208767981548141;
constexpr double rad_per_deg = 0.0174532925199432957692369076849;
constexpr double epsilon_deg = 0.001 / 3600;  // 1 mas: Qserv's clampLon tolerance
// sphgeom's BOX_EPSILON (~1 µas): regions grow by it so a position that rounding puts
// on either side of a chunk edge is covered by both chunks.
constexpr double box_epsilon_deg = 5.0e-12 * deg_per_rad;
constexpr double arcsec = 1.0 / 3600;

double clamp_lat(double lat) { return std::clamp(lat, -90.0, 90.0); }
double clamp_lon(double lon) { return lon > 360.0 - epsilon_deg ? 360.0 : lon; }

double reduce_lon(double lon) {
    lon = std::fmod(lon, 360.0);
    if (lon < 0.0) {
        lon += 360.0;
        if (lon == 360.0) lon = 0.0;
    }
    return lon;
}

// Chunker.cc segments(): how many equal-width segments split the latitude range so that
// positions a segment apart are at least `width` apart. Widths below 1" do not occur:
// parameter_error() rejects sub-stripes that thin.
int segments(double lat_min, double lat_max, double width) {
    double lat = std::max(std::fabs(lat_min), std::fabs(lat_max));
    if (lat > 90.0 - arcsec || width >= 180.0) return 1;
    lat *= rad_per_deg;
    const double cw = std::cos(width * rad_per_deg);
    const double sl = std::sin(lat);
    const double cl = std::cos(lat);
    const double x = cw - sl * sl;
    const double u = cl * cl;
    const double y = std::sqrt(std::fabs(u * u - x * x));
    return static_cast<int>(std::floor(360.0 / std::fabs(deg_per_rad * std::atan2(y, x))));
}

// Geometry.cc maxAlpha(): the half-extent in longitude of a circle of radius r (≤ 90)
// centred at latitude center_lat.
double max_alpha(double r, double center_lat) {
    if (r == 0.0) return 0.0;
    double lat = clamp_lat(center_lat);
    if (std::fabs(lat) + r > 90.0 - arcsec) return 180.0;
    r *= rad_per_deg;
    lat *= rad_per_deg;
    const double y = std::sin(r);
    const double x = std::sqrt(std::fabs(std::cos(lat - r) * std::cos(lat + r)));
    return deg_per_rad * std::fabs(std::atan(y / x));
}

// A position as the partitioner takes it: lon in [0, 360), lat in [-90, 90]. Non-finite
// coordinates have no place on the sky; they read as 0 rather than reaching the
// floor() → integer conversions, which would be undefined.
std::pair<double, double> on_sky(double lon, double lat) {
    return {std::isfinite(lon) ? reduce_lon(lon) : 0.0, std::isfinite(lat) ? clamp_lat(lat) : 0.0};
}

bool finite(std::initializer_list<double> values) {
    return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

struct vec3 {
    double x, y, z;
};
vec3 unit_vector(double lon, double lat) {
    const double l = lon * rad_per_deg, b = lat * rad_per_deg;
    return {std::cos(l) * std::cos(b), std::sin(l) * std::cos(b), std::sin(b)};
}
double dot(const vec3& a, const vec3& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
double norm(const vec3& v) { return std::sqrt(dot(v, v)); }
// Angle between two vectors (degrees), as Geometry.cc angSep(): atan2(|a×b|, a·b).
double angle_between(const vec3& a, const vec3& b) {
    const vec3 n{a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
    return deg_per_rad * std::atan2(norm(n), dot(a, b));
}

}  // namespace

std::optional<std::string> sky_chunker::parameter_error(std::int32_t stripes, std::int32_t sub_stripes, double overlap) {
    if (stripes < 1 || sub_stripes < 1) return "The number of stripes and sub-stripes per stripe must be positive.";
    // Sub-stripes thicker than 1" (segments() misbehaves below); chunk ids (stripe * 2 * stripes + chunk) must fit 32 bits.
    if (static_cast<std::int64_t>(stripes) * sub_stripes >= 180 * 3600 || stripes > 32767) return "Sub-stripes are too small.";
    if (!(overlap >= 0.0 && overlap <= 10.0)) return "The overlap radius must be in range [0, 10] deg.";
    if (180.0 / (stripes * sub_stripes) < overlap) return "The overlap radius is greater than the sub-stripe height.";
    return std::nullopt;
}

sky_chunker::sky_chunker(std::int32_t stripes, std::int32_t sub_stripes, double overlap)
    : stripes_(stripes), sub_stripes_(sub_stripes), overlap_(overlap) {
    if (auto e = parameter_error(stripes, sub_stripes, overlap)) throw std::invalid_argument(*e);
    // Chunker::_initialize, step for step.
    const std::int32_t num_sub_stripes = stripes * sub_stripes;
    const double stripe_height = 180.0 / stripes;
    sub_stripe_height_ = 180.0 / num_sub_stripes;
    for (std::int32_t i = 0; i < stripes; ++i) {
        const int nc = segments(i * stripe_height - 90.0, (i + 1) * stripe_height - 90.0, stripe_height);
        chunks_per_stripe_.push_back(nc);
        for (std::int32_t j = 0; j < sub_stripes; ++j) {
            const std::int32_t ss = i * sub_stripes + j;
            const double lat_min = ss * sub_stripe_height_ - 90.0;
            const double lat_max = (ss + 1) * sub_stripe_height_ - 90.0;
            const int nsc = segments(lat_min, lat_max, sub_stripe_height_) / nc;
            max_sub_chunks_per_chunk_ = std::max(max_sub_chunks_per_chunk_, nsc);
            sub_chunks_per_chunk_.push_back(nsc);
            const double width = 360.0 / (nsc * nc);
            sub_chunk_width_.push_back(width);
            // Positions in the sub-stripe at least alpha apart in longitude are at least
            // the overlap radius apart.
            const double a = max_alpha(overlap, std::max(std::fabs(lat_min), std::fabs(lat_max)));
            if (a > width) throw std::invalid_argument("The overlap radius is greater than the sub-chunk width.");
            alpha_.push_back(a);
        }
    }
    if (static_cast<std::int64_t>(max_sub_chunks_per_chunk_) * sub_stripes > std::numeric_limits<std::int32_t>::max())
        throw std::invalid_argument("Sub-chunk ids do not fit 32 bits.");
}

std::int32_t sky_chunker::sub_stripe_of(double lat) const {
    const std::int32_t last = stripes_ * sub_stripes_ - 1;
    return std::clamp(static_cast<std::int32_t>(std::floor((lat + 90.0) / sub_stripe_height_)), 0, last);
}

std::int32_t sky_chunker::sub_chunk_id(std::int32_t stripe, std::int32_t sub_stripe, std::int32_t chunk,
                                       std::int32_t sub_chunk) const {
    return (sub_stripe - stripe * sub_stripes_) * max_sub_chunks_per_chunk_ +
           (sub_chunk - chunk * sub_chunks_per_chunk_[sub_stripe]);
}

sky_chunker::cell_index sky_chunker::index_of(double lon, double lat) const {
    const std::int32_t ss = sub_stripe_of(lat);
    const std::int32_t stripe = ss / sub_stripes_;
    const std::int32_t per_chunk = sub_chunks_per_chunk_[ss];
    const std::int32_t num_sub_chunks = chunks_per_stripe_[stripe] * per_chunk;
    const std::int32_t sub_chunk = std::min(static_cast<std::int32_t>(std::floor(lon / sub_chunk_width_[ss])), num_sub_chunks - 1);
    return {stripe, ss, sub_chunk / per_chunk, sub_chunk};
}

chunk_location sky_chunker::locate(double lon, double lat) const {
    const auto [x, y] = on_sky(lon, lat);
    const cell_index c = index_of(x, y);
    return {chunk_id(c.stripe, c.chunk), sub_chunk_id(c.stripe, c.sub_stripe, c.chunk, c.sub_chunk)};
}

void sky_chunker::add_overlap(std::vector<chunk_location>& out, std::int32_t home, std::int32_t sub_stripe,
                              std::int32_t sub_chunk) const {
    const std::int32_t stripe = sub_stripe / sub_stripes_;
    const std::int32_t chunk = sub_chunk / sub_chunks_per_chunk_[sub_stripe];
    const std::int32_t id = chunk_id(stripe, chunk);
    if (id != home) out.push_back({id, sub_chunk_id(stripe, sub_stripe, chunk, sub_chunk)});
}

// Chunker::_upDownOverlap: the sub-chunks of an adjacent sub-stripe whose overlap
// (alpha wide in longitude) reaches lon.
void sky_chunker::up_down_overlap(std::vector<chunk_location>& out, std::int32_t home, double lon,
                                  std::int32_t ss) const {
    const std::int32_t num_sub_chunks = chunks_per_stripe_[ss / sub_stripes_] * sub_chunks_per_chunk_[ss];
    auto min_sc = static_cast<std::int32_t>(std::floor((lon - alpha_[ss]) / sub_chunk_width_[ss]));
    auto max_sc = static_cast<std::int32_t>(std::floor((lon + alpha_[ss]) / sub_chunk_width_[ss]));
    if (min_sc < 0) min_sc += num_sub_chunks;
    if (max_sc >= num_sub_chunks) max_sc -= num_sub_chunks;
    if (min_sc > max_sc) {  // through 0/360
        for (std::int32_t sc = min_sc; sc < num_sub_chunks; ++sc) add_overlap(out, home, ss, sc);
        min_sc = 0;
    }
    for (std::int32_t sc = min_sc; sc <= max_sc; ++sc) add_overlap(out, home, ss, sc);
}

std::vector<chunk_location> sky_chunker::overlap_locations(double lon, double lat) const {
    // Chunker::locate(position, -1, locations) without the home chunk's entries.
    std::vector<chunk_location> out;
    if (overlap_ == 0.0) return out;
    std::tie(lon, lat) = on_sky(lon, lat);
    const cell_index c = index_of(lon, lat);
    const std::int32_t home = chunk_id(c.stripe, c.chunk), ss = c.sub_stripe;
    // Adjacent sub-stripes first, then the sub-chunks left and right in this one.
    if (ss > 0 && lat < clamp_lat(ss * sub_stripe_height_ - 90.0) + overlap_) up_down_overlap(out, home, lon, ss - 1);
    if (ss < stripes_ * sub_stripes_ - 1 && lat >= clamp_lat((ss + 1) * sub_stripe_height_ - 90.0) - overlap_)
        up_down_overlap(out, home, lon, ss + 1);
    const std::int32_t num_sub_chunks = chunks_per_stripe_[c.stripe] * sub_chunks_per_chunk_[ss];
    if (num_sub_chunks == 1) return out;
    const double lon_min = c.sub_chunk * sub_chunk_width_[ss];
    const double lon_max = clamp_lon((c.sub_chunk + 1) * sub_chunk_width_[ss]);
    if (lon < lon_min + alpha_[ss]) add_overlap(out, home, ss, c.sub_chunk == 0 ? num_sub_chunks - 1 : c.sub_chunk - 1);
    if (lon > lon_max - alpha_[ss]) add_overlap(out, home, ss, c.sub_chunk == num_sub_chunks - 1 ? 0 : c.sub_chunk + 1);
    return out;
}

std::vector<std::int32_t> sky_chunker::all_chunks() const {
    std::vector<std::int32_t> ids;
    for (std::int32_t s = 0; s < stripes_; ++s)
        for (std::int32_t c = 0; c < chunks_per_stripe_[s]; ++c) ids.push_back(chunk_id(s, c));
    return ids;
}

std::vector<std::int32_t> sky_chunker::chunks_in_box(const sky_box& b) const {
    if (!finite({b.lon_min, b.lat_min, b.lon_max, b.lat_max})) return all_chunks();
    if (b.lat_min > b.lat_max) return {};
    // Longitude intervals within [0, 360] (two when the box crosses 0/360), grown by the margin.
    std::vector<std::pair<double, double>> lons;
    if (b.lon_max - b.lon_min + 2 * box_epsilon_deg >= 360.0) {
        lons.emplace_back(0.0, 360.0);
    } else {
        const double lo = reduce_lon(b.lon_min) - box_epsilon_deg;
        const double hi = reduce_lon(b.lon_max) + box_epsilon_deg;
        if (lo > hi || lo < 0.0 || hi > 360.0) {
            lons.emplace_back(lo < 0.0 ? lo + 360.0 : std::min(lo, 360.0), 360.0);
            lons.emplace_back(0.0, hi > 360.0 ? hi - 360.0 : std::max(hi, 0.0));
        } else {
            lons.emplace_back(lo, hi);
        }
    }
    std::vector<std::int32_t> ids;
    const std::int32_t first = sub_stripe_of(b.lat_min - box_epsilon_deg) / sub_stripes_;
    const std::int32_t last = sub_stripe_of(b.lat_max + box_epsilon_deg) / sub_stripes_;
    for (std::int32_t s = first; s <= last; ++s) {
        const std::int32_t nc = chunks_per_stripe_[s];
        const double width = 360.0 / nc;
        for (const auto& [lo, hi] : lons) {
            const std::int32_t c_last = std::min(static_cast<std::int32_t>(std::floor(hi / width)), nc - 1);
            for (auto c = static_cast<std::int32_t>(std::floor(lo / width)); c <= c_last; ++c) ids.push_back(chunk_id(s, c));
        }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

std::vector<std::int32_t> sky_chunker::chunks_in_circle(double lon, double lat, double radius) const {
    if (!finite({lon, lat, radius})) return all_chunks();
    if (radius < 0.0) return {};
    lat = clamp_lat(lat);
    // The circle's bounding box: latitude ± radius, longitude ± maxAlpha (all of it near a pole).
    const double alpha = radius >= 90.0 ? 180.0 : max_alpha(radius, lat);
    if (alpha >= 180.0) return chunks_in_box({0.0, clamp_lat(lat - radius), 360.0, clamp_lat(lat + radius)});
    return chunks_in_box({lon - alpha, clamp_lat(lat - radius), lon + alpha, clamp_lat(lat + radius)});
}

std::vector<std::int32_t> sky_chunker::chunks_in_ellipse(double lon, double lat, double semi_major_arcsec,
                                                         double semi_minor_arcsec, double) const {
    // The ellipse lies within the circle of its larger semi-axis, whatever its position angle.
    if (!finite({semi_major_arcsec, semi_minor_arcsec})) return all_chunks();
    return chunks_in_circle(lon, lat, std::max(semi_major_arcsec, semi_minor_arcsec) * arcsec);
}

std::vector<std::int32_t> sky_chunker::chunks_in_polygon(std::span<const std::pair<double, double>> vertices) const {
    // A convex polygon lies within the cap around its vertices' mean direction that holds
    // every vertex (a cap narrower than a hemisphere is convex); wider ones cover the sky.
    if (vertices.size() < 3) return all_chunks();
    vec3 sum{0, 0, 0};
    std::vector<vec3> v;
    for (const auto& [lon, lat] : vertices) {
        if (!finite({lon, lat})) return all_chunks();
        v.push_back(unit_vector(lon, clamp_lat(lat)));
        sum = {sum.x + v.back().x, sum.y + v.back().y, sum.z + v.back().z};
    }
    if (norm(sum) < 1e-12) return all_chunks();
    double radius = 0.0;
    for (const auto& p : v) radius = std::max(radius, angle_between(sum, p));
    radius += arcsec;  // Qserv's margin for bounding circles of triangles (Geometry.cc)
    if (radius >= 90.0) return all_chunks();
    const double center_lon = reduce_lon(deg_per_rad * std::atan2(sum.y, sum.x));
    const double center_lat = deg_per_rad * std::atan2(sum.z, std::hypot(sum.x, sum.y));
    return chunks_in_circle(center_lon, center_lat, radius);
}

sky_box sky_chunker::chunk_bounds(std::int32_t id) const {
    // Chunker::getChunkBounds; an id that names no chunk gets the whole sky.
    const std::int32_t stripe = id / (2 * stripes_);
    const std::int32_t chunk = id - stripe * 2 * stripes_;
    if (id < 0 || stripe >= stripes_ || chunk >= chunks_per_stripe_[stripe]) return {};
    const double width = 360.0 / chunks_per_stripe_[stripe];
    return {chunk * width, clamp_lat(stripe * sub_stripes_ * sub_stripe_height_ - 90.0), clamp_lon((chunk + 1) * width),
            clamp_lat((stripe + 1) * sub_stripes_ * sub_stripe_height_ - 90.0)};
}

namespace {

std::uint64_t fnv1a_64(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

// An integer's canonical text: no surrounding whitespace, no '+', no leading zeros,
// no "-0"; nullopt when the text is not a plain integer.
std::optional<std::string> canonical_integer(std::string_view s) {
    constexpr std::string_view space = " \t\n\r";
    const auto b = s.find_first_not_of(space);
    if (b == std::string_view::npos) return std::nullopt;
    s = s.substr(b, s.find_last_not_of(space) - b + 1);
    const bool negative = s.front() == '-';
    if (s.front() == '-' || s.front() == '+') s.remove_prefix(1);
    if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    const auto nz = s.find_first_not_of('0');
    if (nz == std::string_view::npos) return "0";
    return (negative ? "-" : "") + std::string(s.substr(nz));
}

}  // namespace

std::int32_t hash_chunk(std::string_view key_text, bool integer_key, std::uint32_t partitions) {
    if (partitions == 0) return 0;
    const auto canonical = integer_key ? canonical_integer(key_text) : std::nullopt;
    return static_cast<std::int32_t>(fnv1a_64(canonical ? std::string_view(*canonical) : key_text) % partitions);
}

}  // namespace qproxy::czar
