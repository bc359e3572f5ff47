// MySQL's date and time functions on the text forms the engine carries.
#include "czar/mysql_interval.hpp"
#include "czar/udf.hpp"

#include <algorithm>
#include <cmath>

namespace qproxy::czar::udf {

namespace {

constexpr std::string_view day_names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::string_view month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};

// A date with every part set (no zero month or day): what calendar functions need.
std::optional<mysql_time> calendar_date(sqlite3_value* v) {
    auto t = arg(v).datetime();
    if (!t || !valid_date(*t)) return std::nullopt;
    return t;
}

template <class F>
void with_date(sqlite3_context* ctx, sqlite3_value** argv, F f) {
    const auto t = calendar_date(argv[0]);
    if (!t) return sqlite3_result_null(ctx);
    f(*t);
}

void result_int(sqlite3_context* ctx, std::int64_t v) { sqlite3_result_int64(ctx, v); }

// A DATETIME's parts, or a TIME's when the value has no date (HOUR('12:30:00')).
std::optional<mysql_time> time_parts(sqlite3_value* v) {
    const arg a(v);
    if (a.text_type() || a.binary()) {
        if (auto dt = parse_datetime(a.str()); dt && dt->kind == mysql_time::kind_t::datetime) return dt;
    }
    return a.time();
}

// Seconds (with microseconds) of a TIME, signed.
double time_seconds(const mysql_time& t) {
    const double s = t.hour * 3600.0 + t.minute * 60.0 + t.second + t.micro / 1e6;
    return t.negative ? -s : s;
}

std::optional<mysql_time> time_from_seconds(double seconds) {
    const auto micros = static_cast<std::int64_t>(std::llround(seconds * 1e6));
    constexpr std::int64_t max = (838LL * 3600 + 59 * 60 + 59) * 1000000;
    return from_total_microseconds(std::clamp(micros, -max, max), mysql_time::kind_t::time);
}

void date_part(sqlite3_context* ctx, sqlite3_value** argv, int mysql_time::*member) {
    // YEAR/MONTH/DAY accept zero dates and parts ('0000-00-00' gives 0).
    const auto t = arg(argv[0]).datetime();
    if (!t) return sqlite3_result_null(ctx);
    result_int(ctx, (*t).*member);
}

void time_part(sqlite3_context* ctx, sqlite3_value** argv, int mysql_time::*member) {
    const auto t = time_parts(argv[0]);
    if (!t) return sqlite3_result_null(ctx);
    result_int(ctx, (*t).*member);
}

}  // namespace

void to_date(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    auto t = arg(argv[0]).datetime();
    if (t) t->kind = mysql_time::kind_t::date;
    result_time(ctx, t, 0);
}

void to_datetime(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (x[, fsp]): without fsp the value keeps the fraction it was written with.
    if (any_null(ctx, 1, argv)) return;
    auto t = arg(argv[0]).datetime();
    if (!t) return sqlite3_result_null(ctx);
    t->kind = mysql_time::kind_t::datetime;
    result_time(ctx, t, argc > 1 ? static_cast<unsigned>(arg(argv[1]).int64()) : natural_fsp(*t));
}

void to_time(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, 1, argv)) return;
    const auto t = time_parts(argv[0]);
    if (!t) return sqlite3_result_null(ctx);
    auto out = *t;
    out.kind = mysql_time::kind_t::time;
    result_time(ctx, out, argc > 1 ? static_cast<unsigned>(arg(argv[1]).int64()) : natural_fsp(*t));
}

void temporal_number(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // A temporal value in numeric context: 20200131, 20200131123000, 123000 (with a fraction when it has one).
    if (any_null(ctx, argc, argv)) return;
    const arg a(argv[0]);
    if (a.integer() || a.real()) return sqlite3_result_value(ctx, argv[0]);
    std::optional<mysql_time> t = parse_datetime(a.str());
    if (!t) t = parse_time(a.str());
    if (!t) return sqlite3_result_int(ctx, 0);
    std::int64_t n = 0;
    switch (t->kind) {
    case mysql_time::kind_t::date: n = t->year * 10000LL + t->month * 100 + t->day; break;
    case mysql_time::kind_t::datetime:
        n = (t->year * 10000LL + t->month * 100 + t->day) * 1000000 + t->hour * 10000 + t->minute * 100 + t->second;
        break;
    case mysql_time::kind_t::time: n = (t->hour * 10000LL + t->minute * 100 + t->second) * (t->negative ? -1 : 1); break;
    }
    if (t->micro == 0) return sqlite3_result_int64(ctx, n);
    sqlite3_result_double(ctx, static_cast<double>(n) + (n < 0 ? -1 : 1) * t->micro / 1e6);
}

void year(sqlite3_context* c, int, sqlite3_value** v) { date_part(c, v, &mysql_time::year); }
void month(sqlite3_context* c, int, sqlite3_value** v) { date_part(c, v, &mysql_time::month); }
void day(sqlite3_context* c, int, sqlite3_value** v) { date_part(c, v, &mysql_time::day); }
void hour(sqlite3_context* c, int, sqlite3_value** v) { time_part(c, v, &mysql_time::hour); }
void minute(sqlite3_context* c, int, sqlite3_value** v) { time_part(c, v, &mysql_time::minute); }
void second(sqlite3_context* c, int, sqlite3_value** v) { time_part(c, v, &mysql_time::second); }
void microsecond(sqlite3_context* c, int, sqlite3_value** v) { time_part(c, v, &mysql_time::micro); }

void dayofweek(sqlite3_context* ctx, int, sqlite3_value** argv) {
    with_date(ctx, argv, [&](const mysql_time& t) { result_int(ctx, (czar::weekday(day_number(t.year, t.month, t.day)) + 1) % 7 + 1); });
}
void weekday(sqlite3_context* ctx, int, sqlite3_value** argv) {
    with_date(ctx, argv, [&](const mysql_time& t) { result_int(ctx, czar::weekday(day_number(t.year, t.month, t.day))); });
}
void dayofyear(sqlite3_context* ctx, int, sqlite3_value** argv) {
    with_date(ctx, argv, [&](const mysql_time& t) {
        result_int(ctx, day_number(t.year, t.month, t.day) - day_number(t.year, 1, 1) + 1);
    });
}
void quarter(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto t = arg(argv[0]).datetime();
    if (!t) return sqlite3_result_null(ctx);
    result_int(ctx, (t->month + 2) / 3);
}
void week(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // WEEK(d[, mode]); the default mode is default_week_format = 0.
    const int mode = argc > 1 ? static_cast<int>(arg(argv[1]).int64()) : 0;
    with_date(ctx, argv, [&](const mysql_time& t) {
        int y = 0;
        result_int(ctx, week_number(t, week_mode(mode), y));
    });
}
void yearweek(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    const int mode = argc > 1 ? static_cast<int>(arg(argv[1]).int64()) : 0;
    with_date(ctx, argv, [&](const mysql_time& t) {
        int y = 0;
        const int w = week_number(t, week_mode(mode) | week_year, y);
        result_int(ctx, y * 100LL + w);
    });
}
void dayname(sqlite3_context* ctx, int, sqlite3_value** argv) {
    with_date(ctx, argv, [&](const mysql_time& t) {
        result_text(ctx, day_names[czar::weekday(day_number(t.year, t.month, t.day))]);
    });
}
void monthname(sqlite3_context* ctx, int, sqlite3_value** argv) {
    with_date(ctx, argv, [&](const mysql_time& t) { result_text(ctx, month_names[t.month - 1]); });
}
void last_day(sqlite3_context* ctx, int, sqlite3_value** argv) {
    with_date(ctx, argv, [&](mysql_time t) {
        t.kind = mysql_time::kind_t::date;
        t.day = days_in_month(t.year, t.month);
        result_time(ctx, t, 0);
    });
}
void to_days(sqlite3_context* ctx, int, sqlite3_value** argv) {
    with_date(ctx, argv, [&](const mysql_time& t) { result_int(ctx, day_number(t.year, t.month, t.day)); });
}
void from_days(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const std::int64_t n = arg(argv[0]).int64();
    if (n < 366) return result_text(ctx, "0000-00-00");
    result_time(ctx, from_day_number(n), 0);
}
void to_seconds(sqlite3_context* ctx, int, sqlite3_value** argv) {
    with_date(ctx, argv, [&](const mysql_time& t) {
        result_int(ctx, day_number(t.year, t.month, t.day) * 86400 + t.hour * 3600LL + t.minute * 60 + t.second);
    });
}

void makedate(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    std::int64_t y = arg(argv[0]).int64();
    const std::int64_t doy = arg(argv[1]).int64();
    if (doy <= 0 || y < 0 || y > 9999) return sqlite3_result_null(ctx);
    if (y < 100) y += y < 70 ? 2000 : 1900;
    const auto t = from_day_number(day_number(static_cast<int>(y), 1, 1) + doy - 1);
    if (!t || t->year > 9999) return sqlite3_result_null(ctx);
    result_time(ctx, t, 0);
}

void maketime(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const std::int64_t h = arg(argv[0]).int64(), m = arg(argv[1]).int64();
    const double s = arg(argv[2]).num();
    if (m < 0 || m > 59 || s < 0 || s >= 60) return sqlite3_result_null(ctx);
    const double total = std::fabs(static_cast<double>(h)) * 3600 + static_cast<double>(m) * 60 + s;
    result_time(ctx, time_from_seconds(h < 0 ? -total : total), s != std::floor(s) ? 6 : 0);
}

void sec_to_time(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg a(argv[0]);
    result_time(ctx, time_from_seconds(a.num()), a.integer() ? 0 : 6);
}

void time_to_sec(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const auto t = time_parts(argv[0]);
    if (!t) return sqlite3_result_null(ctx);
    const double s = time_seconds(*t);
    if (t->micro == 0) return result_int(ctx, static_cast<std::int64_t>(s));
    sqlite3_result_double(ctx, s);
}

void datediff(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const auto a = calendar_date(argv[0]), b = calendar_date(argv[1]);
    if (!a || !b) return sqlite3_result_null(ctx);
    result_int(ctx, day_number(a->year, a->month, a->day) - day_number(b->year, b->month, b->day));
}

void timediff(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // Both DATETIMEs or both TIMEs; a mix is NULL as in MySQL.
    if (any_null(ctx, argc, argv)) return;
    const auto a = time_parts(argv[0]), b = time_parts(argv[1]);
    if (!a || !b || (a->kind == mysql_time::kind_t::time) != (b->kind == mysql_time::kind_t::time))
        return sqlite3_result_null(ctx);
    const std::int64_t diff = total_microseconds(*a) - total_microseconds(*b);
    const double seconds = static_cast<double>(diff) / 1e6;
    result_time(ctx, time_from_seconds(seconds), std::max(natural_fsp(*a), natural_fsp(*b)));
}

void date_add(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (d, amount, unit, sign, kind, interval_fsp): kind is the static type of d ('date',
    // 'datetime', 'time') or '' for a string, whose result shape follows its value as in
    // MySQL; interval_fsp the fractional digits the interval adds (sql::interval_fsp).
    if (any_null(ctx, 2, argv)) return;
    const std::string unit(arg(argv[2]).str());
    const arg amount(argv[1]);
    const bool negate = arg(argv[3]).int64() < 0;
    const std::string_view kind = arg(argv[4]).str();
    std::optional<interval> iv = (amount.text_type() || amount.binary() || unit.find('_') != std::string::npos)
                                     ? parse_interval(amount.str(), unit)
                                     : make_interval(amount.num(), amount.integer(), unit);
    if (!iv) return sqlite3_result_null(ctx);
    if (negate) iv->negative = !iv->negative;
    const auto t = kind == "time" ? time_parts(argv[0]) : arg(argv[0]).datetime();
    if (!t || (kind != "time" && !valid_date(*t))) return sqlite3_result_null(ctx);
    auto out = add_interval(*t, *iv);
    if (!out) return sqlite3_result_null(ctx);
    const bool stays_date = t->kind == mysql_time::kind_t::date && date_unit(unit) && kind != "datetime";
    if (stays_date) out->kind = mysql_time::kind_t::date;
    const unsigned fsp = std::max(natural_fsp(*t), static_cast<unsigned>(arg(argv[5]).int64()));
    result_time(ctx, out, fsp == 0 && out->micro != 0 ? 6 : fsp);
}

void timestampdiff(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (unit, a, b)
    if (any_null(ctx, argc, argv)) return;
    const auto a = arg(argv[1]).datetime(), b = arg(argv[2]).datetime();
    if (!a || !b || !valid_date(*a) || !valid_date(*b)) return sqlite3_result_null(ctx);
    const auto diff = timestamp_diff(arg(argv[0]).str(), *a, *b);
    if (!diff) return sqlite3_result_null(ctx);
    result_int(ctx, *diff);
}

void unix_timestamp(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (d, time_zone): seconds since the epoch of a local time; 0 before 1970.
    if (any_null(ctx, argc, argv)) return;
    const auto t = calendar_date(argv[0]);
    if (!t) return sqlite3_result_null(ctx);
    const auto epoch = to_epoch(*t, arg(argv[1]).str());
    if (!epoch || *epoch < 0) return result_int(ctx, 0);
    if (t->micro == 0) return result_int(ctx, *epoch);
    sqlite3_result_double(ctx, static_cast<double>(*epoch) + t->micro / 1e6);
}

void period_add(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const std::int64_t p = arg(argv[0]).int64(), n = arg(argv[1]).int64();
    if (p == 0) return result_int(ctx, 0);
    std::int64_t y = p / 100;
    if (y < 100) y += y < 70 ? 2000 : 1900;
    const std::int64_t months = y * 12 + (p % 100 - 1) + n;
    result_int(ctx, months / 12 * 100 + months % 12 + 1);
}

void period_diff(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    auto months = [](std::int64_t p) {
        std::int64_t y = p / 100;
        if (y < 100) y += y < 70 ? 2000 : 1900;
        return y * 12 + p % 100 - 1;
    };
    result_int(ctx, months(arg(argv[0]).int64()) - months(arg(argv[1]).int64()));
}

void extract(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (unit, d): time-only units read TIME values too.
    if (any_null(ctx, argc, argv)) return;
    const auto unit = arg(argv[0]).str();
    const bool time_unit = unit.find("hour") == 0 || unit.find("minute") == 0 || unit.find("second") == 0 ||
                           unit == "microsecond";
    const auto t = time_unit ? time_parts(argv[1]) : arg(argv[1]).datetime();
    if (!t) return sqlite3_result_null(ctx);
    const auto v = extract_unit(unit, *t);
    if (!v) return sqlite3_result_null(ctx);
    result_int(ctx, *v);
}

void addtime(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (a, b, sign): ADDTIME/SUBTIME; a DATETIME stays a DATETIME, a TIME a TIME.
    if (any_null(ctx, 2, argv)) return;
    const auto a = time_parts(argv[0]);
    const auto b = arg(argv[1]).time();
    if (!a || !b) return sqlite3_result_null(ctx);
    const std::int64_t delta = total_microseconds(*b) * (arg(argv[2]).int64() < 0 ? -1 : 1);
    const auto out = from_total_microseconds(total_microseconds(*a) + delta, a->kind);
    result_time(ctx, out, std::max(natural_fsp(*a), natural_fsp(*b)));
}

void timestamp2(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // TIMESTAMP(d, t): the DATETIME d plus the TIME t.
    if (any_null(ctx, argc, argv)) return;
    auto a = arg(argv[0]).datetime();
    const auto b = arg(argv[1]).time();
    if (!a || !b) return sqlite3_result_null(ctx);
    a->kind = mysql_time::kind_t::datetime;
    const auto out = from_total_microseconds(total_microseconds(*a) + total_microseconds(*b), a->kind);
    result_time(ctx, out, std::max(natural_fsp(*a), natural_fsp(*b)));
}

}  // namespace qproxy::czar::udf
