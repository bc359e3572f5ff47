// COM_CHANGE_USER, sent by the client in the command phase to re-authenticate.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_change_user.html
#pragma once

#include "proxy/protocol/buffer.hpp"
#include "proxy/protocol/connect_attrs.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace qproxy::protocol {

// Layout: 0x11, user NUL, auth response (1-byte length when SECURE_CONNECTION,
// else NUL-terminated), database NUL, then -- "if more data" -- charset u16,
// plugin name NUL (PLUGIN_AUTH), attributes (CONNECT_ATTRS). The trailing parts
// are optional in the protocol: a packet may end after the database, after the
// charset or after the plugin name.
struct change_user_request {
    std::string user;
    std::string auth_response;  // raw bytes
    std::string database;
    std::uint16_t charset = 0;  // 0 when the client sent none
    std::string auth_plugin;
    connect_attributes attributes;

    bool operator==(const change_user_request&) const = default;
};

// `payload` is the whole command packet INCLUDING the 0x11 command byte;
// `capabilities` are the session's negotiated capabilities.
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> payload, change_user_request& out,
                                     std::uint32_t capabilities);
// Client side (tests): writes every part the capabilities call for.
std::vector<std::uint8_t> serialize(const change_user_request& req, std::uint32_t capabilities);

}  // namespace qproxy::protocol
