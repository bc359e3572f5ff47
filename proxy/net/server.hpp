// The network face: an acceptor, N I/O threads each with its own io_context,
// one coroutine per connection pinned to one of them (its strand).
#pragma once

#include "proxy/session/server_context.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace qproxy::net {

struct server_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 4040;  // 0: an ephemeral port, see server::port()
    unsigned io_threads = 1;
    unsigned max_connections = 10000;
    std::chrono::seconds handshake_timeout{10};
    std::filesystem::path tls_cert;  // empty: no TLS
    std::filesystem::path tls_key;
};

class server {
public:
    // Binds at once; throws std::system_error when the address is unusable.
    server(const server_options& options, session::server_context& context);
    ~server();

    std::uint16_t port() const;
    // Serves until stop() or SIGINT/SIGTERM.
    void run();
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace qproxy::net
