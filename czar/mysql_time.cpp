#include "czar/mysql_time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>

namespace qproxy::czar {


int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool zero_date(const mysql_time& t) { return t.year == 0 && t.month == 0 && t.day == 0; }

bool valid_date(const mysql_time& t) {
    return t.year >= 0 && t.year <= 9999 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
           t.day <= days_in_month(t.year, t.month) && t.hour < 24 && t.minute < 60 && t.second < 60;
}

unsigned natural_fsp(const mysql_time& t) { return t.fraction_digits > 0 ? t.fraction_digits : t.micro != 0 ? 6 : 0; }

std::string format_time_value(const mysql_time& t, unsigned fsp) {
    std::string out;
    switch (t.kind) {
    case mysql_time::kind_t::date:
        return fmt::format("{:04}-{:02}-{:02}", t.year, t.month, t.day);
    case mysql_time::kind_t::datetime:
        out = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", t.year, t.month, t.day, t.hour, t.minute, t.second);
        break;
    case mysql_time::kind_t::time:
        out = fmt::format("{}{:02}:{:02}:{:02}", t.negative ? "-" : "", t.hour, t.minute, t.second);
        break;
    }
    if (fsp > 0) out += fmt::format(".{:06}", t.micro).substr(0, fsp + 1);
    return out;
}

std::int64_t day_number(int year, int month, int day) {
    // Hinnant's days_from_civil, shifted so that 0000-01-01 is day 1 as in TO_DAYS.
    const int y = month <= 2 ? year - 1 : year;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<std::int64_t>(y - era * 400);
    const std::int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468 + 719528;
}

std::optional<mysql_time> from_day_number(std::int64_t n) {
    if (n < 366 || n > 3652424) return std::nullopt;  // MySQL: FROM_DAYS below 366 is 0000-00-00
    const std::int64_t z = n - 719528 + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    mysql_time t;
    t.kind = mysql_time::kind_t::date;
    t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    t.year = static_cast<int>(yoe + era * 400 + (t.month <= 2 ? 1 : 0));
    return t;
}

int weekday(std::int64_t n) { return static_cast<int>((n + 5) % 7); }

unsigned week_mode(int mode) {
    unsigned bits = static_cast<unsigned>(mode) & 7;
    if (!(bits & week_monday_first)) bits ^= week_first_weekday;
    return bits;
}

int week_number(const mysql_time& t, unsigned behaviour, int& year) {
    // MySQL's calc_week, step for step.
    const std::int64_t daynr = day_number(t.year, t.month, t.day);
    std::int64_t first_daynr = day_number(t.year, 1, 1);
    const bool monday_first = behaviour & week_monday_first;
    bool by_year = behaviour & week_year;
    const bool first_weekday = behaviour & week_first_weekday;
    auto calc_weekday = [](std::int64_t n, bool sunday_first) { return static_cast<int>((n + 5 + (sunday_first ? 1 : 0)) % 7); };
    auto year_days = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365; };
    int wd = calc_weekday(first_daynr, !monday_first);
    year = t.year;
    if (t.month == 1 && t.day <= 7 - wd) {
        if (!by_year && ((first_weekday && wd != 0) || (!first_weekday && wd >= 4))) return 0;
        by_year = true;
        --year;
        const int days = year_days(year);
        first_daynr -= days;
        wd = (wd + 53 * 7 - days) % 7;
    }
    std::int64_t days = 0;
    if ((first_weekday && wd != 0) || (!first_weekday && wd >= 4)) days = daynr - (first_daynr + (7 - wd));
    else days = daynr - (first_daynr - wd);
    if (by_year && days >= 52 * 7) {
        wd = (wd + year_days(year)) % 7;
        if ((!first_weekday && wd < 4) || (first_weekday && wd == 0)) {
            ++year;
            return 1;
        }
    }
    return static_cast<int>(days / 7 + 1);
}

namespace {
// "+hh:mm" → offset seconds; nullopt for "SYSTEM".
std::optional<int> fixed_offset(std::string_view tz) {
    if (tz.size() < 5 || (tz[0] != '+' && tz[0] != '-')) return std::nullopt;
    const auto colon = tz.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    int hours = 0, minutes = 0;
    std::from_chars(tz.data() + 1, tz.data() + colon, hours);
    std::from_chars(tz.data() + colon + 1, tz.data() + tz.size(), minutes);
    const int seconds = hours * 3600 + minutes * 60;
    return tz[0] == '-' ? -seconds : seconds;
}
}  // namespace

std::optional<std::int64_t> to_epoch(const mysql_time& t, std::string_view time_zone) {
    const std::int64_t local = (day_number(t.year, t.month, t.day) - 719528) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    if (const auto offset = fixed_offset(time_zone)) return local - *offset;
    std::tm tm{};
    tm.tm_year = t.year - 1900;
    tm.tm_mon = t.month - 1;
    tm.tm_mday = t.day;
    tm.tm_hour = t.hour;
    tm.tm_min = t.minute;
    tm.tm_sec = t.second;
    tm.tm_isdst = -1;
    const std::time_t epoch = std::mktime(&tm);
    if (epoch == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<std::int64_t>(epoch);
}

std::optional<mysql_time> from_epoch(std::int64_t seconds, std::string_view time_zone) {
    std::int64_t local = seconds;
    if (const auto offset = fixed_offset(time_zone)) {
        local += *offset;
    } else {
        const auto epoch = static_cast<std::time_t>(seconds);
        std::tm tm{};
        if (!localtime_r(&epoch, &tm)) return std::nullopt;
        local += tm.tm_gmtoff;
    }
    const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    const std::int64_t secs = local - days * 86400;
    auto t = from_day_number(days + 719528);
    if (!t) return std::nullopt;
    t->kind = mysql_time::kind_t::datetime;
    t->hour = static_cast<int>(secs / 3600);
    t->minute = static_cast<int>(secs / 60 % 60);
    t->second = static_cast<int>(secs % 60);
    return t;
}

std::int64_t total_microseconds(const mysql_time& t) {
    const std::int64_t days = t.kind == mysql_time::kind_t::time ? 0 : day_number(t.year, t.month, t.day);
    const std::int64_t micros =
        ((days * 86400 + t.hour * 3600LL + t.minute * 60LL + t.second) * 1000000LL) + t.micro;
    return t.negative ? -micros : micros;
}

std::optional<mysql_time> from_total_microseconds(std::int64_t micros, mysql_time::kind_t kind) {
    mysql_time t;
    t.kind = kind;
    if (kind == mysql_time::kind_t::time) {
        t.negative = micros < 0;
        const std::int64_t m = std::llabs(micros);
        t.micro = static_cast<int>(m % 1000000);
        const std::int64_t secs = m / 1000000;
        if (secs / 3600 > 838) return std::nullopt;
        t.hour = static_cast<int>(secs / 3600);
        t.minute = static_cast<int>(secs / 60 % 60);
        t.second = static_cast<int>(secs % 60);
        return t;
    }
    if (micros < 0) return std::nullopt;
    const std::int64_t secs = micros / 1000000;
    auto date = from_day_number(secs / 86400);
    if (!date) return std::nullopt;
    t.year = date->year;
    t.month = date->month;
    t.day = date->day;
    const std::int64_t rem = secs % 86400;
    t.hour = static_cast<int>(rem / 3600);
    t.minute = static_cast<int>(rem / 60 % 60);
    t.second = static_cast<int>(rem % 60);
    t.micro = static_cast<int>(micros % 1000000);
    return t;
}

}  // namespace qproxy::czar
