// Connection-phase packets: the server greeting (HandshakeV10), the client's
// SSLRequest and HandshakeResponse41, AuthSwitchRequest and AuthMoreData.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_ssl_request.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_more_data.html
// MariaDB layout of the reserved bytes: https://mariadb.com/kb/en/connection/
#pragma once

#include "proxy/protocol/buffer.hpp"
#include "proxy/protocol/change_user.hpp"
#include "proxy/protocol/connect_attrs.hpp"
#include "proxy/protocol/constants.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace qproxy::protocol {

inline constexpr std::uint8_t handshake_protocol_version = 10;
inline constexpr std::size_t scramble_size = 20;
// SSLRequest is exactly the fixed 32-byte head of HandshakeResponse41.
inline constexpr std::size_t ssl_request_size = 32;

// HandshakeV10, as MySQL 8.0 sends it: scramble 8 + 12 bytes, auth-plugin-data
// length 21, the second part NUL-terminated, then the plugin name.
// The scramble should be 20 bytes of printable, non-NUL, non-'$' characters (as
// MySQL's generate_user_salt makes them): some drivers (Connector/J) mishandle
// other bytes, and the second part is NUL-terminated on the wire.
// mariadb_ext_caps (mariadb_capability::*) go in the last 4 reserved bytes only
// when capabilities lack capability::long_password; see constants.hpp.
struct handshake_v10 {
    std::string server_version;
    std::uint32_t connection_id = 0;
    std::array<std::uint8_t, scramble_size> scramble{};
    std::uint32_t capabilities = 0;
    std::uint8_t charset = 0;  // low byte of the server's default collation id
    std::uint16_t status = 0;
    std::uint32_t mariadb_ext_caps = 0;
    std::string auth_plugin;

    bool operator==(const handshake_v10&) const = default;
};

std::vector<std::uint8_t> serialize(const handshake_v10& hs);
void serialize(const handshake_v10& hs, writer& w);
// For tests and client-side tools. Accepts only the 4.1 layout we send.
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> in, handshake_v10& out);

// The 32-byte packet a client sends before starting TLS.
struct ssl_request {
    std::uint32_t capabilities = 0;
    std::uint32_t max_packet = 0;
    std::uint8_t charset = 0;
    std::uint32_t mariadb_ext_caps = 0;

    bool operator==(const ssl_request&) const = default;
};

// True when the payload is an SSLRequest: exactly 32 bytes and capability::ssl
// set. A full HandshakeResponse41 is always longer (it has at least the user's
// NUL), so length alone tells them apart.
bool is_ssl_request(std::span<const std::uint8_t> in) noexcept;
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> in, ssl_request& out);
std::vector<std::uint8_t> serialize(const ssl_request& req);

// HandshakeResponse41. `capabilities` is what the client sent; fields are
// parsed according to (client capabilities & server_capabilities), because
// libmariadb picks the auth-response encoding, the database and the plugin
// name from the SERVER's flags. mariadb_ext_caps is read from the last 4
// filler bytes when the client cleared capability::long_password (CLIENT_MYSQL),
// as MariaDB's server does; otherwise 0. The session should AND it with what
// the greeting offered. Clients that do not speak protocol 4.1 are rejected
// (errc::protocol_value_error). zstd compression is never offered, so its
// trailing level byte is not expected.
struct handshake_response {
    std::uint32_t capabilities = 0;
    std::uint32_t max_packet = 0;
    std::uint8_t charset = 0;
    std::uint32_t mariadb_ext_caps = 0;
    std::string user;
    std::string auth_response;  // raw bytes
    std::string database;
    std::string auth_plugin;
    connect_attributes attributes;

    bool operator==(const handshake_response&) const = default;
};

[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> in, handshake_response& out,
                                     std::uint32_t server_capabilities = 0xffffffffu);
// Client side, for tests and benchmarks: encodes per `capabilities` alone.
std::vector<std::uint8_t> serialize(const handshake_response& resp);

// 0xfe, plugin name NUL-terminated, plugin data. MySQL sends the 20-byte
// scramble followed by a NUL as data; make_auth_switch builds exactly that.
struct auth_switch_request {
    std::string plugin;
    std::vector<std::uint8_t> data;

    bool operator==(const auth_switch_request&) const = default;
};

auth_switch_request make_auth_switch(std::string plugin, std::span<const std::uint8_t, scramble_size> scramble);
std::vector<std::uint8_t> serialize(const auth_switch_request& req);
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> in, auth_switch_request& out);

// 0x01 + data: caching_sha2_password's fast-auth-ok (0x03), perform-full-auth
// (0x04) and the PEM public key. Client -> server auth data is a bare payload.
struct auth_more_data {
    std::vector<std::uint8_t> data;

    bool operator==(const auth_more_data&) const = default;
};

namespace caching_sha2 {
inline constexpr std::uint8_t fast_auth_ok = 0x03;
inline constexpr std::uint8_t perform_full_auth = 0x04;
inline constexpr std::uint8_t request_public_key = 0x02;  // client -> server
}  // namespace caching_sha2

std::vector<std::uint8_t> serialize(const auth_more_data& msg);
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> in, auth_more_data& out);

}  // namespace qproxy::protocol
