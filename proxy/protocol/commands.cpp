#include "proxy/protocol/commands.hpp"

namespace qproxy::protocol {
error_code expect_command(reader& r, command expected) {
    std::uint8_t b = 0;
    if (auto ec = r.get_u8(b)) return ec;
    return b == static_cast<std::uint8_t>(expected) ? error_code{} : make_error_code(errc::unexpected_command);
}

error_code deserialize(std::span<const std::uint8_t> payload, field_list_request& out) {
    reader r(payload);
    std::string_view table;
    if (auto ec = expect_command(r, command::field_list)) return ec;
    if (auto ec = r.get_null_string(table)) return ec;
    out.table = std::string(table);
    out.wildcard = std::string(r.get_eof_string());
    return {};
}

error_code deserialize(std::span<const std::uint8_t> payload, set_option& out) {
    reader r(payload);
    if (auto ec = expect_command(r, command::set_option)) return ec;
    if (auto ec = r.get_u16(out.option)) return ec;
    return r.check_finished();
}

error_code deserialize(std::span<const std::uint8_t> payload, process_kill& out) {
    reader r(payload);
    if (auto ec = expect_command(r, command::process_kill)) return ec;
    if (auto ec = r.get_u32(out.connection_id)) return ec;
    return r.check_finished();
}

error_code deserialize_text_command(std::span<const std::uint8_t> payload, command expected, std::string_view& text) {
    reader r(payload);
    if (auto ec = expect_command(r, expected)) return ec;
    text = r.get_eof_string();
    return {};
}

}  // namespace qproxy::protocol
