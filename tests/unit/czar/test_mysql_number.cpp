// MySQL's numeric text: my_gcvt's choice of 'f' or 'e' form, DECIMAL scale
// with half-away rounding, and reading numbers out of strings.
#include "czar/mysql_number.hpp"

#include <catch2/catch.hpp>

using namespace qproxy::czar;

TEST_CASE("doubles print as MySQL prints them", "[czar][number]") {
    CHECK(format_double(1e20) == "1e20");
    CHECK(format_double(1e15) == "1e15");
    CHECK(format_double(1e14) == "100000000000000");
    CHECK(format_double(0.1 + 0.2) == "0.30000000000000004");
    CHECK(format_double(1.0) == "1");
    CHECK(format_double(-2.5) == "-2.5");
    CHECK(format_double(1e-7) == "0.0000001");
    CHECK(format_double(1e-15) == "0.000000000000001");
    CHECK(format_double(1.5e-16) == "1.5e-16");
    CHECK(format_double(1234567890123456.7) == "1234567890123456.8");  // more digits than the exponent: 'f'
    CHECK(format_double(-0.0) == "-0");
}

TEST_CASE("decimals keep their scale and round half away from zero", "[czar][number]") {
    CHECK(format_decimal(1.0 / 3, 4) == "0.3333");
    CHECK(format_decimal(3.0, 2) == "3.00");
    CHECK(format_decimal(0.03125, 4) == "0.0313");  // a binary tie: MySQL's decimal rounds it up
    CHECK(format_decimal(-0.03125, 4) == "-0.0313");
    CHECK(format_decimal(-0.00001, 2) == "0.00");
    CHECK(round_decimal_text("1.005", 2) == "1.01");
    CHECK(round_decimal_text("99.5", 0) == "100");
    CHECK(round_decimal_text("1250", -2) == "1300");
    CHECK(round_decimal_text("-1250", -2) == "-1300");
    CHECK(round_decimal_text("1234.5", -2, true) == "1200");
    CHECK(round_decimal_text("5", -1) == "10");
    CHECK(round_decimal_text("4", -1) == "0");
    CHECK(round_decimal_text("-1.999", 2, true) == "-1.99");
    CHECK(round_decimal_text(".5", 1) == "0.5");
}

TEST_CASE("strings read as numbers the way MySQL reads them", "[czar][number]") {
    CHECK(string_to_double("12abc") == 12);
    CHECK(string_to_double("  -1.5e3x") == -1500);
    CHECK(string_to_double("abc") == 0);
    CHECK(string_to_double(".5") == 0.5);
    CHECK(string_to_double("1e") == 1);
    CHECK(string_to_int("1.9") == 1);
    CHECK(string_to_int("-42abc") == -42);
    CHECK(string_to_int("99999999999999999999") == INT64_MAX);
    CHECK(double_to_int(2.5) == 2);  // rint, as MySQL converts DOUBLE
    CHECK(double_to_int(3.5) == 4);
}
