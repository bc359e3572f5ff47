#include "czar/value_format.hpp"

#include "czar/mysql_number.hpp"
#include "parser/typing.hpp"

#include <charconv>

namespace qproxy::czar {

namespace {

std::string integer_text(std::int64_t v, const column_meta& type) {
    return sql::is_unsigned(type) ? std::to_string(static_cast<std::uint64_t>(v)) : std::to_string(v);
}

std::string decimal_text(std::string_view digits, const column_meta& type) {
    return round_decimal_text(digits, type.decimals);
}

// A DOUBLE with a fixed number of decimals (PI(), ROUND(x, 2)) prints them all, as
// MySQL's my_fcvt does; otherwise the shortest form.
std::string double_text(double v, const column_meta& type) {
    if (type.decimals < 31) return round_decimal_text(plain_decimal_text(v), type.decimals);
    return format_double(v);
}

}  // namespace

cell format_value(const storage::statement& stmt, int i, const column_meta& type) {
    const int kind = stmt.column_type(i);
    if (kind == SQLITE_NULL) return std::nullopt;
    if (sql::is_integer_type(type)) {
        if (kind == SQLITE_INTEGER) return integer_text(stmt.column_int64(i), type);
        if (kind == SQLITE_FLOAT) return integer_text(double_to_int(stmt.column_double(i)), type);
        return integer_text(string_to_int(stmt.column_text(i)), type);
    }
    if (sql::is_decimal_type(type)) {
        if (kind == SQLITE_INTEGER) return decimal_text(std::to_string(stmt.column_int64(i)), type);
        if (kind == SQLITE_FLOAT) return format_decimal(stmt.column_double(i), type.decimals);
        return decimal_text(plain_decimal_text(string_to_double(stmt.column_text(i))), type);
    }
    if (sql::is_real_type(type)) {
        if (kind == SQLITE_INTEGER) return double_text(static_cast<double>(stmt.column_int64(i)), type);
        if (kind == SQLITE_FLOAT) return double_text(stmt.column_double(i), type);
        return double_text(string_to_double(stmt.column_text(i)), type);
    }
    switch (kind) {
    case SQLITE_INTEGER: return std::to_string(stmt.column_int64(i));
    case SQLITE_FLOAT: return format_double(stmt.column_double(i));
    case SQLITE_BLOB: return std::string(stmt.column_blob(i));
    default: return std::string(stmt.column_text(i));
    }
}

cell normalize_text(cell value, const column_meta& type) {
    if (!value) return value;
    if (sql::is_decimal_type(type)) return decimal_text(plain_decimal_text(string_to_double(*value)), type);
    if (sql::is_real_type(type)) return double_text(string_to_double(*value), type);
    return value;
}

sql_status bind_value(storage::statement& stmt, int index, const cell& value, const column_meta& type) {
    if (!value) return stmt.bind_null(index);
    if (sql::is_integer_type(type)) {
        // BIGINT UNSIGNED above INT64_MAX keeps its bits, as the printer's literals do.
        if (sql::is_unsigned(type)) {
            std::uint64_t u = 0;
            const auto [p, ec] = std::from_chars(value->data(), value->data() + value->size(), u);
            if (ec == std::errc() && p == value->data() + value->size()) return stmt.bind_int64(index, static_cast<std::int64_t>(u));
        }
        return stmt.bind_int64(index, string_to_int(*value));
    }
    if (sql::is_decimal_type(type) || sql::is_real_type(type)) return stmt.bind_double(index, string_to_double(*value));
    if (sql::is_binary_string(type)) return stmt.bind_blob(index, *value);
    return stmt.bind_text(index, *value);
}

}  // namespace qproxy::czar
