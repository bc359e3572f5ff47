#include "proxy/protocol/handshake.hpp"

#include <boost/endian/conversion.hpp>

#include <algorithm>
#include <cassert>

namespace qproxy::protocol {
namespace {

constexpr std::size_t scramble_part1 = 8;
constexpr std::size_t auth_plugin_data_len = scramble_size + 1;  // 21, counting the NUL
constexpr std::size_t response_filler = 19;                     // 23 filler bytes = 19 + 4 MariaDB caps

std::string to_string(std::string_view s) { return std::string(s); }

// The 32-byte head shared by SSLRequest and HandshakeResponse41.
error_code read_head(reader& r, std::uint32_t& caps, std::uint32_t& max_packet, std::uint8_t& charset,
                     std::uint32_t& ext_caps) {
    if (auto ec = r.get_u32(caps)) return ec;
    if (auto ec = r.get_u32(max_packet)) return ec;
    if (auto ec = r.get_u8(charset)) return ec;
    if (auto ec = r.skip(response_filler)) return ec;
    std::uint32_t ext = 0;
    if (auto ec = r.get_u32(ext)) return ec;
    // MariaDB clients clear CLIENT_MYSQL exactly when they fill these 4 bytes.
    ext_caps = (caps & capability::long_password) ? 0 : ext;
    if (!(caps & capability::protocol_41)) return make_error_code(errc::protocol_value_error);
    return {};
}

void write_head(writer& w, std::uint32_t caps, std::uint32_t max_packet, std::uint8_t charset, std::uint32_t ext) {
    w.put_u32(caps);
    w.put_u32(max_packet);
    w.put_u8(charset);
    w.put_zeros(response_filler);
    w.put_u32((caps & capability::long_password) ? 0 : ext);
}

}  // namespace

// ---- HandshakeV10 --------------------------------------------------------------

void serialize(const handshake_v10& hs, writer& w) {
    const std::uint32_t caps = hs.capabilities;
    w.put_u8(handshake_protocol_version);
    w.put_null_string(hs.server_version);
    w.put_u32(hs.connection_id);
    w.put_bytes(std::span<const std::uint8_t>(hs.scramble).first(scramble_part1));
    w.put_u8(0);  // filler
    w.put_u16(static_cast<std::uint16_t>(caps & 0xffff));
    w.put_u8(hs.charset);
    w.put_u16(hs.status);
    w.put_u16(static_cast<std::uint16_t>(caps >> 16));
    w.put_u8((caps & capability::plugin_auth) ? auth_plugin_data_len : 0);
    w.put_zeros(6);
    // MariaDB: the last 4 of the 10 reserved bytes carry extended capabilities
    // when CLIENT_MYSQL (long_password) is clear.
    if (caps & capability::long_password) {
        w.put_zeros(4);
    } else {
        w.put_u32(hs.mariadb_ext_caps);
    }
    if (caps & capability::secure_connection) {
        // max(13, auth_plugin_data_len - 8) = 13: 12 scramble bytes and a NUL.
        w.put_bytes(std::span<const std::uint8_t>(hs.scramble).subspan(scramble_part1));
        w.put_u8(0);
    }
    if (caps & capability::plugin_auth) w.put_null_string(hs.auth_plugin);
}

std::vector<std::uint8_t> serialize(const handshake_v10& hs) {
    writer w;
    serialize(hs, w);
    return w.take();
}

error_code deserialize(std::span<const std::uint8_t> in, handshake_v10& out) {
    reader r(in);
    std::uint8_t version = 0, filler = 0, data_len = 0;
    std::uint16_t caps_lo = 0, caps_hi = 0;
    std::string_view server_version;
    std::span<const std::uint8_t> part1;
    if (auto ec = r.get_u8(version)) return ec;
    if (version != handshake_protocol_version) return make_error_code(errc::protocol_value_error);
    if (auto ec = r.get_null_string(server_version)) return ec;
    if (auto ec = r.get_u32(out.connection_id)) return ec;
    if (auto ec = r.get_fixed(scramble_part1, part1)) return ec;
    if (auto ec = r.get_u8(filler)) return ec;
    if (auto ec = r.get_u16(caps_lo)) return ec;
    if (auto ec = r.get_u8(out.charset)) return ec;
    if (auto ec = r.get_u16(out.status)) return ec;
    if (auto ec = r.get_u16(caps_hi)) return ec;
    if (auto ec = r.get_u8(data_len)) return ec;
    if (auto ec = r.skip(6)) return ec;
    std::uint32_t ext = 0;
    if (auto ec = r.get_u32(ext)) return ec;
    out.server_version = to_string(server_version);
    out.capabilities = caps_lo | (static_cast<std::uint32_t>(caps_hi) << 16);
    out.mariadb_ext_caps = (out.capabilities & capability::long_password) ? 0 : ext;
    out.scramble = {};
    std::copy(part1.begin(), part1.end(), out.scramble.begin());
    if (out.capabilities & capability::secure_connection) {
        const std::size_t part2_len = std::max<std::size_t>(13, data_len > 8 ? data_len - 8u : 0u);
        std::span<const std::uint8_t> part2;
        if (auto ec = r.get_fixed(part2_len, part2)) return ec;
        const auto n = std::min<std::size_t>(scramble_size - scramble_part1, part2.size());
        std::copy_n(part2.begin(), n, out.scramble.begin() + scramble_part1);
    }
    out.auth_plugin.clear();
    if (out.capabilities & capability::plugin_auth) {
        std::string_view plugin;
        if (auto ec = r.get_null_string(plugin)) return ec;
        out.auth_plugin = to_string(plugin);
    }
    return r.check_finished();
}

// ---- SSLRequest -----------------------------------------------------------------

bool is_ssl_request(std::span<const std::uint8_t> in) noexcept {
    return in.size() == ssl_request_size && (boost::endian::load_little_u32(in.data()) & capability::ssl);
}

error_code deserialize(std::span<const std::uint8_t> in, ssl_request& out) {
    reader r(in);
    if (auto ec = read_head(r, out.capabilities, out.max_packet, out.charset, out.mariadb_ext_caps)) return ec;
    if (!(out.capabilities & capability::ssl)) return make_error_code(errc::protocol_value_error);
    return r.check_finished();
}

std::vector<std::uint8_t> serialize(const ssl_request& req) {
    writer w;
    write_head(w, req.capabilities, req.max_packet, req.charset, req.mariadb_ext_caps);
    return w.take();
}

// ---- HandshakeResponse41 --------------------------------------------------------

error_code deserialize(std::span<const std::uint8_t> in, handshake_response& out, std::uint32_t server_capabilities) {
    reader r(in);
    if (auto ec = read_head(r, out.capabilities, out.max_packet, out.charset, out.mariadb_ext_caps)) return ec;
    const std::uint32_t caps = out.capabilities & server_capabilities;

    std::string_view user, auth, database, plugin;
    if (auto ec = r.get_null_string(user)) return ec;
    if (caps & capability::plugin_auth_lenenc_client_data) {
        if (auto ec = r.get_lenenc_string(auth)) return ec;
    } else if (caps & capability::secure_connection) {
        std::uint8_t len = 0;
        if (auto ec = r.get_u8(len)) return ec;
        if (auto ec = r.get_fixed_string(len, auth)) return ec;
    } else {
        if (auto ec = r.get_null_string(auth)) return ec;
    }
    if (caps & capability::connect_with_db) {
        if (auto ec = r.get_null_string(database)) return ec;
    }
    if (caps & capability::plugin_auth) {
        if (auto ec = r.get_null_string(plugin)) return ec;
    }
    out.attributes.clear();
    if (caps & capability::connect_attrs) {
        if (auto ec = read_connect_attrs(r, out.attributes)) return ec;
    }
    if (auto ec = r.check_finished()) return ec;
    out.user = to_string(user);
    out.auth_response = to_string(auth);
    out.database = to_string(database);
    out.auth_plugin = to_string(plugin);
    return {};
}

std::vector<std::uint8_t> serialize(const handshake_response& resp) {
    writer w;
    const std::uint32_t caps = resp.capabilities;
    write_head(w, caps, resp.max_packet, resp.charset, resp.mariadb_ext_caps);
    w.put_null_string(resp.user);
    if (caps & capability::plugin_auth_lenenc_client_data) {
        w.put_lenenc_string(resp.auth_response);
    } else if (caps & capability::secure_connection) {
        assert(resp.auth_response.size() <= 0xff);
        const auto len = std::min<std::size_t>(resp.auth_response.size(), 0xff);
        w.put_u8(static_cast<std::uint8_t>(len));
        w.put_bytes(std::string_view(resp.auth_response).substr(0, len));
    } else {
        w.put_null_string(resp.auth_response);
    }
    if (caps & capability::connect_with_db) w.put_null_string(resp.database);
    if (caps & capability::plugin_auth) w.put_null_string(resp.auth_plugin);
    if (caps & capability::connect_attrs) write_connect_attrs(w, resp.attributes);
    return w.take();
}

// ---- AuthSwitchRequest / AuthMoreData -------------------------------------------

auth_switch_request make_auth_switch(std::string plugin, std::span<const std::uint8_t, scramble_size> scramble) {
    auth_switch_request req{std::move(plugin), std::vector<std::uint8_t>(scramble.begin(), scramble.end())};
    req.data.push_back(0);
    return req;
}

std::vector<std::uint8_t> serialize(const auth_switch_request& req) {
    writer w;
    w.put_u8(0xfe);
    w.put_null_string(req.plugin);
    w.put_bytes(req.data);
    return w.take();
}

error_code deserialize(std::span<const std::uint8_t> in, auth_switch_request& out) {
    reader r(in);
    std::uint8_t header = 0;
    std::string_view plugin;
    if (auto ec = r.get_u8(header)) return ec;
    if (header != 0xfe) return make_error_code(errc::protocol_value_error);
    if (auto ec = r.get_null_string(plugin)) return ec;
    const auto data = r.get_eof_bytes();
    out.plugin = to_string(plugin);
    out.data.assign(data.begin(), data.end());
    return {};
}

std::vector<std::uint8_t> serialize(const auth_more_data& msg) {
    writer w;
    w.put_u8(0x01);
    w.put_bytes(msg.data);
    return w.take();
}

error_code deserialize(std::span<const std::uint8_t> in, auth_more_data& out) {
    reader r(in);
    std::uint8_t header = 0;
    if (auto ec = r.get_u8(header)) return ec;
    if (header != 0x01) return make_error_code(errc::protocol_value_error);
    const auto data = r.get_eof_bytes();
    out.data.assign(data.begin(), data.end());
    return {};
}

}  // namespace qproxy::protocol
