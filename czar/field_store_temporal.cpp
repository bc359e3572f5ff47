// DATE, DATETIME, TIMESTAMP and TIME columns: MySQL's lenient formats, with
// the checks of MySQL 8.0's default sql_mode (NO_ZERO_DATE, NO_ZERO_IN_DATE).
#include "czar/field_store.hpp"
#include "czar/mysql_time.hpp"

#include <fmt/format.h>

namespace qproxy::czar {

namespace {

constexpr std::uint16_t er_truncated_wrong_value = 1292;  // 22007

// TIMESTAMP's range, compared as text (the session's time zone aside).
constexpr std::string_view timestamp_min = "1970-01-01 00:00:01";
constexpr std::string_view timestamp_max = "2038-01-19 03:14:07";

// Rounds the fraction to fsp digits (MySQL rounds unless TIME_TRUNCATE_FRACTIONAL); may carry into seconds.
std::optional<mysql_time> round_fraction(const mysql_time& t, unsigned fsp) {
    std::int64_t unit = 1;
    for (unsigned i = fsp; i < 6; ++i) unit *= 10;
    const std::int64_t micros = total_microseconds(t);
    const std::int64_t magnitude = micros < 0 ? -micros : micros;
    const std::int64_t rounded = (magnitude + unit / 2) / unit * unit;
    return from_total_microseconds(micros < 0 ? -rounded : rounded, t.kind);
}

}  // namespace

std::string field_store::store_temporal(std::string_view text, std::uint64_t row,
                                        std::optional<store_warning>& w) const {
    const auto zero = [&] {
        w = incorrect_temporal(text, row);
        return implicit_default();
    };
    if (kind_ == kind::time) {
        const auto t = parse_time(text);
        if (!t) return zero();
        const auto rounded = round_fraction(*t, fsp_);
        if (!rounded) {  // beyond ±838:59:59: the nearest end
            w = incorrect_temporal(text, row);
            return fmt::format("{}838:59:59{:.{}}", t->negative ? "-" : "", ".999999", fsp_ ? fsp_ + 1 : 0);
        }
        return format_time_value(*rounded, fsp_);
    }
    const auto parsed = parse_datetime(text);
    if (!parsed || zero_date(*parsed) || !valid_date(*parsed)) return zero();
    if (kind_ == kind::date) {
        mysql_time d = *parsed;
        if (d.hour || d.minute || d.second || d.micro) w = truncated(row, true);
        d.kind = mysql_time::kind_t::date;
        return format_time_value(d, 0);
    }
    mysql_time dt = *parsed;
    dt.kind = mysql_time::kind_t::datetime;
    const auto rounded = round_fraction(dt, fsp_);
    if (!rounded) return zero();
    std::string out = format_time_value(*rounded, fsp_);
    if (kind_ == kind::timestamp) {
        const std::string_view seconds = std::string_view(out).substr(0, 19);
        if (seconds < timestamp_min || seconds > timestamp_max) return zero();
    }
    return out;
}

store_warning field_store::incorrect_temporal(std::string_view text, std::uint64_t row) const {
    const std::string_view what = kind_ == kind::date ? "date" : kind_ == kind::time ? "time" : "datetime";
    return {false, {er_truncated_wrong_value, "22007",
                    fmt::format("Incorrect {} value: '{}' for column '{}' at row {}", what, text.substr(0, 128),
                                column_.name, row)}};
}

}  // namespace qproxy::czar
