#include "czar/mysql_interval.hpp"

#include <array>
#include <cmath>
#include <vector>

namespace qproxy::czar {

namespace {

enum part : std::uint8_t { p_year, p_month, p_day, p_hour, p_minute, p_second, p_micro };

struct unit_info {
    std::string_view name;
    std::vector<part> parts;  // left to right, as the interval text lists them
};

const std::array<unit_info, 20>& units() {
    static const std::array<unit_info, 20> table{{
        {"microsecond", {p_micro}},
        {"second", {p_second}},
        {"minute", {p_minute}},
        {"hour", {p_hour}},
        {"day", {p_day}},
        {"week", {p_day}},
        {"month", {p_month}},
        {"quarter", {p_month}},
        {"year", {p_year}},
        {"second_microsecond", {p_second, p_micro}},
        {"minute_microsecond", {p_minute, p_second, p_micro}},
        {"minute_second", {p_minute, p_second}},
        {"hour_microsecond", {p_hour, p_minute, p_second, p_micro}},
        {"hour_second", {p_hour, p_minute, p_second}},
        {"hour_minute", {p_hour, p_minute}},
        {"day_microsecond", {p_day, p_hour, p_minute, p_second, p_micro}},
        {"day_second", {p_day, p_hour, p_minute, p_second}},
        {"day_minute", {p_day, p_hour, p_minute}},
        {"day_hour", {p_day, p_hour}},
        {"year_month", {p_year, p_month}},
    }};
    return table;
}

const unit_info* find_unit(std::string_view name) {
    for (const auto& u : units())
        if (u.name == name) return &u;
    return nullptr;
}

void set(interval& iv, part p, std::int64_t v) {
    switch (p) {
    case p_year: iv.years = v; break;
    case p_month: iv.months = v; break;
    case p_day: iv.days = v; break;
    case p_hour: iv.hours = v; break;
    case p_minute: iv.minutes = v; break;
    case p_second: iv.seconds = v; break;
    case p_micro: iv.micros = v; break;
    }
}

// Scales a single-unit amount: WEEK is 7 days, QUARTER 3 months.
std::int64_t scale(std::string_view unit, std::int64_t v) {
    if (unit == "week") return v * 7;
    if (unit == "quarter") return v * 3;
    return v;
}

}  // namespace

bool date_unit(std::string_view unit) {
    return unit == "year" || unit == "quarter" || unit == "month" || unit == "week" || unit == "day" ||
           unit == "year_month";
}

std::optional<interval> make_interval(double value, bool integral, std::string_view unit) {
    const auto* u = find_unit(unit);
    if (!u || u->parts.size() != 1) return std::nullopt;
    interval iv;
    iv.negative = value < 0;
    const double magnitude = std::fabs(value);
    if (unit == "second" && !integral) {
        iv.seconds = static_cast<std::int64_t>(magnitude);
        iv.micros = std::llround((magnitude - std::floor(magnitude)) * 1e6);
        return iv;
    }
    set(iv, u->parts[0], scale(unit, std::llround(magnitude)));
    return iv;
}

std::optional<interval> parse_interval(std::string_view text, std::string_view unit) {
    const auto* u = find_unit(unit);
    if (!u) return std::nullopt;
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    interval iv;
    if (!text.empty() && text.front() == '-') {
        iv.negative = true;
        text.remove_prefix(1);
    }
    std::vector<std::pair<std::int64_t, std::size_t>> numbers;  // value, digits written
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] < '0' || text[i] > '9') {
            // A single unit reads one integer: the text ends at the first non-digit.
            if (u->parts.size() == 1 && !numbers.empty()) break;
            ++i;
            continue;
        }
        std::int64_t v = 0;
        const std::size_t start = i;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) v = v * 10 + (text[i] - '0');
        numbers.emplace_back(v, i - start);
    }
    if (numbers.size() > u->parts.size()) return std::nullopt;
    const std::size_t offset = u->parts.size() - numbers.size();
    for (std::size_t k = 0; k < numbers.size(); ++k) {
        auto [v, digits] = numbers[k];
        const part p = u->parts[offset + k];
        // Microseconds written with fewer than six digits are a fraction ('1.5' is 500000).
        if (p == p_micro && u->parts.size() > 1)
            for (std::size_t d = digits; d < 6; ++d) v *= 10;
        set(iv, p, u->parts.size() == 1 ? scale(unit, v) : v);
    }
    return iv;
}

std::optional<mysql_time> add_interval(const mysql_time& t, const interval& iv) {
    const int sign = iv.negative ? -1 : 1;
    if (iv.years != 0 || iv.months != 0) {
        const std::int64_t total = t.year * 12LL + (t.month - 1) + sign * (iv.years * 12 + iv.months);
        if (total < 0 || total >= 10000 * 12) return std::nullopt;
        mysql_time out = t;
        out.year = static_cast<int>(total / 12);
        out.month = static_cast<int>(total % 12) + 1;
        out.day = std::min(t.day, days_in_month(out.year, out.month));
        return out;
    }
    const std::int64_t delta =
        ((((iv.days * 24 + iv.hours) * 60 + iv.minutes) * 60 + iv.seconds) * 1000000 + iv.micros) * sign;
    const auto kind = t.kind == mysql_time::kind_t::time ? mysql_time::kind_t::time : mysql_time::kind_t::datetime;
    mysql_time base = t;
    base.kind = kind;
    return from_total_microseconds(total_microseconds(base) + delta, kind);
}

std::optional<std::int64_t> timestamp_diff(std::string_view unit, const mysql_time& a, const mysql_time& b) {
    if (unit == "month" || unit == "quarter" || unit == "year") {
        // MySQL counts whole months: the later date's day and time must reach the earlier one's.
        const bool negative = total_microseconds(b) < total_microseconds(a);
        const mysql_time& lo = negative ? b : a;
        const mysql_time& hi = negative ? a : b;
        std::int64_t months = (hi.year - lo.year) * 12LL + (hi.month - lo.month);
        const std::int64_t lo_time = ((lo.hour * 60LL + lo.minute) * 60 + lo.second) * 1000000 + lo.micro;
        const std::int64_t hi_time = ((hi.hour * 60LL + hi.minute) * 60 + hi.second) * 1000000 + hi.micro;
        if (hi.day < lo.day || (hi.day == lo.day && hi_time < lo_time)) --months;
        if (negative) months = -months;
        return unit == "month" ? months : unit == "quarter" ? months / 3 : months / 12;
    }
    const std::int64_t diff = total_microseconds(b) - total_microseconds(a);
    if (unit == "microsecond") return diff;
    if (unit == "second") return diff / 1000000;
    if (unit == "minute") return diff / 60000000;
    if (unit == "hour") return diff / 3600000000LL;
    if (unit == "day") return diff / 86400000000LL;
    if (unit == "week") return diff / (7 * 86400000000LL);
    return std::nullopt;
}

std::optional<std::int64_t> extract_unit(std::string_view unit, const mysql_time& t) {
    const std::int64_t sign = t.negative ? -1 : 1;
    const std::int64_t d = t.day, h = t.hour, m = t.minute, s = t.second, us = t.micro;
    if (unit == "year") return t.year;
    if (unit == "quarter") return (t.month + 2) / 3;
    if (unit == "month") return t.month;
    if (unit == "week") {
        int year = 0;
        return week_number(t, week_mode(0), year);
    }
    if (unit == "day") return d;
    if (unit == "year_month") return t.year * 100LL + t.month;
    if (unit == "hour") return sign * h;
    if (unit == "minute") return sign * m;
    if (unit == "second") return sign * s;
    if (unit == "microsecond") return sign * us;
    if (unit == "day_hour") return sign * (d * 100 + h);
    if (unit == "day_minute") return sign * (d * 10000 + h * 100 + m);
    if (unit == "day_second") return sign * (d * 1000000 + h * 10000 + m * 100 + s);
    if (unit == "day_microsecond") return sign * ((d * 1000000 + h * 10000 + m * 100 + s) * 1000000 + us);
    if (unit == "hour_minute") return sign * (h * 100 + m);
    if (unit == "hour_second") return sign * (h * 10000 + m * 100 + s);
    if (unit == "hour_microsecond") return sign * ((h * 10000 + m * 100 + s) * 1000000 + us);
    if (unit == "minute_second") return sign * (m * 100 + s);
    if (unit == "minute_microsecond") return sign * ((m * 100 + s) * 1000000 + us);
    if (unit == "second_microsecond") return sign * (s * 1000000 + us);
    return std::nullopt;
}

}  // namespace qproxy::czar
