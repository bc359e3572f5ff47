#include "proxy/protocol/binary_row.hpp"

#include "proxy/protocol/binary_value.hpp"

namespace qproxy::protocol {
namespace {

bool is_unsigned(const column_meta& c) noexcept { return (c.flags & column_flag::unsigned_) != 0; }

}  // namespace

error_code serialize_binary_row(std::span<const column_meta> columns, const row& values,
                                std::vector<std::uint8_t>& out) {
    if (values.size() != columns.size()) return make_error_code(errc::protocol_value_error);
    const std::size_t start = out.size();
    writer w(out);
    w.put_u8(0x00);
    const std::size_t bitmap = out.size();
    w.put_zeros(binary_row_bitmap_size(columns.size()));
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (!values[i]) {
            out[bitmap + (i + 2) / 8] |= static_cast<std::uint8_t>(1u << ((i + 2) % 8));
            continue;
        }
        if (auto ec = write_binary_value(w, columns[i].type, is_unsigned(columns[i]), *values[i])) {
            out.resize(start);
            return ec;
        }
    }
    return {};
}

error_code deserialize_binary_row(std::span<const std::uint8_t> in, std::span<const column_meta> columns, row& out) {
    reader r(in);
    std::uint8_t header = 0;
    std::span<const std::uint8_t> bitmap;
    if (auto ec = r.get_u8(header)) return ec;
    if (header != 0x00) return make_error_code(errc::protocol_value_error);
    if (auto ec = r.get_fixed(binary_row_bitmap_size(columns.size()), bitmap)) return ec;
    out.assign(columns.size(), std::nullopt);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (bitmap[(i + 2) / 8] & (1u << ((i + 2) % 8))) continue;
        std::string text;
        if (auto ec = read_binary_value(r, columns[i].type, is_unsigned(columns[i]), text)) return ec;
        out[i] = std::move(text);
    }
    return r.check_finished();
}

}  // namespace qproxy::protocol
