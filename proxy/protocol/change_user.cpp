#include "proxy/protocol/change_user.hpp"

#include "proxy/protocol/commands.hpp"
#include "proxy/protocol/constants.hpp"

#include <algorithm>
#include <cassert>

namespace qproxy::protocol {

error_code deserialize(std::span<const std::uint8_t> payload, change_user_request& out, std::uint32_t capabilities) {
    reader r(payload);
    std::string_view user, auth, database, plugin;
    if (auto ec = expect_command(r, command::change_user)) return ec;
    if (auto ec = r.get_null_string(user)) return ec;
    if (capabilities & capability::secure_connection) {
        std::uint8_t len = 0;
        if (auto ec = r.get_u8(len)) return ec;
        if (auto ec = r.get_fixed_string(len, auth)) return ec;
    } else {
        if (auto ec = r.get_null_string(auth)) return ec;
    }
    if (auto ec = r.get_null_string(database)) return ec;
    out.charset = 0;
    out.attributes.clear();
    // Everything below is "if more data" in the protocol.
    if (!r.empty()) {
        if (auto ec = r.get_u16(out.charset)) return ec;
        if ((capabilities & capability::plugin_auth) && !r.empty()) {
            if (auto ec = r.get_null_string(plugin)) return ec;
        }
        if ((capabilities & capability::connect_attrs) && !r.empty()) {
            if (auto ec = read_connect_attrs(r, out.attributes)) return ec;
        }
    }
    if (auto ec = r.check_finished()) return ec;
    out.user = std::string(user);
    out.auth_response = std::string(auth);
    out.database = std::string(database);
    out.auth_plugin = std::string(plugin);
    return {};
}

std::vector<std::uint8_t> serialize(const change_user_request& req, std::uint32_t capabilities) {
    writer w;
    w.put_u8(static_cast<std::uint8_t>(command::change_user));
    w.put_null_string(req.user);
    if (capabilities & capability::secure_connection) {
        assert(req.auth_response.size() <= 0xff);
        const auto len = std::min<std::size_t>(req.auth_response.size(), 0xff);
        w.put_u8(static_cast<std::uint8_t>(len));
        w.put_bytes(std::string_view(req.auth_response).substr(0, len));
    } else {
        w.put_null_string(req.auth_response);
    }
    w.put_null_string(req.database);
    w.put_u16(req.charset);
    if (capabilities & capability::plugin_auth) w.put_null_string(req.auth_plugin);
    if (capabilities & capability::connect_attrs) write_connect_attrs(w, req.attributes);
    return w.take();
}

}  // namespace qproxy::protocol
