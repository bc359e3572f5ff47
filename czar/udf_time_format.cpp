// DATE_FORMAT, TIME_FORMAT, STR_TO_DATE and FROM_UNIXTIME with MySQL's % specifiers.
#include "czar/udf.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

namespace qproxy::czar::udf {

namespace {

constexpr std::string_view day_names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::string_view month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};

std::string_view ordinal_suffix(int day) {
    if (day % 100 >= 11 && day % 100 <= 13) return "th";
    switch (day % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

// MySQL's make_date_time(); nullopt when a specifier needs a calendar date the value lacks.
std::optional<std::string> format_datetime(const mysql_time& t, std::string_view fmt, bool time_only) {
    std::string out;
    const int hour12 = (t.hour % 24 + 11) % 12 + 1;
    const bool has_date = valid_date(t);
    const std::int64_t daynr = has_date ? day_number(t.year, t.month, t.day) : 0;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] != '%' || i + 1 == fmt.size()) {
            out += fmt[i];
            continue;
        }
        const char c = fmt[++i];
        const bool date_spec = std::string_view("abcDdejMmUuVvWwXxYy").find(c) != std::string_view::npos;
        if (date_spec && time_only) return std::nullopt;
        if ((c == 'a' || c == 'W' || c == 'w' || c == 'U' || c == 'u' || c == 'V' || c == 'v' || c == 'X' || c == 'x' ||
             c == 'j') && !has_date)
            return std::nullopt;
        if ((c == 'M' || c == 'b') && (t.month < 1 || t.month > 12)) return std::nullopt;
        int year = 0;
        switch (c) {
        case 'a': out += day_names[czar::weekday(daynr)].substr(0, 3); break;
        case 'b': out += month_names[t.month - 1].substr(0, 3); break;
        case 'c': out += std::to_string(t.month); break;
        case 'D': out += std::to_string(t.day) + std::string(ordinal_suffix(t.day)); break;
        case 'd': out += fmt::format("{:02}", t.day); break;
        case 'e': out += std::to_string(t.day); break;
        case 'f': out += fmt::format("{:06}", t.micro); break;
        case 'H': out += fmt::format("{:02}", t.hour); break;
        case 'h': case 'I': out += fmt::format("{:02}", hour12); break;
        case 'i': out += fmt::format("{:02}", t.minute); break;
        case 'j': out += fmt::format("{:03}", daynr - day_number(t.year, 1, 1) + 1); break;
        case 'k': out += std::to_string(t.hour); break;
        case 'l': out += std::to_string(hour12); break;
        case 'M': out += month_names[t.month - 1]; break;
        case 'm': out += fmt::format("{:02}", t.month); break;
        case 'p': out += t.hour % 24 < 12 ? "AM" : "PM"; break;
        case 'r':
            out += fmt::format("{:02}:{:02}:{:02} {}", hour12, t.minute, t.second, t.hour % 24 < 12 ? "AM" : "PM");
            break;
        case 'S': case 's': out += fmt::format("{:02}", t.second); break;
        case 'T': out += fmt::format("{:02}:{:02}:{:02}", t.hour, t.minute, t.second); break;
        case 'U': out += fmt::format("{:02}", week_number(t, week_first_weekday, year)); break;
        case 'u': out += fmt::format("{:02}", week_number(t, week_monday_first, year)); break;
        case 'V': out += fmt::format("{:02}", week_number(t, week_year | week_first_weekday, year)); break;
        case 'v': out += fmt::format("{:02}", week_number(t, week_year | week_monday_first, year)); break;
        case 'W': out += day_names[czar::weekday(daynr)]; break;
        case 'w': out += std::to_string((czar::weekday(daynr) + 1) % 7); break;
        case 'X': week_number(t, week_year | week_first_weekday, year); out += fmt::format("{:04}", year); break;
        case 'x': week_number(t, week_year | week_monday_first, year); out += fmt::format("{:04}", year); break;
        case 'Y': out += fmt::format("{:04}", t.year); break;
        case 'y': out += fmt::format("{:02}", t.year % 100); break;
        default: out += c; break;  // %% and unknown specifiers print the character
        }
    }
    return out;
}

// Reads up to `max` digits; false when there are none.
bool read_number(std::string_view s, std::size_t& pos, std::size_t max, int& out) {
    const std::size_t start = pos;
    out = 0;
    while (pos < s.size() && pos - start < max && std::isdigit(static_cast<unsigned char>(s[pos])))
        out = out * 10 + (s[pos++] - '0');
    return pos > start;
}

// Reads a (case-insensitive) name or its 3-letter abbreviation; returns the index or -1.
template <std::size_t N>
int read_name(std::string_view s, std::size_t& pos, const std::string_view (&names)[N], bool abbreviated) {
    for (std::size_t k = 0; k < N; ++k) {
        const auto name = abbreviated ? names[k].substr(0, 3) : names[k];
        if (s.size() - pos < name.size()) continue;
        bool same = true;
        for (std::size_t j = 0; j < name.size() && same; ++j)
            same = std::tolower(static_cast<unsigned char>(s[pos + j])) == std::tolower(static_cast<unsigned char>(name[j]));
        if (same) {
            pos += name.size();
            return static_cast<int>(k);
        }
    }
    return -1;
}

// MySQL's extract_date_time() for the common specifiers.
std::optional<mysql_time> parse_with_format(std::string_view s, std::string_view fmt) {
    mysql_time t;
    std::size_t pos = 0;
    int pm = -1;  // -1 no %p, 0 AM, 1 PM
    bool hour12 = false;
    auto skip_spaces = [&] { while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos]))) ++pos; };
    for (std::size_t i = 0; i < fmt.size() && pos < s.size(); ++i) {
        skip_spaces();
        if (std::isspace(static_cast<unsigned char>(fmt[i]))) continue;
        if (fmt[i] != '%' || i + 1 == fmt.size()) {
            if (pos >= s.size() || s[pos] != fmt[i]) return std::nullopt;
            ++pos;
            continue;
        }
        int v = 0;
        bool ok = true;
        switch (fmt[++i]) {
        case 'Y': { const auto start = pos; ok = read_number(s, pos, 4, v); t.year = pos - start <= 2 ? (v < 70 ? 2000 + v : 1900 + v) : v; break; }
        case 'y': ok = read_number(s, pos, 2, v); t.year = v < 70 ? 2000 + v : 1900 + v; break;
        case 'm': case 'c': ok = read_number(s, pos, 2, t.month); break;
        case 'd': case 'e': ok = read_number(s, pos, 2, t.day); break;
        case 'D': ok = read_number(s, pos, 2, t.day); pos = std::min(pos + 2, s.size()); break;
        case 'H': case 'k': ok = read_number(s, pos, 2, t.hour); break;
        case 'h': case 'I': case 'l': ok = read_number(s, pos, 2, t.hour); hour12 = true; break;
        case 'i': ok = read_number(s, pos, 2, t.minute); break;
        case 's': case 'S': ok = read_number(s, pos, 2, t.second); break;
        case 'f': {
            const auto start = pos;
            ok = read_number(s, pos, 6, v);
            for (auto d = pos - start; d < 6; ++d) v *= 10;
            t.micro = v;
            break;
        }
        case 'j': {
            ok = read_number(s, pos, 3, v) && v >= 1;
            if (ok && t.year > 0) {
                const auto d = from_day_number(day_number(t.year, 1, 1) + v - 1);
                ok = d.has_value();
                if (ok) t.month = d->month, t.day = d->day;
            }
            break;
        }
        case 'M': ok = (v = read_name(s, pos, month_names, false)) >= 0; t.month = v + 1; break;
        case 'b': ok = (v = read_name(s, pos, month_names, true)) >= 0; t.month = v + 1; break;
        case 'W': ok = read_name(s, pos, day_names, false) >= 0; break;
        case 'a': ok = read_name(s, pos, day_names, true) >= 0; break;
        case 'p':
            if (s.size() - pos >= 2 && (std::toupper(static_cast<unsigned char>(s[pos + 1])) == 'M')) {
                const char ap = static_cast<char>(std::toupper(static_cast<unsigned char>(s[pos])));
                ok = ap == 'A' || ap == 'P';
                pm = ap == 'P';
                pos += 2;
            } else {
                ok = false;
            }
            break;
        case 'T': {
            const auto r = parse_with_format(s.substr(pos), "%H:%i:%s");
            ok = r.has_value();
            if (ok) t.hour = r->hour, t.minute = r->minute, t.second = r->second, pos = s.size();
            break;
        }
        case '%': ok = s[pos++] == '%'; break;
        default: return std::nullopt;  // week-based specifiers are not supported here
        }
        if (!ok) return std::nullopt;
    }
    if (hour12) {
        if (t.hour < 1 || t.hour > 12) return std::nullopt;
        if (pm >= 0) t.hour = t.hour % 12 + (pm == 1 ? 12 : 0);
    } else if (pm >= 0) {
        return std::nullopt;
    }
    return t;
}

}  // namespace

void date_format(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const auto t = arg(argv[0]).datetime();
    if (!t) return sqlite3_result_null(ctx);
    const auto text = format_datetime(*t, arg(argv[1]).str(), false);
    if (!text) return sqlite3_result_null(ctx);
    result_text(ctx, *text);
}

void time_format(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    auto t = arg(argv[0]).time();
    if (!t) return sqlite3_result_null(ctx);
    const auto text = format_datetime(*t, arg(argv[1]).str(), true);
    if (!text) return sqlite3_result_null(ctx);
    result_text(ctx, t->negative ? "-" + *text : *text);
}

void str_to_date(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (s, format, kind, fsp): kind ('date', 'time', 'datetime') and fsp come from the
    // format as the typing decided them.
    if (any_null(ctx, 2, argv)) return;
    auto t = parse_with_format(arg(argv[0]).str(), arg(argv[1]).str());
    if (!t) return sqlite3_result_null(ctx);
    const auto kind = arg(argv[2]).str();
    const auto fsp = static_cast<unsigned>(arg(argv[3]).int64());
    if (kind == "time") {
        t->kind = mysql_time::kind_t::time;
        return result_time(ctx, t, fsp);
    }
    // NO_ZERO_IN_DATE / NO_ZERO_DATE are in MySQL 8.0's default sql_mode.
    if (!valid_date(*t)) return sqlite3_result_null(ctx);
    t->kind = kind == "date" ? mysql_time::kind_t::date : mysql_time::kind_t::datetime;
    result_time(ctx, t, fsp);
}

void from_unixtime(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (seconds, time_zone[, format])
    if (any_null(ctx, argc, argv)) return;
    const arg n(argv[0]);
    const double seconds = n.num();
    if (seconds < 0 || seconds > 32536771199.999999) return sqlite3_result_null(ctx);
    const auto whole = static_cast<std::int64_t>(seconds);
    auto t = from_epoch(whole, arg(argv[1]).str());
    if (!t) return sqlite3_result_null(ctx);
    t->micro = static_cast<int>(std::llround((seconds - static_cast<double>(whole)) * 1e6));
    if (argc > 2) {
        const auto text = format_datetime(*t, arg(argv[2]).str(), false);
        if (!text) return sqlite3_result_null(ctx);
        return result_text(ctx, *text);
    }
    result_time(ctx, t, n.integer() ? 0 : 6);
}

}  // namespace qproxy::czar::udf
