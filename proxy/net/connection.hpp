// One client connection: drives the handshake and session state machines
// over a TCP (optionally TLS) socket. Every read has a deadline; a watchdog
// closes the socket when it passes.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include "proxy/protocol/framing.hpp"
#include "proxy/session/server_context.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <optional>

namespace qproxy::session {
class session;
}

namespace qproxy::net {

struct connection_limits {
    unsigned max_connections;
    std::chrono::seconds handshake_timeout;
};

class connection : public std::enable_shared_from_this<connection> {
public:
    connection(boost::asio::ip::tcp::socket socket, session::server_context& context,
               boost::asio::ssl::context* tls, const connection_limits& limits);

    boost::asio::awaitable<void> run();

private:
    using tcp = boost::asio::ip::tcp;
    enum class read_result { packet, closed };

    boost::asio::awaitable<void> serve();
    boost::asio::awaitable<void> watchdog();
    boost::asio::awaitable<read_result> read_packet(std::vector<std::uint8_t>& payload, std::uint8_t& seq,
                                                    bool exact = false);
    boost::asio::awaitable<bool> write(const std::vector<std::uint8_t>& bytes);
    boost::asio::awaitable<bool> start_tls();
    // Until the session's pending query is done; false when the connection went away.
    boost::asio::awaitable<bool> wait_query(session::session& s);
    void set_deadline(std::chrono::seconds timeout);
    void close();

    tcp::socket socket_;
    session::server_context& context_;
    boost::asio::ssl::context* tls_context_;
    std::optional<boost::asio::ssl::stream<tcp::socket&>> tls_;
    connection_limits limits_;
    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::time_point deadline_;
    protocol::packet_assembler in_;
    std::size_t read_size_ = 512;
    std::uint32_t id_ = 0;
    std::string peer_;
    bool closed_ = false;
    bool timed_out_ = false;
};

}  // namespace qproxy::net
