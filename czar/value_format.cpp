#include "czar/value_format.hpp"

#include "czar/mysql_number.hpp"
#include "czar/typed_cell.hpp"
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
    return type.type == field_type::float_ ? format_float(static_cast<float>(v)) : format_double(v);
}

// What a value of `type` holds as a double: a FLOAT keeps 32 bits, as MySQL stores
// it, so expressions see the widened float (9.7652e-29 + 0 = 9.765200282540799e-29).
// The SQLite value behind a result column or a function argument, read alike.
struct column_source {
    const storage::statement& stmt;
    int i;
    int kind() const { return stmt.column_type(i); }
    std::int64_t int64() const { return stmt.column_int64(i); }
    double real() const { return stmt.column_double(i); }
    std::string_view text() const { return stmt.column_text(i); }
    std::string_view blob() const { return stmt.column_blob(i); }
};

struct value_source {
    sqlite3_value* v;
    int kind() const { return sqlite3_value_type(v); }
    std::int64_t int64() const { return sqlite3_value_int64(v); }
    double real() const { return sqlite3_value_double(v); }
    std::string_view text() const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v))) : std::string_view();
    }
    std::string_view blob() const {
        const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v))) : std::string_view();
    }
};

template <class Source>
cell format_from(const Source& src, const column_meta& type) {
    const int kind = src.kind();
    if (kind == SQLITE_NULL) return std::nullopt;
    if (sql::is_integer_type(type)) {
        if (kind == SQLITE_INTEGER) return integer_text(src.int64(), type);
        if (kind == SQLITE_FLOAT) return integer_text(double_to_int(src.real()), type);
        return integer_text(string_to_int(src.text()), type);
    }
    if (sql::is_decimal_type(type)) {
        if (kind == SQLITE_INTEGER) return decimal_text(std::to_string(src.int64()), type);
        if (kind == SQLITE_FLOAT) return format_decimal(src.real(), type.decimals);
        return decimal_text(plain_decimal_text(string_to_double(src.text())), type);
    }
    if (sql::is_real_type(type)) {
        if (kind == SQLITE_INTEGER) return double_text(static_cast<double>(src.int64()), type);
        if (kind == SQLITE_FLOAT) return double_text(src.real(), type);
        return double_text(string_to_double(src.text()), type);
    }
    switch (kind) {
    case SQLITE_INTEGER: return std::to_string(src.int64());
    case SQLITE_FLOAT: return format_double(src.real());
    case SQLITE_BLOB: return std::string(src.blob());
    default: return std::string(src.text());
    }
}

}  // namespace

cell format_value(const storage::statement& stmt, int i, const column_meta& type) {
    return format_from(column_source{stmt, i}, type);
}

cell format_value(sqlite3_value* value, const column_meta& type) { return format_from(value_source{value}, type); }

cell normalize_text(cell value, const column_meta& type) {
    if (!value) return value;
    if (sql::is_decimal_type(type)) return decimal_text(plain_decimal_text(string_to_double(*value)), type);
    if (sql::is_real_type(type)) return double_text(string_to_double(*value), type);
    return value;
}

sql_status bind_value(storage::statement& stmt, int index, const cell& value, const column_meta& type) {
    typed_cell typed;
    typed.assign(value, type);
    return bind_typed(stmt, index, typed, type);
}

void result_value(sqlite3_context* ctx, const cell& value, const column_meta& type) {
    typed_cell typed;
    typed.assign(value, type);
    const auto size = static_cast<int>(typed.text.size());
    switch (typed.k) {
    case typed_cell::kind::null: return sqlite3_result_null(ctx);
    case typed_cell::kind::integer: return sqlite3_result_int64(ctx, typed.integer);
    case typed_cell::kind::real: return sqlite3_result_double(ctx, stored_real(typed.real, type));
    case typed_cell::kind::text: return sqlite3_result_text(ctx, typed.text.data(), size, SQLITE_TRANSIENT);
    case typed_cell::kind::blob: return sqlite3_result_blob(ctx, typed.text.data(), size, SQLITE_TRANSIENT);
    }
}

}  // namespace qproxy::czar
