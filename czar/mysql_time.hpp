// MySQL's temporal values as the embedded engine carries them: text
// ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS[.ffffff]', '[-]HH:MM:SS'), parsed with
// MySQL's lenient rules and computed with its calendar (proleptic Gregorian,
// day numbers as TO_DAYS, week modes as WEEK()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qproxy::czar {

struct mysql_time {
    enum class kind_t : std::uint8_t { date, datetime, time };
    kind_t kind = kind_t::datetime;
    bool negative = false;  // TIME only
    int year = 0, month = 0, day = 0;
    int hour = 0, minute = 0, second = 0;  // hour may exceed 23 in a TIME
    int micro = 0;
    unsigned fraction_digits = 0;  // fractional digits as written (MySQL keeps them in string results)
};

// 'YYYY-MM-DD[ HH:MM:SS[.f]]' with any punctuation, 'YYYYMMDD[HHMMSS]', two-digit years.
std::optional<mysql_time> parse_datetime(std::string_view text);
// '[-][D ]HH:MM[:SS[.f]]', 'HHMMSS', 'SS'.
std::optional<mysql_time> parse_time(std::string_view text);
// 20200131 → DATE, 20200131123000 → DATETIME (MySQL's number_to_datetime).
std::optional<mysql_time> datetime_from_number(std::int64_t number);
// 123000 → TIME 12:30:00.
std::optional<mysql_time> time_from_number(double number);

// True when every part is in range and the day exists in its month.
bool valid_date(const mysql_time& t);
bool zero_date(const mysql_time& t);

// Text in MySQL's form for the value's kind, with `fsp` fractional digits.
std::string format_time_value(const mysql_time& t, unsigned fsp);
// fsp the value shows as text: the digits written, else 6 when it has microseconds.
unsigned natural_fsp(const mysql_time& t);

// Day number as TO_DAYS (0000-01-01 is day 1 … 2000-01-01 is 730485).
std::int64_t day_number(int year, int month, int day);
// The inverse (FROM_DAYS); nullopt outside 0000..9999.
std::optional<mysql_time> from_day_number(std::int64_t day_number);
int days_in_month(int year, int month);
// 0 = Monday … 6 = Sunday.
int weekday(std::int64_t day_number);
// WEEK(date, mode) with MySQL's week_mode bits; `year` receives the week's year.
int week_number(const mysql_time& t, unsigned mode_bits, int& year);
// WEEK()'s mode argument (0…7) as calc_week's behaviour bits.
unsigned week_mode(int mode);
inline constexpr unsigned week_monday_first = 1;
inline constexpr unsigned week_year = 2;
inline constexpr unsigned week_first_weekday = 4;

// Seconds since the epoch of a local DATETIME in `time_zone` ("SYSTEM" or "+hh:mm").
std::optional<std::int64_t> to_epoch(const mysql_time& t, std::string_view time_zone);
// The local DATETIME of an epoch second in `time_zone`.
std::optional<mysql_time> from_epoch(std::int64_t seconds, std::string_view time_zone);

// Seconds of a DATETIME since 0000-01-01 plus its microseconds, for differences.
std::int64_t total_microseconds(const mysql_time& t);
// A DATETIME (or TIME when kind is time) from a microsecond count.
std::optional<mysql_time> from_total_microseconds(std::int64_t micros, mysql_time::kind_t kind);

}  // namespace qproxy::czar
