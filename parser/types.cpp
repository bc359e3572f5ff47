#include "parser/types.hpp"

namespace qproxy {

namespace {
column_meta make(std::string name, field_type type, std::uint32_t length, std::uint16_t cs, std::uint16_t flags,
                 std::uint8_t decimals) {
    column_meta c;
    c.org_name = name;
    c.name = std::move(name);
    c.type = type;
    c.length = length;
    c.charset = cs;
    c.flags = flags;
    c.decimals = decimals;
    return c;
}
}  // namespace

column_meta without_origin(column_meta m) {
    m.db.clear();
    m.table.clear();
    m.org_table.clear();
    m.name.clear();
    m.org_name.clear();
    return m;
}

// Lengths follow what MySQL 8.0 reports: utf8mb4 text counts 4 bytes a character.
column_meta text_column(std::string name, std::uint32_t chars) {
    return make(std::move(name), field_type::var_string, chars * 4, charset::utf8mb4_general_ci, 0, 31);
}
column_meta bigint_column(std::string name, bool is_unsigned) {
    return make(std::move(name), field_type::longlong, 21, charset::binary,
                column_flag::num | column_flag::binary | (is_unsigned ? column_flag::unsigned_ : 0), 0);
}
column_meta int_column(std::string name) {
    return make(std::move(name), field_type::long_, 11, charset::binary, column_flag::num | column_flag::binary, 0);
}
column_meta double_column(std::string name) {
    return make(std::move(name), field_type::double_, 22, charset::binary, column_flag::num | column_flag::binary, 31);
}
column_meta datetime_column(std::string name) {
    return make(std::move(name), field_type::datetime, 19, charset::binary, column_flag::binary, 0);
}

}  // namespace qproxy
