#include "proxy/session/session.hpp"

#include "proxy/auth/crypto.hpp"
#include "proxy/protocol/commands.hpp"
#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/change_user.hpp"
#include "proxy/protocol/framing.hpp"
#include "proxy/protocol/handshake.hpp"
#include "proxy/protocol/resultset.hpp"
#include "proxy/protocol/response.hpp"
#include "czar/query_job.hpp"
#include "proxy/session/response_writer.hpp"
#include "proxy/session/statement_executor.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"

#include <fmt/format.h>

namespace qproxy::session {

using protocol::command;

session::session(server_context& server, session_state state)
    : server_(server), state_(std::move(state)), executor_(std::make_unique<statement_executor>(server_, state_)) {}

session::~session() = default;

response_writer session::writer() {
    response_writer w(state_.capabilities, seq_);
    w.set_status(state_.status_flags());
    return w;
}

io_action session::respond(response_writer&& w, io_action::next_step next) {
    seq_ = w.next_seq();
    return {w.take(), next};
}

io_action session::error(const sql_error& e) {
    auto w = writer();
    w.err(e);
    return respond(std::move(w));
}

io_action session::ok_response() {
    auto w = writer();
    protocol::ok_packet ok;
    ok.status = state_.status_flags();
    w.ok(ok);
    return respond(std::move(w));
}

io_action session::handle(std::span<const std::uint8_t> payload, std::uint8_t seq) {
    if (change_) {
        // The next packet of a COM_CHANGE_USER authentication exchange.
        if (seq != seq_) return {{}, io_action::next_step::close};
        ++seq_;
        return change_user_step(change_->auth.resume(payload));
    }
    if (executor_->receiving_infile()) {
        // The next packet of a LOAD DATA LOCAL INFILE file.
        if (seq != seq_) return {{}, io_action::next_step::close};
        ++seq_;
        auto w = writer();
        auto next = executor_->infile_packet(payload, w);
        return respond(std::move(w), next);
    }
    // Every command starts a new sequence.
    if (seq != 0) return {{}, io_action::next_step::close};
    seq_ = 1;
    server_.stats.questions.fetch_add(1, std::memory_order_relaxed);
    state_.interrupted = false;
    return dispatch(payload);
}

io_action session::dispatch(std::span<const std::uint8_t> payload) {
    if (payload.empty()) return error({er::unknown_com, "08S01", "Unknown command"});
    auto body = payload.subspan(1);
    std::string_view text(reinterpret_cast<const char*>(body.data()), body.size());
    switch (static_cast<command>(payload[0])) {
    case command::quit: return {{}, io_action::next_step::close};
    case command::query: return com_query(text);
    case command::init_db: return com_init_db(text);
    case command::ping: return ok_response();
    case command::field_list: return com_field_list(payload);
    case command::statistics: return com_statistics();
    case command::process_kill: return com_process_kill(payload);
    case command::reset_connection: return com_reset_connection();
    case command::change_user: return com_change_user(payload);
    case command::set_option: return com_set_option(payload);
    case command::stmt_prepare: return com_stmt_prepare(text);
    case command::stmt_execute: return com_stmt_execute(payload);
    case command::stmt_send_long_data: return com_stmt_send_long_data(payload);
    case command::stmt_close: return com_stmt_close(payload);
    case command::stmt_reset: return com_stmt_reset(payload);
    default: return error({er::unknown_com, "08S01", "Unknown command"});
    }
}

io_action session::com_query(std::string_view sql) {
    auto w = writer();
    auto next = executor_->run_query(sql, w);
    return respond(std::move(w), next);
}

io_action session::resume() {
    auto w = writer();
    auto next = executor_->committing_infile() ? executor_->finish_infile(w) : executor_->resume(w);
    return respond(std::move(w), next);
}

bool session::pending_ready() const { return executor_->pending_ready(); }
std::shared_ptr<czar::query_job> session::pending_job() const { return executor_->pending_job(); }
void session::on_pending_ready(std::function<void()> callback) { executor_->on_pending_ready(std::move(callback)); }

std::vector<std::uint8_t> session::progress_report() {
    auto job = executor_->pending_job();
    if (!job || !state_.progress_reports) return {};
    const auto total = job->chunks_total();
    const auto done = std::min(job->chunks_done.load(), total);
    auto w = writer();
    w.raw(protocol::serialize_progress(1, 1, total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 0.0,
                                       fmt::format("chunks {}/{}", done, total)));
    seq_ = w.next_seq();
    return w.take();
}

void session::interrupt() {
    state_.interrupted = true;
    executor_->interrupt();
}

io_action session::com_init_db(std::string_view db) {
    if (auto r = executor_->use_database(db); r.has_error()) return error(r.error());
    return ok_response();
}

io_action session::com_field_list(std::span<const std::uint8_t> body) {
    protocol::field_list_request req;
    if (protocol::deserialize(body, req)) return error({er::unknown_com, "08S01", "Malformed COM_FIELD_LIST"});
    auto cols = executor_->field_list(req.table, req.wildcard);
    if (cols.has_error()) return error(cols.error());
    auto w = writer();
    w.columns(cols.value(), true);
    w.eof(state_.status_flags(), 0);  // COM_FIELD_LIST always ends with EOF, even with DEPRECATE_EOF
    return respond(std::move(w));
}

io_action session::com_statistics() {
    auto w = writer();
    const auto& s = server_.stats;
    auto uptime = s.uptime_seconds();
    auto text = fmt::format(
        "Uptime: {}  Threads: {}  Questions: {}  Slow queries: 0  Opens: 0  Flush tables: 1  Open tables: 0  "
        "Queries per second avg: {:.3f}",
        uptime, s.threads_connected.load(), s.questions.load(),
        uptime ? static_cast<double>(s.questions.load()) / static_cast<double>(uptime) : 0.0);
    // COM_STATISTICS answers with a bare string, not an OK packet.
    w.raw(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    return respond(std::move(w));
}

io_action session::com_process_kill(std::span<const std::uint8_t> body) {
    protocol::process_kill req;
    if (protocol::deserialize(body, req)) return error({er::unknown_com, "08S01", "Malformed COM_PROCESS_KILL"});
    auto w = writer();
    auto next = executor_->kill(req.connection_id, false, w);
    return respond(std::move(w), next);
}

io_action session::com_reset_connection() {
    executor_->reset();
    return ok_response();
}

io_action session::com_set_option(std::span<const std::uint8_t> body) {
    protocol::set_option req;
    if (protocol::deserialize(body, req) || req.option > protocol::set_option_value::multi_statements_off)
        return error({er::unknown_com, "08S01", "Unknown command"});
    // MySQL answers COM_SET_OPTION with an EOF packet.
    if (req.option == protocol::set_option_value::multi_statements_on) state_.capabilities |= protocol::capability::multi_statements;
    else state_.capabilities &= ~protocol::capability::multi_statements;
    auto w = writer();
    w.eof(state_.status_flags(), 0);
    return respond(std::move(w));
}

io_action session::com_change_user(std::span<const std::uint8_t> body) {
    protocol::change_user_request req;
    if (protocol::deserialize(body, req, state_.capabilities))
        return error({er::unknown_com, "08S01", "Malformed COM_CHANGE_USER"});
    // The handshake's scramble is reused, as MySQL does for COM_CHANGE_USER.
    change_.emplace(pending_change{
        authenticator({server_.accounts, server_.sha2_cache, server_.rsa}, state_.scramble, state_.secure,
                      state_.client_host),
        std::move(req)});
    auto plugin = change_->request.auth_plugin.empty() ? std::string() : change_->request.auth_plugin;
    return change_user_step(change_->auth.begin(change_->request.user, plugin,
                                                 auth::as_bytes(change_->request.auth_response)));
}

io_action session::change_user_step(const authenticator::step& step) {
    auto w = writer();
    for (auto& p : step.packets) w.raw(p);
    switch (step.result) {
    case authenticator::step::outcome::more: return respond(std::move(w));
    case authenticator::step::outcome::denied:
        change_.reset();
        w.err(*step.error);
        // MySQL closes the connection after a failed COM_CHANGE_USER.
        return respond(std::move(w), io_action::next_step::close);
    case authenticator::step::outcome::success: break;
    }
    auto request = std::move(change_->request);
    const auto account = change_->auth.account();
    change_.reset();
    executor_->reset();
    state_.user = request.user;
    state_.account_host = account.host;
    state_.database.clear();
    if (!request.database.empty()) {
        if (auto r = executor_->use_database(request.database); r.has_error()) {
            w.err(r.error());
            return respond(std::move(w));
        }
    }
    protocol::ok_packet ok;
    ok.status = state_.status_flags();
    w.ok(ok);
    return respond(std::move(w));
}

}  // namespace qproxy::session
