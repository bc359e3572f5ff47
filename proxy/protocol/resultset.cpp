#include "proxy/protocol/resultset.hpp"

#include <algorithm>

namespace qproxy::protocol {
namespace {
constexpr std::string_view catalog = "def";
constexpr std::uint8_t fixed_fields_length = 0x0c;

error_code read_column(reader& r, column_meta& out) {
    std::string_view cat, db, table, org_table, name, org_name;
    std::uint64_t fixed_len = 0;
    std::uint8_t type = 0;
    if (auto ec = r.get_lenenc_string(cat)) return ec;
    if (auto ec = r.get_lenenc_string(db)) return ec;
    if (auto ec = r.get_lenenc_string(table)) return ec;
    if (auto ec = r.get_lenenc_string(org_table)) return ec;
    if (auto ec = r.get_lenenc_string(name)) return ec;
    if (auto ec = r.get_lenenc_string(org_name)) return ec;
    if (auto ec = r.get_lenenc_int(fixed_len)) return ec;
    if (cat != catalog || fixed_len != fixed_fields_length) return make_error_code(errc::protocol_value_error);
    if (auto ec = r.get_u16(out.charset)) return ec;
    if (auto ec = r.get_u32(out.length)) return ec;
    if (auto ec = r.get_u8(type)) return ec;
    if (auto ec = r.get_u16(out.flags)) return ec;
    if (auto ec = r.get_u8(out.decimals)) return ec;
    if (auto ec = r.skip(2)) return ec;
    out.db = db;
    out.table = table;
    out.org_table = org_table;
    out.name = name;
    out.org_name = org_name;
    out.type = static_cast<field_type>(type);
    return {};
}
}  // namespace

void serialize_column_count(std::uint64_t n, writer& w) { w.put_lenenc_int(n); }

std::vector<std::uint8_t> serialize_column_count(std::uint64_t n) {
    writer w;
    serialize_column_count(n, w);
    return w.take();
}

void serialize_column_definition(const column_meta& col, writer& w, bool field_list,
                                 std::optional<std::string_view> default_value) {
    w.put_lenenc_string(catalog);
    w.put_lenenc_string(col.db);
    w.put_lenenc_string(col.table);
    w.put_lenenc_string(col.org_table);
    w.put_lenenc_string(col.name);
    w.put_lenenc_string(col.org_name);
    w.put_lenenc_int(fixed_fields_length);
    w.put_u16(col.charset);
    w.put_u32(col.length);
    w.put_u8(static_cast<std::uint8_t>(col.type));
    w.put_u16(col.flags);
    w.put_u8(col.decimals);
    w.put_zeros(2);
    if (field_list) {
        if (default_value) {
            w.put_lenenc_string(*default_value);
        } else {
            w.put_lenenc_null();
        }
    }
}

std::vector<std::uint8_t> serialize_column_definition(const column_meta& col, bool field_list,
                                                      std::optional<std::string_view> default_value) {
    writer w;
    serialize_column_definition(col, w, field_list, default_value);
    return w.take();
}

error_code deserialize_column_definition(std::span<const std::uint8_t> in, column_meta& out) {
    reader r(in);
    if (auto ec = read_column(r, out)) return ec;
    return r.check_finished();
}

error_code deserialize_field_list_column(std::span<const std::uint8_t> in, column_meta& out,
                                         std::optional<std::string>& default_value) {
    reader r(in);
    std::optional<std::string_view> def;
    if (auto ec = read_column(r, out)) return ec;
    if (auto ec = r.get_lenenc_string_or_null(def)) return ec;
    if (auto ec = r.check_finished()) return ec;
    default_value = def ? std::optional<std::string>(*def) : std::nullopt;
    return {};
}

void serialize_text_row(const row& values, writer& w) {
    for (const auto& cell : values) {
        if (cell) {
            w.put_lenenc_string(*cell);
        } else {
            w.put_lenenc_null();
        }
    }
}

std::vector<std::uint8_t> serialize_text_row(const row& values) {
    writer w;
    serialize_text_row(values, w);
    return w.take();
}

error_code deserialize_text_row(std::span<const std::uint8_t> in, std::size_t num_columns, row& out) {
    reader r(in);
    out.clear();
    out.reserve(std::min(num_columns, in.size()));  // never more cells than bytes
    for (std::size_t i = 0; i < num_columns; ++i) {
        std::optional<std::string_view> cell;
        if (auto ec = r.get_lenenc_string_or_null(cell)) return ec;
        if (cell) {
            out.emplace_back(std::string(*cell));
        } else {
            out.emplace_back(std::nullopt);
        }
    }
    return r.check_finished();
}

}  // namespace qproxy::protocol
