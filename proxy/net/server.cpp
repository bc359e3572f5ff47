#include "proxy/net/server.hpp"

#include <pthread.h>
#include <utility>  // before Asio: Boost 1.74 misses it for std::exchange

#include "proxy/net/connection.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace qproxy::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// One io_context per I/O thread, connections dealt round-robin: a connection's
// handlers always run on its own thread (its implicit strand), with no
// cross-thread wake-ups per packet, which a shared io_context costs.
struct server::impl {
    impl(const server_options& o, session::server_context& c)
        : options(o),
          context(c),
          ios(make_contexts(o.io_threads)),
          acceptor(*ios.front()),
          signals(*ios.front(), SIGINT, SIGTERM),
          tls(asio::ssl::context::tls_server) {
        tcp::endpoint ep(asio::ip::make_address(o.host), o.port);
        acceptor.open(ep.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(ep);
        acceptor.listen(asio::socket_base::max_listen_connections);
        if (!o.tls_cert.empty()) {
            tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1);
            tls.use_certificate_chain_file(o.tls_cert.string());
            tls.use_private_key_file(o.tls_key.string(), asio::ssl::context::pem);
            // Idle TLS sessions should not keep OpenSSL's 34 KiB buffers.
            SSL_CTX_set_mode(tls.native_handle(), SSL_MODE_RELEASE_BUFFERS);
            tls_enabled = true;
        }
    }

    static std::vector<std::unique_ptr<asio::io_context>> make_contexts(unsigned n) {
        std::vector<std::unique_ptr<asio::io_context>> out;
        for (unsigned i = 0; i < std::max(1u, n); ++i) out.push_back(std::make_unique<asio::io_context>(1));
        return out;
    }

    asio::awaitable<void> accept_loop() {
        connection_limits limits{options.max_connections, options.handshake_timeout};
        for (std::size_t next = 0;; next = (next + 1) % ios.size()) {
            boost::system::error_code ec;
            auto executor = ios[next]->get_executor();
            tcp::socket socket(executor);
            co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
            if (ec == asio::error::operation_aborted) co_return;
            if (ec) {
                // EMFILE and friends: keep serving the clients we have.
                spdlog::warn("accept failed: {}", ec.message());
                continue;
            }
            socket.set_option(tcp::no_delay(true), ec);
            auto conn = std::make_shared<connection>(std::move(socket), context, tls_enabled ? &tls : nullptr, limits);
            asio::co_spawn(executor, [conn]() { return conn->run(); }, asio::detached);
        }
    }

    server_options options;
    session::server_context& context;
    std::vector<std::unique_ptr<asio::io_context>> ios;
    // Keeps the other contexts running while they have no connection yet.
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
    tcp::acceptor acceptor;
    asio::signal_set signals;
    asio::ssl::context tls;
    bool tls_enabled = false;
};

server::server(const server_options& options, session::server_context& context)
    : impl_(std::make_unique<impl>(options, context)) {}

server::~server() = default;

std::uint16_t server::port() const { return impl_->acceptor.local_endpoint().port(); }

void server::run() {
    auto& i = *impl_;
    i.signals.async_wait([this](const boost::system::error_code& ec, int sig) {
        if (!ec) spdlog::info("signal {}: shutting down", sig);
        stop();
    });
    asio::co_spawn(i.acceptor.get_executor(), i.accept_loop(), asio::detached);
    for (auto& io : i.ios) i.work.push_back(asio::make_work_guard(*io));
    std::vector<std::thread> threads;
    for (std::size_t t = 1; t < i.ios.size(); ++t) threads.emplace_back([&i, t] {
        pthread_setname_np(pthread_self(), "qproxy-io");  // top -H, perf
        i.ios[t]->run();
    });
    i.ios.front()->run();
    for (auto& t : threads) t.join();
}

void server::stop() {
    asio::post(*impl_->ios.front(), [this] {
        boost::system::error_code ec;
        impl_->acceptor.close(ec);
        impl_->signals.cancel(ec);
        for (auto& io : impl_->ios) io->stop();
    });
}

}  // namespace qproxy::net
