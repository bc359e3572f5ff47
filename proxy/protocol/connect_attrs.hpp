// CONNECT_ATTRS: the key/value block at the end of HandshakeResponse41 and
// COM_CHANGE_USER (int<lenenc> total length, then string<lenenc> key/value pairs).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html
#pragma once

#include "proxy/protocol/buffer.hpp"

#include <string>
#include <utility>
#include <vector>

namespace qproxy::protocol {

using connect_attributes = std::vector<std::pair<std::string, std::string>>;

// Reads the block; errc::attributes_too_large when its announced length exceeds
// max_connect_attrs_size (checked before anything is copied), and
// errc::protocol_value_error when the pairs do not exactly fill the block.
[[nodiscard]] error_code read_connect_attrs(reader& r, connect_attributes& out);
void write_connect_attrs(writer& w, const connect_attributes& attrs);

}  // namespace qproxy::protocol
