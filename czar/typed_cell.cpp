#include "czar/typed_cell.hpp"

#include "czar/mysql_number.hpp"
#include "parser/typing.hpp"

#include <charconv>

namespace qproxy::czar {

void typed_cell::assign(const cell& value, const column_meta& type) {
    if (!value) return set_null();
    assign_text(*value, type);
}

void typed_cell::assign_text(std::string_view value, const column_meta& type) {
    if (sql::is_integer_type(type)) {
        std::uint64_t u = 0;
        const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), u);
        const bool bits = sql::is_unsigned(type) && ec == std::errc() && p == value.data() + value.size();
        return set_integer(bits ? static_cast<std::int64_t>(u) : string_to_int(value));
    }
    if (sql::is_decimal_type(type) || sql::is_real_type(type)) return set_real(string_to_double(value));
    k = sql::is_binary_string(type) ? kind::blob : kind::text;
    text.assign(value);
}

double stored_real(double value, const column_meta& type) {
    return type.type == field_type::float_ ? static_cast<double>(static_cast<float>(value)) : value;
}

sql_status bind_typed(storage::statement& stmt, int index, const typed_cell& value, const column_meta& type) {
    switch (value.k) {
    case typed_cell::kind::null: return stmt.bind_null(index);
    case typed_cell::kind::integer: return stmt.bind_int64(index, value.integer);
    case typed_cell::kind::real: return stmt.bind_double(index, stored_real(value.real, type));
    case typed_cell::kind::text: return stmt.bind_text(index, value.text);
    case typed_cell::kind::blob: return stmt.bind_blob(index, value.text);
    }
    return ok();
}

}  // namespace qproxy::czar
