#include "proxy/protocol/connect_attrs.hpp"

#include "proxy/protocol/constants.hpp"

namespace qproxy::protocol {

error_code read_connect_attrs(reader& r, connect_attributes& out) {
    out.clear();
    std::uint64_t total = 0;
    if (auto ec = r.get_lenenc_int(total)) return ec;
    if (total > max_connect_attrs_size) return make_error_code(errc::attributes_too_large);
    std::span<const std::uint8_t> block;
    if (auto ec = r.get_fixed(static_cast<std::size_t>(total), block)) return ec;
    reader br(block);
    while (!br.empty()) {
        std::string_view key, value;
        if (br.get_lenenc_string(key) || br.get_lenenc_string(value)) {
            // A pair that overruns the announced block is a length mismatch,
            // not truncation of the packet.
            return make_error_code(errc::protocol_value_error);
        }
        out.emplace_back(key, value);
    }
    return {};
}

void write_connect_attrs(writer& w, const connect_attributes& attrs) {
    std::uint64_t total = 0;
    for (const auto& [k, v] : attrs) {
        total += writer::lenenc_int_size(k.size()) + k.size() + writer::lenenc_int_size(v.size()) + v.size();
    }
    w.put_lenenc_int(total);
    for (const auto& [k, v] : attrs) {
        w.put_lenenc_string(k);
        w.put_lenenc_string(v);
    }
}

}  // namespace qproxy::protocol
