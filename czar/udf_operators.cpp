// Operators and conversions whose SQLite meaning differs from MySQL's.
#include "czar/collation.hpp"
#include "czar/udf.hpp"
#include "czar/warnings.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <regex>

namespace qproxy::czar::udf {

namespace {

// x / 0, x DIV 0, x MOD 0: NULL with MySQL's warning.
void null_by_zero(sqlite3_context* ctx) {
    warn_division_by_zero();
    sqlite3_result_null(ctx);
}

// MySQL's bit operators work on BIGINT UNSIGNED; SQLite keeps the same 64 bits signed.
std::uint64_t bits(const arg& a) { return static_cast<std::uint64_t>(a.int64()); }
void result_bits(sqlite3_context* ctx, std::uint64_t v) { sqlite3_result_int64(ctx, static_cast<std::int64_t>(v)); }

template <class F>
void bit_op(sqlite3_context* ctx, int argc, sqlite3_value** argv, F f) {
    if (any_null(ctx, argc, argv)) return;
    result_bits(ctx, f(bits(arg(argv[0])), bits(arg(argv[1]))));
}

// my_double_round: rint for doubles (ties to even), as MySQL rounds DOUBLE.
double double_round(double value, std::int64_t dec, bool truncate) {
    const bool negative_dec = dec < 0;
    const double scale = std::pow(10.0, static_cast<double>(negative_dec ? -dec : dec));
    const volatile double div = value / scale;
    const volatile double mul = value * scale;
    if (negative_dec && std::isinf(scale)) return 0.0;
    if (!negative_dec && std::isinf(mul)) return value;
    if (truncate) {
        if (value >= 0.0) return negative_dec ? std::floor(div) * scale : std::floor(mul) / scale;
        return negative_dec ? std::ceil(div) * scale : std::ceil(mul) / scale;
    }
    return negative_dec ? std::rint(div) * scale : std::rint(mul) / scale;
}

// ROUND/TRUNCATE of an exact value (DECIMAL, BIGINT): on its decimal text, half away from zero.
void exact_round(sqlite3_context* ctx, const arg& x, std::int64_t dec, bool truncate) {
    const int d = static_cast<int>(std::clamp<std::int64_t>(dec, -80, 80));
    if (x.integer()) {
        if (d >= 0) return sqlite3_result_int64(ctx, sqlite3_value_int64(x.raw()));
        const auto text = round_decimal_text(std::to_string(sqlite3_value_int64(x.raw())), d, truncate);
        return sqlite3_result_int64(ctx, string_to_int(text));
    }
    const auto text = round_decimal_text(plain_decimal_text(x.num()), d, truncate);
    sqlite3_result_double(ctx, string_to_double(text));
}

void round_impl(sqlite3_context* ctx, int argc, sqlite3_value** argv, bool truncate) {
    // (x, d, exact): the printer says whether x has an exact MySQL type.
    if (any_null(ctx, 2, argv)) return;
    const arg x(argv[0]);
    const std::int64_t dec = arg(argv[1]).int64();
    const bool exact = argc > 2 && arg(argv[2]).int64() != 0;
    if (exact) return exact_round(ctx, x, dec, truncate);
    sqlite3_result_double(ctx, double_round(x.num(), dec, truncate));
}

}  // namespace

void intdiv(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg a(argv[0]), b(argv[1]);
    if (a.integer() && b.integer()) {
        const auto x = sqlite3_value_int64(argv[0]), y = sqlite3_value_int64(argv[1]);
        if (y == 0) return null_by_zero(ctx);
        if (x == std::numeric_limits<std::int64_t>::min() && y == -1) return sqlite3_result_error(ctx, "BIGINT value is out of range", -1);
        return sqlite3_result_int64(ctx, x / y);
    }
    const double y = b.num();
    if (y == 0.0) return null_by_zero(ctx);
    sqlite3_result_int64(ctx, static_cast<std::int64_t>(std::trunc(a.num() / y)));
}

void mod(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg a(argv[0]), b(argv[1]);
    if (a.integer() && b.integer()) {
        const auto x = sqlite3_value_int64(argv[0]), y = sqlite3_value_int64(argv[1]);
        if (y == 0) return null_by_zero(ctx);
        return sqlite3_result_int64(ctx, y == -1 ? 0 : x % y);
    }
    const double y = b.num();
    if (y == 0.0) return null_by_zero(ctx);
    sqlite3_result_double(ctx, std::fmod(a.num(), y));
}

void div(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // `/`: always real division; NULL (and a warning) for a zero divisor.
    if (any_null(ctx, argc, argv)) return;
    const double y = arg(argv[1]).num();
    if (y == 0.0) return null_by_zero(ctx);
    sqlite3_result_double(ctx, arg(argv[0]).num() / y);
}

void bit_and(sqlite3_context* c, int n, sqlite3_value** v) { bit_op(c, n, v, [](auto a, auto b) { return a & b; }); }
void bit_or(sqlite3_context* c, int n, sqlite3_value** v) { bit_op(c, n, v, [](auto a, auto b) { return a | b; }); }
void bit_xor(sqlite3_context* c, int n, sqlite3_value** v) { bit_op(c, n, v, [](auto a, auto b) { return a ^ b; }); }
void shift_left(sqlite3_context* c, int n, sqlite3_value** v) {
    bit_op(c, n, v, [](std::uint64_t a, std::uint64_t b) { return b >= 64 ? 0 : a << b; });
}
void shift_right(sqlite3_context* c, int n, sqlite3_value** v) {
    bit_op(c, n, v, [](std::uint64_t a, std::uint64_t b) { return b >= 64 ? 0 : a >> b; });
}
void bit_not(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    result_bits(ctx, ~bits(arg(argv[0])));
}

void like(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]), p(argv[1]);
    std::optional<char32_t> escape = U'\\';
    if (argc > 2) {
        const auto e = utf8_decode(arg(argv[2]).str());
        if (!e.empty()) escape = e.front();  // '' keeps the default backslash, as MySQL does
    }
    sqlite3_result_int(ctx, like_match(s.str(), p.str(), escape, s.binary() || p.binary()) ? 1 : 0);
}

void regexp(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]), p(argv[1]);
    // Compiled once per statement when the pattern is constant (SQLite keeps auxdata then).
    auto* re = static_cast<std::regex*>(sqlite3_get_auxdata(ctx, 1));
    std::unique_ptr<std::regex> fresh;
    if (!re) {
        auto flags = std::regex::ECMAScript | std::regex::nosubs;
        if (!s.binary() && !p.binary()) flags |= std::regex::icase;
        try {
            fresh = std::make_unique<std::regex>(std::string(p.str()), flags);
        } catch (const std::regex_error&) {
            return sqlite3_result_error(ctx, "Illegal argument to a regular expression.", -1);
        }
        re = fresh.get();
    }
    const bool match = std::regex_search(std::string(s.str()), *re);
    if (fresh) sqlite3_set_auxdata(ctx, 1, fresh.release(), [](void* x) { delete static_cast<std::regex*>(x); });
    sqlite3_result_int(ctx, match ? 1 : 0);
}

void format_decimal(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg x(argv[0]);
    const auto scale = static_cast<int>(arg(argv[1]).int64());
    if (x.integer() && scale == 0) return result_text(ctx, std::to_string(sqlite3_value_int64(argv[0])));
    result_text(ctx, czar::format_decimal(x.num(), static_cast<unsigned>(std::max(scale, 0))));
}

void format_double(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    result_text(ctx, czar::format_double(arg(argv[0]).num()));
}

void format_unsigned(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    result_text(ctx, std::to_string(static_cast<std::uint64_t>(arg(argv[0]).int64())));
}

void strcmp(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg a(argv[0]), b(argv[1]);
    int c = 0;
    if (a.binary() || b.binary()) c = a.str().compare(b.str());
    else c = collation_compare(a.str(), b.str());
    sqlite3_result_int(ctx, c < 0 ? -1 : c > 0 ? 1 : 0);
}

void round(sqlite3_context* ctx, int argc, sqlite3_value** argv) { round_impl(ctx, argc, argv, false); }
void truncate(sqlite3_context* ctx, int argc, sqlite3_value** argv) { round_impl(ctx, argc, argv, true); }

void to_number(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg x(argv[0]);
    if (x.integer()) return sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
    sqlite3_result_double(ctx, x.num());
}

void to_integer(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    sqlite3_result_int64(ctx, arg(argv[0]).int64());
}

void to_decimal(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (x, precision, scale): CAST(x AS DECIMAL(m, d)) rounds half away and clamps to the type's range.
    if (any_null(ctx, argc, argv)) return;
    const auto m = static_cast<int>(arg(argv[1]).int64());
    const auto d = static_cast<int>(arg(argv[2]).int64());
    const double rounded = string_to_double(round_decimal_text(plain_decimal_text(arg(argv[0]).num()), d));
    const double max = std::pow(10.0, m - d) - std::pow(10.0, -d);
    sqlite3_result_double(ctx, std::clamp(rounded, -max, max));
}

}  // namespace qproxy::czar::udf
