// Reading MySQL's temporal text and numbers (str_to_datetime, str_to_time,
// number_to_datetime): lenient about delimiters, strict about ranges.
#include "czar/mysql_time.hpp"

#include <fmt/format.h>

#include <algorithm>
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
        t.fraction_digits = static_cast<unsigned>(std::min<std::size_t>(fraction.size(), 6));
    }
    return t;
}

}  // namespace

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
        t.fraction_digits = static_cast<unsigned>(std::min<std::size_t>(fraction.size(), 6));
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
        t.fraction_digits = static_cast<unsigned>(std::min<std::size_t>(fraction.size(), 6));
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
    if (t.minute > 59 || t.second > 59 || t.hour > 838) return std::nullopt;
    return t;
}

}  // namespace qproxy::czar
