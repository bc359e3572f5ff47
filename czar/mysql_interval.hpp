// MySQL's INTERVAL arithmetic: DATE_ADD/DATE_SUB/`d + INTERVAL n unit`,
// TIMESTAMPADD, TIMESTAMPDIFF and EXTRACT, with units named as in SQL
// ("day", "minute_second", …, lower case).
#pragma once

#include "czar/mysql_time.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace qproxy::czar {

struct interval {
    bool negative = false;
    std::int64_t years = 0, months = 0, days = 0, hours = 0, minutes = 0, seconds = 0, micros = 0;
};

// Whole units only (YEAR … DAY, WEEK, QUARTER, YEAR_MONTH): DATE stays DATE.
bool date_unit(std::string_view unit);

// A single-unit interval from a number (SECOND keeps fractions as microseconds).
std::optional<interval> make_interval(double value, bool integral, std::string_view unit);
// An interval from text: one number for a single unit, or the unit's parts
// ('1:30' MINUTE_SECOND) aligned right, as MySQL reads them.
std::optional<interval> parse_interval(std::string_view text, std::string_view unit);

// t + iv; months clamp the day to the month's end; nullopt outside 0000…9999.
std::optional<mysql_time> add_interval(const mysql_time& t, const interval& iv);

// TIMESTAMPDIFF(unit, a, b): whole units from a to b, truncated toward zero.
std::optional<std::int64_t> timestamp_diff(std::string_view unit, const mysql_time& a, const mysql_time& b);

// EXTRACT(unit FROM t).
std::optional<std::int64_t> extract_unit(std::string_view unit, const mysql_time& t);

}  // namespace qproxy::czar
