// One client session in the command phase, I/O-free: every command packet
// goes in, the response bytes and the driver's next step come out.
// The command loop follows ClickHouse's MySQLHandler: switch on the command
// byte into small com_* handlers; each turns its failure into exactly one ERR.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html
#pragma once

#include "proxy/session/handshake.hpp"
#include "proxy/session/response_writer.hpp"
#include "proxy/session/server_context.hpp"
#include "proxy/session/session_state.hpp"

#include <functional>
#include <memory>
#include <optional>

namespace qproxy::czar {
class query_job;
}

namespace qproxy::session {

class statement_executor;

class session {
public:
    session(server_context& server, session_state state);
    ~session();

    // A whole logical packet from the client with its sequence id.
    io_action handle(std::span<const std::uint8_t> payload, std::uint8_t seq);

    const session_state& state() const { return state_; }
    // After io_action wait / write_more: the next piece of the response.
    io_action resume();
    // During a `wait`: whether resume() can go on, and a callback (any
    // thread) for when it can.
    bool pending_ready() const;
    void on_pending_ready(std::function<void()> callback);
    // The SYNC query or fetch a `wait` waits for (progress, cancelling), if any.
    std::shared_ptr<czar::query_job> pending_job() const;
    // While waiting: a MariaDB progress report (framed), or nothing when the
    // client did not ask for them.
    std::vector<std::uint8_t> progress_report();

    // KILL QUERY from another connection lands here (on this session's strand).
    void interrupt();

private:
    io_action dispatch(std::span<const std::uint8_t> payload);
    io_action com_query(std::string_view sql);
    io_action com_init_db(std::string_view db);
    io_action com_field_list(std::span<const std::uint8_t> body);
    io_action com_statistics();
    io_action com_process_kill(std::span<const std::uint8_t> body);
    io_action com_reset_connection();
    io_action com_change_user(std::span<const std::uint8_t> body);
    io_action change_user_step(const authenticator::step& step);
    io_action com_set_option(std::span<const std::uint8_t> body);
    io_action com_stmt_prepare(std::string_view sql);
    io_action com_stmt_execute(std::span<const std::uint8_t> body);
    io_action com_stmt_send_long_data(std::span<const std::uint8_t> body);
    io_action com_stmt_close(std::span<const std::uint8_t> body);
    io_action com_stmt_reset(std::span<const std::uint8_t> body);

    io_action error(const sql_error& e);
    io_action ok_response();
    io_action respond(response_writer&& w, io_action::next_step next = io_action::next_step::read);
    response_writer writer();

    server_context& server_;
    session_state state_;
    std::unique_ptr<statement_executor> executor_;
    std::uint8_t seq_ = 0;  // next sequence id we send
    // COM_CHANGE_USER that is still exchanging authentication packets.
    struct pending_change {
        authenticator auth;
        protocol::change_user_request request;
    };
    std::optional<pending_change> change_;
};

}  // namespace qproxy::session
