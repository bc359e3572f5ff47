#include "proxy/net/connection.hpp"

#include "parser/error.hpp"
#include "proxy/protocol/response.hpp"
#include "proxy/session/handshake.hpp"
#include "czar/query_job.hpp"
#include "proxy/session/session.hpp"
#include "storage/accounts.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

namespace qproxy::net {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using next_step = session::io_action::next_step;

namespace {
// Reads start small so idle connections stay cheap, double while they fill
// the buffer (a big packet arriving), and drop back once they do not.
constexpr std::size_t min_read = 512;
constexpr std::size_t max_read = 256 * 1024;
}  // namespace

connection::connection(tcp::socket socket, session::server_context& context, asio::ssl::context* tls,
                       const connection_limits& limits)
    : socket_(std::move(socket)),
      context_(context),
      tls_context_(tls),
      limits_(limits),
      timer_(socket_.get_executor()),
      in_(context.max_allowed_packet) {
    boost::system::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    peer_ = ec ? "unknown" : ep.address().to_string();
    socket_.non_blocking(true, ec);  // write()'s direct send must never wait
}

awaitable<void> connection::run() {
    auto self = shared_from_this();
    set_deadline(limits_.handshake_timeout);
    asio::co_spawn(socket_.get_executor(), [self]() { return self->watchdog(); }, asio::detached);
    try {
        co_await serve();
    } catch (const std::exception& e) {
        // A bug in one session must not take the server down: log and drop this client.
        spdlog::error("connection {} from {}: {}", id_, peer_, e.what());
    }
    close();
}

void connection::set_deadline(std::chrono::seconds timeout) {
    deadline_ = std::chrono::steady_clock::now() + timeout;
}

// Sleeps until the deadline; readers only move `deadline_`, so a busy
// connection costs no timer operations per packet.
awaitable<void> connection::watchdog() {
    while (!closed_) {
        timer_.expires_at(deadline_);
        boost::system::error_code ec;
        co_await timer_.async_wait(asio::redirect_error(use_awaitable, ec));
        if (!closed_ && std::chrono::steady_clock::now() >= deadline_) {
            timed_out_ = true;
            close();
        }
    }
}

void connection::close() {
    if (closed_) return;
    closed_ = true;
    // close() alone: it ends the TCP connection and cancels this socket's
    // pending operations; a shutdown() first would be one more syscall per
    // connection (5 % of a connect + authenticate + quit).
    boost::system::error_code ec;
    socket_.close(ec);
    timer_.cancel();
}

awaitable<bool> connection::write(const std::vector<std::uint8_t>& bytes) {
    if (bytes.empty()) co_return true;
    boost::system::error_code ec;
    if (tls_) {
        co_await asio::async_write(*tls_, asio::buffer(bytes), asio::redirect_error(use_awaitable, ec));
    } else {
        // Most responses fit the socket buffer: sending at once saves the async
        // write's round trip through the event loop (a posted completion and
        // one more epoll_wait per command). The rest, if any, goes async.
        const auto sent = socket_.write_some(asio::buffer(bytes), ec);
        if (ec == asio::error::would_block) ec = {};
        if (!ec && sent < bytes.size())
            co_await asio::async_write(socket_, asio::buffer(bytes.data() + sent, bytes.size() - sent),
                                       asio::redirect_error(use_awaitable, ec));
    }
    if (ec) co_return false;
    context_.stats.bytes_sent.fetch_add(bytes.size(), std::memory_order_relaxed);
    co_return true;
}

awaitable<connection::read_result> connection::read_packet(std::vector<std::uint8_t>& payload, std::uint8_t& seq,
                                                           bool exact) {
    if (exact) {
        // Before a possible TLS upgrade, read exactly one packet: the client may
        // send its TLS ClientHello right behind the SSL request, and those bytes
        // must stay in the socket for the TLS stream.
        std::array<std::uint8_t, protocol::frame_header_size> header{};
        boost::system::error_code ec;
        co_await asio::async_read(socket_, asio::buffer(header), asio::redirect_error(use_awaitable, ec));
        if (ec) co_return read_result::closed;
        in_.feed(header);
        std::size_t size = header[0] | header[1] << 8 | header[2] << 16;
        if (size > 0 && size < protocol::max_packet_payload && size <= in_.max_payload()) {
            auto buf = in_.prepare(size);
            co_await asio::async_read(socket_, asio::buffer(buf.data(), buf.size()), asio::redirect_error(use_awaitable, ec));
            if (ec) co_return read_result::closed;
            in_.commit(size);
        }
        context_.stats.bytes_received.fetch_add(header.size() + size, std::memory_order_relaxed);
    }
    for (;;) {
        auto ec = in_.next(payload, seq);
        if (!ec) co_return read_result::packet;
        if (!protocol::is_need_more(ec)) {
            if (ec == protocol::make_error_code(protocol::errc::packet_too_large)) {
                std::uint8_t s = static_cast<std::uint8_t>(in_.last_seq() + 1);
                std::vector<std::uint8_t> out;
                protocol::append_packet(out,
                                        protocol::serialize(protocol::err_packet{
                                            er::net_packet_too_large, "08S01",
                                            "Got a packet bigger than 'max_allowed_packet' bytes"}),
                                        s);
                co_await write(out);
            }
            spdlog::info("connection {} from {}: closing on a malformed packet: {}", id_, peer_, ec.message());
            co_return read_result::closed;
        }
        auto buf = in_.prepare(read_size_);
        boost::system::error_code rec;
        std::size_t n = tls_ ? co_await tls_->async_read_some(asio::buffer(buf.data(), buf.size()),
                                                              asio::redirect_error(use_awaitable, rec))
                             : co_await socket_.async_read_some(asio::buffer(buf.data(), buf.size()),
                                                                asio::redirect_error(use_awaitable, rec));
        in_.commit(n);
        read_size_ = n == read_size_ ? std::min(read_size_ * 2, max_read) : min_read;
        context_.stats.bytes_received.fetch_add(n, std::memory_order_relaxed);
        if (rec) {
            if (timed_out_) spdlog::info("connection {} from {}: timed out", id_, peer_);
            co_return read_result::closed;
        }
    }
}

awaitable<bool> connection::start_tls() {
    tls_.emplace(socket_, *tls_context_);
    boost::system::error_code ec;
    co_await tls_->async_handshake(asio::ssl::stream_base::server, asio::redirect_error(use_awaitable, ec));
    if (ec) {
        spdlog::info("connection {} from {}: TLS handshake failed: {}", id_, peer_, ec.message());
        co_return false;
    }
    co_return true;
}

awaitable<void> connection::serve() {
    auto& stats = context_.stats;
    stats.connections.fetch_add(1, std::memory_order_relaxed);
    if (context_.connections.size() >= limits_.max_connections) {
        std::vector<std::uint8_t> out;
        std::uint8_t seq = 0;
        protocol::append_packet(out, protocol::serialize(protocol::err_packet{er::con_count, "08004", "Too many connections"}), seq);
        co_await write(out);
        spdlog::info("connection from {} refused: too many connections", peer_);
        co_return;
    }
    id_ = context_.connections.next_id();
    spdlog::info("connection {} from {} opened", id_, peer_);
    struct registration {
        session::server_context& ctx;
        std::uint32_t id;
        const std::string& peer;
        ~registration() {
            ctx.connections.remove(id);
            ctx.stats.threads_connected.fetch_sub(1);
            spdlog::info("connection {} from {} closed", id, peer);
        }
    } reg{context_, id_, peer_};
    auto now_connected = stats.threads_connected.fetch_add(1) + 1;
    for (auto seen = stats.max_used_connections.load(); now_connected > seen &&
                                                          !stats.max_used_connections.compare_exchange_weak(seen, now_connected);) {
    }

    session::handshake_services hs_services{{context_.accounts, context_.sha2_cache, context_.rsa}, context_.catalog};
    session::handshake hs(hs_services, id_, peer_, tls_context_ != nullptr);
    std::vector<std::uint8_t> payload;
    std::uint8_t seq = 0;
    bool first = true;
    for (auto a = hs.start();;) {
        if (!co_await write(a.bytes)) co_return;
        if (a.next == next_step::close) {
            stats.aborted_connects.fetch_add(1);
            spdlog::info("connection {} from {}: authentication failed for user '{}'", id_, peer_, hs.response().user);
            co_return;
        }
        if (a.next == next_step::established) break;
        if (a.next == next_step::tls_then_read) {
            if (!co_await start_tls()) co_return;
            hs.on_tls_established();
        }
        if (co_await read_packet(payload, seq, first && tls_context_) == read_result::closed) co_return;
        first = false;
        a = hs.on_packet(payload, seq);
    }

    session::session_state state(context_.globals);
    state.connection_id = id_;
    state.user = hs.response().user;
    state.account_host = hs.account().host;
    state.client_host = peer_;
    state.database = hs.response().database;
    state.capabilities = hs.capabilities();
    state.progress_reports = hs.progress_reports();
    state.secure = hs.secure();
    state.scramble = hs.scramble();
    state.max_allowed_packet = context_.max_allowed_packet;
    if (tls_) {
        state.tls_version = SSL_get_version(tls_->native_handle());
        state.tls_cipher = SSL_get_cipher_name(tls_->native_handle());
    }
    spdlog::info("connection {} from {}: user '{}' authenticated{}", id_, peer_, state.user, tls_ ? " over TLS" : "");
    session::session s(context_, std::move(state));

    std::weak_ptr<connection> weak = weak_from_this();
    auto executor = socket_.get_executor();
    context_.connections.add(id_, {s.state().user, peer_, [weak, executor, &s](bool query_only) {
                                       asio::post(executor, [weak, query_only, &s] {
                                           auto self = weak.lock();
                                           if (!self || self->closed_) return;
                                           if (query_only) s.interrupt();
                                           else self->close();
                                       });
                                   }});
    for (;;) {
        set_deadline(std::chrono::seconds(s.state().vars.get_uint("wait_timeout")));
        if (co_await read_packet(payload, seq) == read_result::closed) co_return;
        auto a = s.handle(payload, seq);
        if (payload.capacity() > 64 * 1024) std::vector<std::uint8_t>().swap(payload);  // keep idle sessions small
        for (;;) {
            if (!co_await write(a.bytes) || a.next == next_step::close) co_return;
            if (a.next == next_step::read) break;
            if (a.next == next_step::wait && !co_await wait_query(s)) co_return;
            a = s.resume();
        }
    }
}

awaitable<bool> connection::wait_query(session::session& s) {
    if (s.pending_ready()) co_return true;
    if (!s.pending_job()) {
        // SUBMIT waits a moment for its history row: no progress to report,
        // nothing to cancel, so no timer either; the czar's callback resumes us.
        co_await asio::async_initiate<decltype(use_awaitable), void()>(
            [&s, executor = socket_.get_executor()](auto handler) {
                auto h = std::make_shared<decltype(handler)>(std::move(handler));
                s.on_pending_ready([h, executor] { asio::post(executor, std::move(*h)); });
            },
            use_awaitable);
        co_return !closed_;
    }
    // The czar wakes us through the timer; a tick each second sends progress.
    // A statement left unfinished ends with the session (its SYNC query is
    // cancelled then, a SUBMITted one runs on).
    auto timer = std::make_shared<asio::steady_timer>(socket_.get_executor());
    s.on_pending_ready([timer, executor = socket_.get_executor()] { asio::post(executor, [timer] { timer->cancel(); }); });
    while (!s.pending_ready()) {
        set_deadline(std::chrono::hours(24));  // a running statement is not an idle connection
        timer->expires_after(std::chrono::seconds(1));
        boost::system::error_code ec;
        co_await timer->async_wait(asio::redirect_error(use_awaitable, ec));
        if (closed_) co_return false;
        if (s.pending_ready()) break;
        if (!co_await write(s.progress_report())) co_return false;
    }
    co_return true;
}

}  // namespace qproxy::net
