// The scisql library's UDFs (smonkewitz/scisql 0.3.11+: src/geometry.c, src/photometry.h,
// src/udfs/*.c) with its arithmetic and its NULL rules: the spherical predicates give 0
// for a NULL argument and NULL for an invalid one; the real-valued functions give NULL
// for NULL, NaN or ±Inf, for arguments outside their domain, and for non-finite results.
#include "czar/udf.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>

namespace qproxy::czar::udf {

namespace {

constexpr double deg_per_rad = 57.2957795130823208767981548141;
constexpr double rad_per_deg = 0.0174532925199432957692369076849;
constexpr double arcsec_per_deg = 3600.0;
constexpr std::size_t max_verts = 20;  // SCISQL_MAX_VERTS

// ---- geometry.h / geometry.c ----

struct v3 {
    double x, y, z;
};
struct sc {
    double lon, lat;
};

double dot(const v3& a, const v3& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
v3 cross(const v3& a, const v3& b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }

// scisql_v3_rcross: twice a × b, computed as (b + a) × (b - a) for accuracy.
v3 rcross(const v3& a, const v3& b) {
    const double x1 = b.x + a.x, x2 = b.x - a.x, y1 = b.y + a.y, y2 = b.y - a.y, z1 = b.z + a.z, z2 = b.z - a.z;
    return {y1 * z2 - z1 * y2, z1 * x2 - x1 * z2, x1 * y2 - y1 * x2};
}

double angred(double angle) {
    angle = std::fmod(angle, 360.0);
    if (angle < 0.0) {
        angle += 360.0;
        if (angle == 360.0) angle = 0.0;
    }
    return angle;
}

// scisql_sc_init: nullopt when a coordinate is not finite or lat is outside [-90, 90].
std::optional<sc> make_sc(double lon, double lat) {
    if (!std::isfinite(lon) || !std::isfinite(lat) || lat < -90.0 || lat > 90.0) return std::nullopt;
    return sc{lon, lat};
}

v3 to_v3(const sc& p) {
    const double lon = p.lon * rad_per_deg, lat = p.lat * rad_per_deg;
    const double cos_lat = std::cos(lat);
    return {std::cos(lon) * cos_lat, std::sin(lon) * cos_lat, std::sin(lat)};
}

// Squared chord length between two positions (the haversine form).
double dist2(const sc& p1, const sc& p2) {
    double x = std::sin((p1.lon - p2.lon) * rad_per_deg * 0.5);
    x *= x;
    double y = std::sin((p1.lat - p2.lat) * rad_per_deg * 0.5);
    y *= y;
    double z = std::cos((p1.lat + p2.lat) * rad_per_deg * 0.5);
    z *= z;
    const double d2 = 4.0 * (x * (z - y) + y);
    return d2 < 0.0 ? 0.0 : (d2 > 4.0 ? 4.0 : d2);
}

double sc_angsep(const sc& p1, const sc& p2) {
    const double angsep = 2.0 * deg_per_rad * std::asin(std::sqrt(dist2(p1, p2) * 0.25));
    return angsep > 180.0 ? 180.0 : angsep;
}

double v3_angsep(const v3& v1, const v3& v2) {
    const v3 n = cross(v1, v2);
    const double ss = std::sqrt(dot(n, n)), cs = dot(v1, v2);
    if (cs == 0.0 && ss == 0.0) return 0.0;
    const double angsep = std::atan2(ss, cs) * deg_per_rad;
    return angsep > 180.0 ? 180.0 : angsep;
}

// ---- photometry.h ----

constexpr double five_over_2log10 = 1.085736204758129569;   // 2.5 / ln(10)
constexpr double two_log10_over_5 = 0.9210340371976182736;  // ln(10) / 2.5
constexpr double ab_flux_scale = 3.630780547701013425e-20;  // 10^(-48.6 / 2.5)

double scisql_hypot(double a, double b) {
    if (std::fabs(a) < std::fabs(b)) std::swap(a, b);
    if (a == 0.0) return 0.0;
    const double q = b / a;
    return std::fabs(a) * std::sqrt(1.0 + q * q);
}
double flux2ab(double flux) { return -2.5 * std::log10(flux) - 48.6; }
double flux2absigma(double flux, double sigma) { return five_over_2log10 * sigma / flux; }
double nanojansky2ab(double flux) { return -2.5 * std::log10(flux) + 31.4; }
double dn2flux(double dn, double fluxmag0) { return ab_flux_scale * dn / fluxmag0; }
double dn2fluxsigma(double dn, double dnsigma, double fluxmag0, double fluxmag0sigma) {
    return ab_flux_scale * scisql_hypot(dn * fluxmag0sigma, dnsigma * fluxmag0) / (fluxmag0 * fluxmag0);
}
double ab2flux(double mag) { return std::pow(10.0, -0.4 * (mag + 48.6)); }
double ab2nanojansky(double mag) { return std::pow(10.0, -0.4 * (mag - 31.4)); }

// ---- SQL glue ----

// The first N arguments as doubles (MySQL's REAL_RESULT conversion); nullopt when one
// is NULL, NaN or ±Inf.
template <std::size_t N>
std::optional<std::array<double, N>> finite_args(sqlite3_value** argv) {
    std::array<double, N> a{};
    for (std::size_t i = 0; i < N; ++i) {
        const arg v(argv[i]);
        if (v.null()) return std::nullopt;
        a[i] = v.num();
        if (!std::isfinite(a[i])) return std::nullopt;
    }
    return a;
}

// A real result, NULL unless the arguments were valid and the value is finite.
void real_result(sqlite3_context* ctx, bool valid, double value) {
    if (valid && std::isfinite(value)) sqlite3_result_double(ctx, value);
    else sqlite3_result_null(ctx);
}

// A predicate's result: 0 or 1, NULL when the arguments were invalid.
void predicate_result(sqlite3_context* ctx, std::optional<bool> value) {
    if (value) sqlite3_result_int64(ctx, *value ? 1 : 0);
    else sqlite3_result_null(ctx);
}

bool any_null_arg(int argc, sqlite3_value** argv) {
    for (int i = 0; i < argc; ++i)
        if (arg(argv[i]).null()) return true;
    return false;
}

std::optional<bool> pt_in_box(const sc& p, sc bmin, sc bmax) {
    if (bmax.lon < bmin.lon && (bmax.lon < 0.0 || bmin.lon > 360.0)) return std::nullopt;
    if (bmin.lat > bmax.lat || p.lat < bmin.lat || p.lat > bmax.lat) return false;
    if (bmax.lon - bmin.lon >= 360.0) return true;
    const double lon = angred(p.lon);
    bmin.lon = angred(bmin.lon);
    bmax.lon = angred(bmax.lon);
    if (bmin.lon <= bmax.lon) return lon >= bmin.lon && lon <= bmax.lon;
    return lon >= bmin.lon || lon <= bmax.lon;
}

std::optional<bool> pt_in_circle(const sc& p, const sc& center, double r) {
    if (r < 0.0 || r > 180.0 || std::isnan(r)) return std::nullopt;
    if (std::fabs(p.lat - center.lat) > r) return false;
    // scisql compares squared chord lengths when the radius is a constant (the usual
    // case) and angles otherwise; the two differ only in the last bit at the boundary.
    const double d = std::sin(r * 0.5 * rad_per_deg);
    return dist2(p, center) <= 4.0 * d * d;
}

std::optional<bool> pt_in_ellipse(const sc& p, double lon, double lat, double major, double minor, double pos_angle) {
    const double posang = pos_angle * rad_per_deg;
    if (!std::isfinite(posang) || std::isnan(major) || std::isnan(minor)) return std::nullopt;
    if (minor < 0.0 || minor > major || major > 10.0 * arcsec_per_deg) return std::nullopt;
    const auto center = make_sc(lon, lat);
    if (!center) return std::nullopt;
    const double sin_lon = std::sin(center->lon * rad_per_deg), cos_lon = std::cos(center->lon * rad_per_deg);
    const double sin_lat = std::sin(center->lat * rad_per_deg), cos_lat = std::cos(center->lat * rad_per_deg);
    const double m = minor * rad_per_deg / arcsec_per_deg, big_m = major * rad_per_deg / arcsec_per_deg;
    const v3 v = to_v3(p);
    // The position in the (north, east) basis at the centre, rotated by -position angle,
    // then the plane's axis-aligned ellipse test.
    const double xne = cos_lat * v.z - sin_lat * (sin_lon * v.y + cos_lon * v.x);
    const double yne = cos_lon * v.y - sin_lon * v.x;
    const double x = std::sin(posang) * yne + std::cos(posang) * xne;
    const double y = std::cos(posang) * yne - std::sin(posang) * xne;
    return x * x * (1.0 / (big_m * big_m)) + y * y * (1.0 / (m * m)) <= 1.0;
}

}  // namespace

void scisql_angsep(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (lon1, lat1, lon2, lat2) in degrees, or two 3-vectors of any norm.
    if (any_null(ctx, argc, argv)) return;
    if (argc == 4) {
        const auto p1 = make_sc(arg(argv[0]).num(), arg(argv[1]).num()), p2 = make_sc(arg(argv[2]).num(), arg(argv[3]).num());
        return real_result(ctx, p1 && p2, p1 && p2 ? sc_angsep(*p1, *p2) : 0.0);
    }
    const auto a = argc == 6 ? finite_args<6>(argv) : std::nullopt;  // 5 arguments: refused by the typing
    real_result(ctx, a.has_value(), a ? v3_angsep({(*a)[0], (*a)[1], (*a)[2]}, {(*a)[3], (*a)[4], (*a)[5]}) : 0.0);
}

void scisql_s2ptinbox(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (lon, lat, lonMin, latMin, lonMax, latMax)
    if (any_null_arg(argc, argv)) return sqlite3_result_int64(ctx, 0);
    const auto p = make_sc(arg(argv[0]).num(), arg(argv[1]).num());
    const auto bmin = make_sc(arg(argv[2]).num(), arg(argv[3]).num()), bmax = make_sc(arg(argv[4]).num(), arg(argv[5]).num());
    predicate_result(ctx, p && bmin && bmax ? pt_in_box(*p, *bmin, *bmax) : std::nullopt);
}

void scisql_s2ptincircle(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (lon, lat, centerLon, centerLat, radius)
    if (any_null_arg(argc, argv)) return sqlite3_result_int64(ctx, 0);
    const auto p = make_sc(arg(argv[0]).num(), arg(argv[1]).num()), center = make_sc(arg(argv[2]).num(), arg(argv[3]).num());
    predicate_result(ctx, p && center ? pt_in_circle(*p, *center, arg(argv[4]).num()) : std::nullopt);
}

void scisql_s2ptinellipse(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (lon, lat, centerLon, centerLat, semiMajor″, semiMinor″, positionAngle°)
    if (any_null_arg(argc, argv)) return sqlite3_result_int64(ctx, 0);
    std::array<double, 7> a{};
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = arg(argv[i]).num();
    const auto p = make_sc(a[0], a[1]);
    predicate_result(ctx, p ? pt_in_ellipse(*p, a[2], a[3], a[4], a[5], a[6]) : std::nullopt);
}

void scisql_s2ptincpoly(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (lon, lat, v1lon, v1lat, …): 3 to 20 vertices, either orientation, convex. The typing
    // rejects other counts (error 1123); the check here only guards the arrays.
    const auto n = static_cast<std::size_t>(std::max(argc - 2, 0)) / 2;
    if (argc % 2 != 0 || n < 3 || n > max_verts) return sqlite3_result_null(ctx);
    if (any_null_arg(2, argv)) return sqlite3_result_int64(ctx, 0);
    const auto p = make_sc(arg(argv[0]).num(), arg(argv[1]).num());
    if (!p) return sqlite3_result_null(ctx);
    if (any_null_arg(argc, argv)) return sqlite3_result_int64(ctx, 0);
    std::array<v3, max_verts> verts{};
    for (std::size_t i = 0; i < n; ++i) {
        const auto v = make_sc(arg(argv[2 + 2 * i]).num(), arg(argv[3 + 2 * i]).num());
        if (!v) return sqlite3_result_null(ctx);
        verts[i] = to_v3(*v);
    }
    // scisql_s2cpoly_init: edge plane normals, flipped when the vertices run clockwise.
    std::array<v3, max_verts> edges{};
    v3 vsum = verts[n - 1];
    for (std::size_t i = 0; i < n; ++i) {
        edges[i] = rcross(verts[i], verts[(i + 1) % n]);
        if (i + 1 < n) vsum = {vsum.x + verts[i].x, vsum.y + verts[i].y, vsum.z + verts[i].z};
    }
    const double sign = dot(vsum, edges[0]) < 0.0 ? -1.0 : 1.0;
    const v3 pos = to_v3(*p);
    for (std::size_t i = 0; i < n; ++i)
        if (sign * dot(pos, edges[i]) < 0.0) return sqlite3_result_int64(ctx, 0);
    sqlite3_result_int64(ctx, 1);
}

void scisql_fluxtoabmag(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<1>(argv);
    real_result(ctx, a && (*a)[0] > 0.0, a ? flux2ab((*a)[0]) : 0.0);
}

void scisql_fluxtoabmagsigma(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<2>(argv);
    real_result(ctx, a && (*a)[0] > 0.0 && (*a)[1] >= 0.0, a ? flux2absigma((*a)[0], (*a)[1]) : 0.0);
}

void scisql_abmagtoflux(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<1>(argv);
    real_result(ctx, a.has_value(), a ? ab2flux((*a)[0]) : 0.0);
}

void scisql_abmagtofluxsigma(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<2>(argv);
    real_result(ctx, a && (*a)[1] >= 0.0, a ? (*a)[1] * ab2flux((*a)[0]) * two_log10_over_5 : 0.0);
}

void scisql_nanojanskytoabmag(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<1>(argv);
    real_result(ctx, a && (*a)[0] > 0.0, a ? nanojansky2ab((*a)[0]) : 0.0);
}

void scisql_nanojanskytoabmagsigma(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<2>(argv);
    real_result(ctx, a && (*a)[0] > 0.0 && (*a)[1] >= 0.0, a ? flux2absigma((*a)[0], (*a)[1]) : 0.0);
}

void scisql_abmagtonanojansky(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<1>(argv);
    real_result(ctx, a.has_value(), a ? ab2nanojansky((*a)[0]) : 0.0);
}

void scisql_abmagtonanojanskysigma(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<2>(argv);
    real_result(ctx, a && (*a)[1] >= 0.0, a ? (*a)[1] * ab2nanojansky((*a)[0]) * two_log10_over_5 : 0.0);
}

void scisql_dntoflux(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<2>(argv);
    real_result(ctx, a && (*a)[1] > 0.0, a ? dn2flux((*a)[0], (*a)[1]) : 0.0);
}

void scisql_dntofluxsigma(sqlite3_context* ctx, int, sqlite3_value** argv) {
    // (dn, dnSigma, fluxMag0, fluxMag0Sigma)
    const auto a = finite_args<4>(argv);
    const bool valid = a && (*a)[1] >= 0.0 && (*a)[2] > 0.0 && (*a)[3] >= 0.0;
    real_result(ctx, valid, a ? dn2fluxsigma((*a)[0], (*a)[1], (*a)[2], (*a)[3]) : 0.0);
}

// dnToAbMag is fluxToAbMag(dnToFlux(…)), so it takes the domains of both (flux > 0).
void scisql_dntoabmag(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<2>(argv);
    const double flux = a ? dn2flux((*a)[0], (*a)[1]) : 0.0;
    real_result(ctx, a && (*a)[1] > 0.0 && flux > 0.0, flux2ab(flux));
}

void scisql_dntoabmagsigma(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto a = finite_args<4>(argv);
    const bool valid = a && (*a)[1] >= 0.0 && (*a)[2] > 0.0 && (*a)[3] >= 0.0 && (*a)[0] > 0.0;
    if (!valid) return sqlite3_result_null(ctx);
    const auto [dn, dn_sigma, fluxmag0, fluxmag0_sigma] = *a;
    real_result(ctx, true, flux2absigma(dn2flux(dn, fluxmag0), dn2fluxsigma(dn, dn_sigma, fluxmag0, fluxmag0_sigma)));
}

}  // namespace qproxy::czar::udf
