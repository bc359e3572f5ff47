// The connection phase as an I/O-free state machine: greeting, optional TLS
// upgrade, handshake response, authentication exchange, OK or ERR.
// The connection coroutine performs each returned action and feeds back packets.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html
#pragma once

#include "proxy/protocol/handshake.hpp"
#include "proxy/session/authenticator.hpp"

#include <memory>
#include <optional>
#include <string>

namespace qproxy::storage {
class catalog;
}

namespace qproxy::session {

// What the driver does after writing `bytes` (already framed).
struct io_action {
    // wait: a query runs on the czar; wait until it is done (sending progress
    // reports meanwhile), then call session::resume(). write_more: call
    // session::resume() right after writing (a result streams in pieces).
    enum class next_step { read, tls_then_read, established, close, wait, write_more };
    std::vector<std::uint8_t> bytes;
    next_step next = next_step::read;
};

struct handshake_services {
    auth_services auth;
    const storage::catalog& catalog;
};

class handshake {
public:
    handshake(const handshake_services& services, std::uint32_t connection_id, std::string client_host,
              bool tls_available);

    io_action start();
    io_action on_packet(std::span<const std::uint8_t> payload, std::uint8_t seq);
    void on_tls_established() { secure_ = true; }

    // Valid once `established` was returned.
    const protocol::handshake_response& response() const { return response_; }
    const storage::account& account() const { return auth_->account(); }
    bool secure() const { return secure_; }
    std::uint32_t capabilities() const { return response_.capabilities; }
    // Whether the client handles MariaDB progress reports: it negotiated the
    // extended capability, or it is the interactive mariadb/mysql CLI on
    // libmariadb, which installs a progress callback and then accepts them
    // from any server (ma_net_safe_read) although it only announces the
    // capability to servers calling themselves MariaDB.
    bool progress_reports() const;
    const authenticator::scramble_t& scramble() const { return scramble_; }

private:
    enum class state { greeting_sent, authenticating, done };

    io_action on_response(std::span<const std::uint8_t> payload);
    io_action finish(const authenticator::step& step);
    // Appends the ERR packet to `a` and ends the connection.
    io_action fail(const sql_error& error, io_action a = {});

    const handshake_services& services_;
    std::uint32_t connection_id_;
    std::string client_host_;
    bool tls_available_;
    bool secure_ = false;
    authenticator::scramble_t scramble_{};
    std::uint8_t seq_ = 0;  // next sequence id we send
    state state_ = state::greeting_sent;
    protocol::handshake_response response_;
    std::optional<authenticator> auth_;
};

// The capabilities qproxy offers (TLS added when a certificate is loaded).
std::uint32_t server_capabilities(bool tls_available);

}  // namespace qproxy::session
