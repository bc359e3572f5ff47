#include "czar/udf.hpp"

#include <cmath>

namespace qproxy::czar::udf {

std::string_view arg::str() const {
    // Doubles reach string context only when the printer could not type them;
    // SQLite's own text for them ("1.0") is then the closest available.
    const auto* p = sqlite3_value_type(v_) == SQLITE_BLOB ? sqlite3_value_blob(v_) : sqlite3_value_text(v_);
    const auto n = static_cast<std::size_t>(sqlite3_value_bytes(v_));
    return p ? std::string_view(static_cast<const char*>(p), n) : std::string_view{};
}

double arg::num() const {
    switch (sqlite3_value_type(v_)) {
    case SQLITE_INTEGER: return static_cast<double>(sqlite3_value_int64(v_));
    case SQLITE_FLOAT: return sqlite3_value_double(v_);
    case SQLITE_NULL: return 0.0;
    default: return string_to_double(str());
    }
}

std::int64_t arg::int64() const {
    switch (sqlite3_value_type(v_)) {
    case SQLITE_INTEGER: return sqlite3_value_int64(v_);
    case SQLITE_FLOAT: return double_to_int(sqlite3_value_double(v_));
    case SQLITE_NULL: return 0;
    default: return string_to_int(str());
    }
}

std::optional<mysql_time> arg::datetime() const {
    switch (sqlite3_value_type(v_)) {
    case SQLITE_INTEGER: return datetime_from_number(sqlite3_value_int64(v_));
    case SQLITE_FLOAT: {
        const double d = sqlite3_value_double(v_);
        auto t = datetime_from_number(static_cast<std::int64_t>(d));
        if (t) t->micro = static_cast<int>(std::lround((d - std::floor(d)) * 1e6));
        return t;
    }
    case SQLITE_NULL: return std::nullopt;
    default: return parse_datetime(str());
    }
}

std::optional<mysql_time> arg::time() const {
    switch (sqlite3_value_type(v_)) {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: return time_from_number(sqlite3_value_double(v_));
    case SQLITE_NULL: return std::nullopt;
    default: return parse_time(str());
    }
}

// An empty view may have no data pointer; SQLite would read that as NULL.
void result_text(sqlite3_context* ctx, std::string_view text) {
    sqlite3_result_text64(ctx, text.empty() ? "" : text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void result_blob(sqlite3_context* ctx, std::string_view bytes) {
    sqlite3_result_blob64(ctx, bytes.empty() ? "" : bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

void result_string(sqlite3_context* ctx, std::string_view bytes, bool binary) {
    if (binary) result_blob(ctx, bytes);
    else result_text(ctx, bytes);
}

void result_time(sqlite3_context* ctx, const std::optional<mysql_time>& t, unsigned fsp) {
    if (!t) sqlite3_result_null(ctx);
    else result_text(ctx, format_time_value(*t, fsp));
}

bool any_null(sqlite3_context* ctx, int n, sqlite3_value** argv) {
    for (int i = 0; i < n; ++i) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            sqlite3_result_null(ctx);
            return true;
        }
    }
    return false;
}

}  // namespace qproxy::czar::udf
