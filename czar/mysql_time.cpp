#include "czar/mysql_time.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <vector>

namespace qproxy::czar {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

int to_int(std::string_view digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

// Six fractional digits from the digits after the point (truncating the rest).
int to_micro(std::string_view digits) {
    std::string six(digits.substr(0, 6));
    six.append(6 - six.size(), '0');
    return to_int(six);
}

int expand_year(int year, std::size_t digits) {
    if (digits > 2) return year;
    return year < 70 ? 2000 + year : 1900 + year;
}

bool time_in_range(const mysql_time& t) { return t.hour < 24 && t.minute < 60 && t.second < 60; }

// 'YYYYMMDD[HHMMSS[.f]]' / 'YYMMDD[HHMMSS]': digits only.
std::optional<mysql_time> parse_compact(std::string_view digits, std::string_view fraction) {
    mysql_time t;
    std::size_t year_digits = 0;
    switch (digits.size()) {
    case 14: case 8: year_digits = 4; break;
    case 12: case 6: year_digits = 2; break;
    default: return std::nullopt;
    }
    t.year = expand_year(to_int(digits.substr(0, year_digits)), year_digits);
    t.month = to_int(digits.substr(year_digits, 2));
    t.day = to_int(digits.substr(year_digits + 2, 2));
    if (digits.size() > 8) {
        const auto rest = digits.substr(year_digits + 4);
        t.hour = to_int(rest.substr(0, 2));
        t.minute = to_int(rest.substr(2, 2));
        t.second = to_int(rest.substr(4, 2));
        t.kind = mysql_time::kind_t::datetime;
    } else {
        t.kind = mysql_time::kind_t::date;
    }
    if (!fraction.empty()) {
        t.micro = to_micro(fraction);
        t.has_fraction = true;
    }
    return t;
}

}  // namespace

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool zero_date(const mysql_time& t) { return t.year == 0 && t.month == 0 && t.day == 0; }

bool valid_date(const mysql_time& t) {
    return t.year >= 0 && t.year <= 9999 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
           t.day <= days_in_month(t.year, t.month) && time_in_range(t);
}

std::optional<mysql_time> parse_datetime(std::string_view text) {
    text = trim(text);
    // Digits only (with an optional fraction): the compact forms.
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == text.size() || (text[i] == '.' && i >= 12)) {
        std::string_view fraction;
        if (i < text.size()) {
            std::size_t j = i + 1;
            while (j < text.size() && is_digit(text[j])) ++j;
            fraction = text.substr(i + 1, j - i - 1);
        }
        auto t = parse_compact(text.substr(0, i), fraction);
        if (t && (zero_date(*t) || valid_date(*t))) return t;
        return std::nullopt;
    }
    // Delimited: year, month, day, then hour, minute, second, fraction.
    std::vector<std::string_view> parts;
    std::size_t year_digits = 0;
    std::string_view fraction;
    std::size_t pos = 0;
    while (pos < text.size() && parts.size() < 6) {
        std::size_t start = pos;
        while (pos < text.size() && is_digit(text[pos])) ++pos;
        if (pos == start) break;
        parts.push_back(text.substr(start, pos - start));
        if (parts.size() == 1) year_digits = pos - start;
        if (pos >= text.size()) break;
        const char sep = text[pos];
        if (parts.size() == 6) break;
        if (parts.size() == 3) {
            // Date and time are separated by spaces or 'T'.
            if (sep != ' ' && sep != 'T' && sep != '\t') break;
            while (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T' || text[pos] == '\t')) ++pos;
            continue;
        }
        if (is_digit(sep) || sep == ' ') break;
        ++pos;
    }
    if (parts.size() == 6 && pos < text.size() && text[pos] == '.') {
        std::size_t j = pos + 1;
        while (j < text.size() && is_digit(text[j])) ++j;
        fraction = text.substr(pos + 1, j - pos - 1);
    }
    if (parts.size() < 3) return std::nullopt;
    mysql_time t;
    t.year = expand_year(to_int(parts[0]), year_digits);
    t.month = to_int(parts[1]);
    t.day = to_int(parts[2]);
    t.kind = parts.size() > 3 ? mysql_time::kind_t::datetime : mysql_time::kind_t::date;
    if (parts.size() > 3) t.hour = to_int(parts[3]);
    if (parts.size() > 4) t.minute = to_int(parts[4]);
    if (parts.size() > 5) t.second = to_int(parts[5]);
    if (!fraction.empty()) {
        t.micro = to_micro(fraction);
        t.has_fraction = true;
    }
    if (!time_in_range(t)) return std::nullopt;
    if (zero_date(t) || valid_date(t)) return t;
    return std::nullopt;
}

std::optional<mysql_time> parse_time(std::string_view text) {
    text = trim(text);
    mysql_time t;
    t.kind = mysql_time::kind_t::time;
    if (!text.empty() && text.front() == '-') {
        t.negative = true;
        text.remove_prefix(1);
    }
    // A full datetime is accepted and keeps its time part.
    if (auto dt = parse_datetime(text); dt && dt->kind == mysql_time::kind_t::datetime && text.size() > 10) {
        dt->kind = mysql_time::kind_t::time;
        dt->year = dt->month = dt->day = 0;
        return dt;
    }
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == 0) return std::nullopt;
    int days = 0;
    std::string_view rest = text;
    if (i < text.size() && text[i] == ' ') {  // 'D HH:MM:SS'
        days = to_int(text.substr(0, i));
        rest = trim(text.substr(i));
        i = 0;
        while (i < rest.size() && is_digit(rest[i])) ++i;
    }
    std::vector<int> parts;
    std::string_view fraction;
    std::size_t pos = 0;
    if (i < rest.size() && rest[i] == ':') {
        while (pos < rest.size() && parts.size() < 3) {
            std::size_t start = pos;
            while (pos < rest.size() && is_digit(rest[pos])) ++pos;
            if (pos == start) break;
            parts.push_back(to_int(rest.substr(start, pos - start)));
            if (pos < rest.size() && rest[pos] == ':' && parts.size() < 3) ++pos;
            else break;
        }
        if (parts.size() == 2) parts.push_back(0);  // 'HH:MM'
    } else {
        // 'HHMMSS', 'MMSS', 'SS' read from the right.
        const int number = to_int(rest.substr(0, i));
        parts = {number / 10000, number / 100 % 100, number % 100};
        pos = i;
    }
    if (pos < rest.size() && rest[pos] == '.') {
        std::size_t j = pos + 1;
        while (j < rest.size() && is_digit(rest[j])) ++j;
        fraction = rest.substr(pos + 1, j - pos - 1);
    }
    if (parts.size() != 3 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
    t.hour = parts[0] + days * 24;
    t.minute = parts[1];
    t.second = parts[2];
    if (!fraction.empty()) {
        t.micro = to_micro(fraction);
        t.has_fraction = true;
    }
    if (t.hour > 838) return std::nullopt;
    return t;
}

std::optional<mysql_time> datetime_from_number(std::int64_t nr) {
    if (nr == 0) return mysql_time{mysql_time::kind_t::date};
    std::string digits;
    if (nr < 101) return std::nullopt;
    if (nr <= 691231) digits = fmt::format("20{:06}", nr);
    else if (nr < 700101) return std::nullopt;
    else if (nr <= 991231) digits = fmt::format("19{:06}", nr);
    else if (nr < 10000101) return std::nullopt;
    else if (nr <= 99991231) digits = fmt::format("{:08}", nr);
    else if (nr < 101000000) return std::nullopt;
    else if (nr <= 691231235959) digits = fmt::format("20{:012}", nr);
    else if (nr < 700101000000) return std::nullopt;
    else if (nr <= 991231235959) digits = fmt::format("19{:012}", nr);
    else if (nr <= 99991231235959) digits = fmt::format("{:014}", nr);
    else return std::nullopt;
    auto t = parse_compact(digits, {});
    if (t && valid_date(*t)) return t;
    return std::nullopt;
}

std::optional<mysql_time> time_from_number(double number) {
    mysql_time t;
    t.kind = mysql_time::kind_t::time;
    if (number < 0) {
        t.negative = true;
        number = -number;
    }
    const auto whole = static_cast<std::int64_t>(number);
    t.hour = static_cast<int>(whole / 10000);
    t.minute = static_cast<int>(whole / 100 % 100);
    t.second = static_cast<int>(whole % 100);
    t.micro = static_cast<int>((number - static_cast<double>(whole)) * 1e6 + 0.5);
    t.has_fraction = t.micro != 0;
    if (t.minute > 59 || t.second > 59 || t.hour > 838) return std::nullopt;
    return t;
}

unsigned natural_fsp(const mysql_time& t) { return t.micro != 0 || t.has_fraction ? 6 : 0; }

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
    const int hours = to_int(tz.substr(1, colon - 1));
    const int minutes = to_int(tz.substr(colon + 1));
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
