// Error codes of the I/O-free protocol layer. Every deserializer returns one of
// these through boost::system::error_code; the session turns them into a closed
// connection (framing errors) or an ERR packet (a malformed command).
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace qproxy::protocol {

using error_code = boost::system::error_code;

enum class errc : int {
    // Not a failure: packet_assembler::next() needs more bytes from the socket.
    need_more = 1,
    // The message ended before a field it announced (truncated input).
    incomplete_message,
    // Bytes were left over after a message whose end the protocol defines.
    extra_bytes,
    // A field holds a value the protocol does not allow (bad header byte,
    // unknown type code, missing capability, malformed temporal value...).
    protocol_value_error,
    // A continuation packet (or a caller-checked packet) carried the wrong sequence id.
    sequence_mismatch,
    // The frame headers announce a logical payload above the configured maximum.
    packet_too_large,
    // 0xfb (NULL) or 0xff where a length-encoded integer was expected.
    bad_lenenc,
    // The payload's command byte is not the one the deserializer handles.
    unexpected_command,
    // A text value (MySQL text form) does not parse for its column type.
    bad_value,
    // CONNECT_ATTRS block larger than max_connect_attrs_size.
    attributes_too_large,
};

const boost::system::error_category& protocol_category() noexcept;

inline error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), protocol_category()};
}

// True for codes that only mean "feed me more bytes".
inline bool is_need_more(const error_code& ec) noexcept {
    return ec == make_error_code(errc::need_more);
}

}  // namespace qproxy::protocol

namespace boost::system {
template <>
struct is_error_code_enum<qproxy::protocol::errc> : std::true_type {};
}  // namespace boost::system
