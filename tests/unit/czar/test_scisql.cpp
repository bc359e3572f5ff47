// The scisql UDFs through the SQL path (parse, type, print for SQLite, run): values
// against formulas computed here independently, scisql's own test vectors
// (smonkewitz/scisql test/testPhotometry.py), its NULL and range rules, MySQL's metadata.
#include "fake_session.hpp"

#include "czar/local_engine.hpp"
#include "parser/parser.hpp"

#include <catch2/catch.hpp>

#include <cmath>

namespace {

using namespace qproxy;
using czar::testing::fake_session;

constexpr double pi = 3.14159265358979323846;
const double ln10 = std::log(10.0);

sql_result<result_set> select(const std::string& items) {
    const std::string text = "SELECT " + items;
    auto stmt = sql::parse(text);
    if (!stmt) return stmt.error();
    fake_session session;
    return czar::run_select(std::get<sql::select_stmt>(stmt.value()), text, session);
}

cell value(const std::string& item) {
    INFO("SELECT " << item);
    auto rs = select(item);
    if (rs.has_error()) FAIL(rs.error().message);
    return rs.value().rows.at(0).at(0);
}

double real(const std::string& item) {
    const cell c = value(item);
    INFO("SELECT " << item);
    REQUIRE(c.has_value());
    return std::stod(*c);
}

bool is_null(const std::string& item) { return !value(item).has_value(); }

// Great-circle distance in degrees by Vincenty's formula (not scisql's haversine form).
double vincenty(double lon1, double lat1, double lon2, double lat2) {
    const double r = pi / 180, dl = (lon2 - lon1) * r, p1 = lat1 * r, p2 = lat2 * r;
    const double y = std::hypot(std::cos(p2) * std::sin(dl), std::cos(p1) * std::sin(p2) - std::sin(p1) * std::cos(p2) * std::cos(dl));
    const double x = std::sin(p1) * std::sin(p2) + std::cos(p1) * std::cos(p2) * std::cos(dl);
    return std::atan2(y, x) / r;
}

}  // namespace

TEST_CASE("scisql_angSep is the angular separation in degrees", "[scisql]") {
    CHECK(real("scisql_angSep(0, 0, 1, 1)") == Approx(vincenty(0, 0, 1, 1)).epsilon(1e-12));
    CHECK(real("scisql_angSep(10.5, -20.25, 200.125, 45.5)") == Approx(vincenty(10.5, -20.25, 200.125, 45.5)).epsilon(1e-12));
    CHECK(real("scisql_angSep(0, 0, 0, 90)") == Approx(90).epsilon(1e-14));
    CHECK(real("scisql_angSep(0, 90, 0, -90)") == Approx(180).epsilon(1e-14));
    CHECK(real("scisql_angSep(0, 90, 123, 90)") == Approx(0).margin(1e-12));   // one pole, any longitude
    CHECK(real("scisql_angSep(359.5, 0, 0.5, 0)") == Approx(1).epsilon(1e-12));  // across 0/360
    CHECK(real("scisql_angSep(-0.5, 0, 720.5, 0)") == Approx(1).epsilon(1e-12));
    CHECK(real("SCISQL_ANGSEP(0, 0, 180, 0)") == Approx(180).epsilon(1e-14));    // names are case-insensitive
    CHECK(real("scisql_angSep('1', '0', '0', '0')") == Approx(1).epsilon(1e-12));  // strings in numeric context
    // Unit vectors of any norm.
    CHECK(real("scisql_angSep(1, 0, 0, 0, 0, 1)") == Approx(90).epsilon(1e-14));
    CHECK(real("scisql_angSep(1, 0, 0, 2, 0, 0)") == Approx(0).margin(1e-12));
    CHECK(real("scisql_angSep(1, 0, 0, -3, 0, 0)") == Approx(180).epsilon(1e-14));
    CHECK(real("scisql_angSep(1, 1, 0, 0, 5, 0)") == Approx(45).epsilon(1e-14));
    CHECK(real("scisql_angSep(0, 0, 0, 0, 0, 0)") == 0.0);
    // NULL for a NULL argument or a latitude outside [-90, 90].
    CHECK(is_null("scisql_angSep(NULL, 0, 0, 0)"));
    CHECK(is_null("scisql_angSep(0, 0, 0, 0, 0, NULL)"));
    CHECK(is_null("scisql_angSep(0, 91, 0, 0)"));
    CHECK(is_null("scisql_angSep(0, 0, 0, -90.5)"));
}

TEST_CASE("scisql_s2PtInBox: inclusive bounds, wrap-around, NULL rules", "[scisql]") {
    CHECK(value("scisql_s2PtInBox(5, 5, 0, 0, 10, 10)") == cell{"1"});
    CHECK(value("scisql_s2PtInBox(10, 10, 0, 0, 10, 10)") == cell{"1"});
    CHECK(value("scisql_s2PtInBox(15, 5, 0, 0, 10, 10)") == cell{"0"});
    CHECK(value("scisql_s2PtInBox(5, 11, 0, 0, 10, 10)") == cell{"0"});
    // lonMin > lonMax within [0, 360]: the box spans 0/360.
    CHECK(value("scisql_s2PtInBox(355, 0, 350, -1, 10, 1)") == cell{"1"});
    CHECK(value("scisql_s2PtInBox(5, 0, 350, -1, 10, 1)") == cell{"1"});
    CHECK(value("scisql_s2PtInBox(20, 0, 350, -1, 10, 1)") == cell{"0"});
    // Bounds outside [0, 360] are range-reduced; 360° or more apart is every longitude.
    CHECK(value("scisql_s2PtInBox(5, 0, 350, -1, 370, 1)") == cell{"1"});
    CHECK(value("scisql_s2PtInBox(355, 0, -10, -1, 10, 1)") == cell{"1"});
    CHECK(value("scisql_s2PtInBox(-5, 0, 350, -1, 360, 1)") == cell{"1"});
    CHECK(value("scisql_s2PtInBox(123, 0, -100, -1, 260, 1)") == cell{"1"});
    CHECK(is_null("scisql_s2PtInBox(0, 0, 10, -1, -5, 1)"));  // max < min with a bound outside [0, 360]
    CHECK(value("scisql_s2PtInBox(5, 0, 0, 1, 10, -1)") == cell{"0"});  // latMin > latMax: empty
    CHECK(is_null("scisql_s2PtInBox(5, 91, 0, 0, 10, 10)"));
    CHECK(is_null("scisql_s2PtInBox(5, 5, 0, -95, 10, 10)"));
    CHECK(value("scisql_s2PtInBox(NULL, 5, 0, 0, 10, 10)") == cell{"0"});  // scisql: a NULL argument gives 0
    CHECK(value("scisql_s2PtInBox(5, 5, 0, 0, 10, NULL)") == cell{"0"});
}

TEST_CASE("scisql_s2PtInCircle: distance on the sphere, poles, NULL rules", "[scisql]") {
    CHECK(value("scisql_s2PtInCircle(0.5, 0, 0, 0, 1)") == cell{"1"});
    CHECK(value("scisql_s2PtInCircle(1.5, 0, 0, 0, 1)") == cell{"0"});
    CHECK(value("scisql_s2PtInCircle(359.5, 0, 0.2, 0, 1)") == cell{"1"});  // across 0/360
    // (0, 89.5) and (180, 89.5) are 1° apart over the pole.
    CHECK(value("scisql_s2PtInCircle(0, 89.5, 180, 89.5, 1.001)") == cell{"1"});
    CHECK(value("scisql_s2PtInCircle(0, 89.5, 180, 89.5, 0.999)") == cell{"0"});
    // At latitude 60 a degree of longitude is about half a degree on the sky.
    CHECK(value("scisql_s2PtInCircle(10, 60, 10.9, 60, 0.5)") == cell{"1"});
    CHECK(value("scisql_s2PtInCircle(10, 60, 11.1, 60, 0.5)") == cell{"0"});
    CHECK(value("scisql_s2PtInCircle(0, -90, 0, 90, 180)") == cell{"1"});
    CHECK(is_null("scisql_s2PtInCircle(0, 0, 0, 0, -1)"));
    CHECK(is_null("scisql_s2PtInCircle(0, 0, 0, 0, 180.5)"));
    CHECK(is_null("scisql_s2PtInCircle(0, 0, 0, 90.5, 1)"));
    CHECK(value("scisql_s2PtInCircle(0, 0, 0, 0, NULL)") == cell{"0"});
}

TEST_CASE("scisql_s2PtInEllipse: axes in arcseconds, position angle east of north", "[scisql]") {
    // Semi-major 10", semi-minor 5"; position angle 0: the major axis points north.
    CHECK(value("scisql_s2PtInEllipse(0, 9/3600, 0, 0, 10, 5, 0)") == cell{"1"});
    CHECK(value("scisql_s2PtInEllipse(0, 11/3600, 0, 0, 10, 5, 0)") == cell{"0"});
    CHECK(value("scisql_s2PtInEllipse(4/3600, 0, 0, 0, 10, 5, 0)") == cell{"1"});
    CHECK(value("scisql_s2PtInEllipse(6/3600, 0, 0, 0, 10, 5, 0)") == cell{"0"});
    // Position angle 90: the major axis points east; across 0/360.
    CHECK(value("scisql_s2PtInEllipse(360 - 9/3600, 0, 0, 0, 10, 5, 90)") == cell{"1"});
    CHECK(value("scisql_s2PtInEllipse(0, 6/3600, 0, 0, 10, 5, 90)") == cell{"0"});
    // At latitude 60 an arcsecond east is two seconds of longitude.
    CHECK(value("scisql_s2PtInEllipse(100 + 8/3600, 60, 100, 60, 5, 5, 0)") == cell{"1"});
    CHECK(value("scisql_s2PtInEllipse(100 + 12/3600, 60, 100, 60, 5, 5, 0)") == cell{"0"});
    CHECK(is_null("scisql_s2PtInEllipse(0, 0, 0, 0, 5, 10, 0)"));      // minor > major
    CHECK(is_null("scisql_s2PtInEllipse(0, 0, 0, 0, 36001, 10, 0)"));  // major > 10°
    CHECK(is_null("scisql_s2PtInEllipse(0, 0, 0, 0, 10, -1, 0)"));
    CHECK(is_null("scisql_s2PtInEllipse(0, 95, 0, 0, 10, 5, 0)"));
    CHECK(value("scisql_s2PtInEllipse(0, 0, 0, 0, 10, 5, NULL)") == cell{"0"});
}

TEST_CASE("scisql_s2PtInCPoly: convex polygons of either orientation", "[scisql]") {
    const std::string ccw = "-1, -1, 1, -1, 1, 1, -1, 1", cw = "-1, 1, 1, 1, 1, -1, -1, -1";
    for (const auto& poly : {ccw, cw}) {
        INFO(poly);
        CHECK(value("scisql_s2PtInCPoly(0, 0, " + poly + ")") == cell{"1"});
        CHECK(value("scisql_s2PtInCPoly(359.5, 0.5, " + poly + ")") == cell{"1"});
        CHECK(value("scisql_s2PtInCPoly(2, 0, " + poly + ")") == cell{"0"});
        CHECK(value("scisql_s2PtInCPoly(0, -1.5, " + poly + ")") == cell{"0"});
    }
    CHECK(value("scisql_s2PtInCPoly(0.2, 0.1, 0, 0, 1, 0, 0, 1)") == cell{"1"});  // a triangle
    CHECK(value("scisql_s2PtInCPoly(0.6, 0.6, 0, 0, 1, 0, 0, 1)") == cell{"0"});
    CHECK(is_null("scisql_s2PtInCPoly(0, 91, 0, 0, 1, 0, 0, 1)"));
    CHECK(is_null("scisql_s2PtInCPoly(0, 0, 0, 0, 1, 0, 0, 100)"));
    CHECK(value("scisql_s2PtInCPoly(NULL, 0, 0, 0, 1, 0, 0, 1)") == cell{"0"});
    CHECK(value("scisql_s2PtInCPoly(0, 0, 0, 0, 1, 0, 0, NULL)") == cell{"0"});
}

TEST_CASE("scisql photometry: AB magnitudes, fluxes, nanojanskys, DN", "[scisql]") {
    // scisql's testPhotometry.py vectors.
    CHECK(is_null("scisql_fluxToAbMag(0)"));
    CHECK(is_null("scisql_fluxToAbMag(-1)"));
    CHECK(is_null("scisql_fluxToAbMag(NULL)"));
    CHECK(real("scisql_fluxToAbMag(3630.780547701e-23)") == Approx(0).margin(1e-9));
    CHECK(real("scisql_fluxToAbMag(1)") == Approx(-48.6));
    CHECK(real("scisql_fluxToAbMag(100)") == Approx(-53.6));
    CHECK(real("scisql_fluxToAbMag(10000)") == Approx(-58.6));
    CHECK(is_null("scisql_fluxToAbMagSigma(NULL, 1)"));
    CHECK(real("scisql_fluxToAbMagSigma(1/LN(10), 2)") == Approx(5.0));
    CHECK(real("scisql_abMagToFlux(0)") == Approx(3630.780547701e-23));
    CHECK(real("scisql_abMagToFlux(-48.6)") == Approx(1.0));
    CHECK(real("scisql_abMagToFlux(-58.6)") == Approx(10000.0));
    CHECK(real("scisql_abMagToFluxSigma(-48.6, 5/LN(10))") == Approx(2.0));
    CHECK(is_null("scisql_abMagToFluxSigma(-48.6, NULL)"));
    CHECK(real("scisql_nanojanskyToAbMag(1)") == Approx(31.4));
    CHECK(real("scisql_nanojanskyToAbMag(100)") == Approx(26.4));
    CHECK(real("scisql_nanojanskyToAbMag(3630.780547701e9)") == Approx(0).margin(1e-9));
    CHECK(is_null("scisql_nanojanskyToAbMag(0)"));
    CHECK(real("scisql_nanojanskyToAbMagSigma(1/LN(10), 2)") == Approx(5.0));
    CHECK(real("scisql_abMagToNanojansky(21.4)") == Approx(10000.0));
    CHECK(real("scisql_abMagToNanojanskySigma(31.4, 5/LN(10))") == Approx(2.0));
    CHECK(is_null("scisql_abMagToNanojanskySigma(31.4, -1)"));
    // DN: flux = 10^(-48.6/2.5) * dn / fluxMag0, errors combined in quadrature.
    const double scale = std::pow(10.0, -48.6 / 2.5);
    CHECK(real("scisql_dnToFlux(100, 50)") == Approx(2 * scale).epsilon(1e-14));
    CHECK(is_null("scisql_dnToFlux(100, 0)"));
    CHECK(real("scisql_dnToFluxSigma(3, 4, 2, 0.5)") == Approx(scale * std::hypot(3 * 0.5, 4 * 2) / 4).epsilon(1e-14));
    CHECK(is_null("scisql_dnToFluxSigma(3, -4, 2, 0.5)"));
    CHECK(real("scisql_dnToAbMag(1, 1)") == Approx(0).margin(1e-9));
    CHECK(real("scisql_dnToAbMag(0.01, 1)") == Approx(5.0));
    CHECK(is_null("scisql_dnToAbMag(-1, 1)"));
    CHECK(is_null("scisql_dnToAbMag(1, 0)"));
    CHECK(real("scisql_dnToAbMagSigma(10, 1, 2, 0.1)") == Approx(2.5 / ln10 * std::hypot(10 * 0.1, 1 * 2) / (2 * 10)).epsilon(1e-14));
    CHECK(is_null("scisql_dnToAbMagSigma(NULL, 1, 2, 0.1)"));
}

TEST_CASE("scisql results carry MySQL's UDF metadata", "[scisql]") {
    auto rs = select("scisql_angSep(0, 0, 1, 1), scisql_angSep(0.5, 0, 1, NULL), scisql_s2PtInBox(5, 5, 0, 0, 10, 10), "
                     "scisql_fluxToAbMag(1)");
    REQUIRE(rs.has_value());
    const auto& c = rs.value().columns;
    // Item_func_udf_float: DOUBLE, float_length() of the arguments' decimals, 31 decimals.
    CHECK(c[0].type == field_type::double_);
    CHECK(c[0].length == 17);
    CHECK(c[0].decimals == 31);
    CHECK((c[0].flags & column_flag::not_null) != 0);  // angSep is NULL-able only with a NULL-able argument
    CHECK(c[1].length == 18);
    CHECK((c[1].flags & column_flag::not_null) == 0);
    // Item_func_udf_int: BIGINT(21), NULL-able.
    CHECK(c[2].type == field_type::longlong);
    CHECK(c[2].length == 21);
    CHECK((c[2].flags & column_flag::not_null) == 0);
    CHECK((c[3].flags & column_flag::not_null) == 0);
}

TEST_CASE("scisql argument counts are checked as the UDFs' init functions do", "[scisql]") {
    auto e = select("scisql_angSep(1, 2, 3, 4, 5)");
    REQUIRE(e.has_error());
    CHECK(e.error().code == 1123);
    CHECK(e.error().message == "Can't initialize function 'scisql_angSep'; scisql_angSep() expects 4 or 6 arguments");
    e = select("scisql_fluxToAbMag()");
    REQUIRE(e.has_error());
    CHECK(e.error().message == "Can't initialize function 'scisql_fluxToAbMag'; scisql_fluxToAbMag() expects exactly 1 argument");
    e = select("scisql_s2PtInCPoly(0, 0, 1, 1, 2, 2)");
    REQUIRE(e.has_error());
    CHECK(e.error().message ==
          "Can't initialize function 'scisql_s2PtInCPoly'; scisql_s2PtInCPoly() expects between 4 and 21 spherical coordinate pairs");
    CHECK(select("scisql_s2PtInCPoly(0, 0, 1, 1, 2, 2, 3)").has_error());
}
