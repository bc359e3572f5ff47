// Runs the statements of COM_QUERY and COM_STMT_EXECUTE: parse one at a
// time, route each statement kind to its handler, encode its outcome.
// Handlers live in exec_*.cpp, one concern per file.
#pragma once

#include "parser/ast.hpp"
#include "parser/error.hpp"
#include "parser/types.hpp"
#include "proxy/session/handshake.hpp"
#include "proxy/session/response_writer.hpp"
#include "proxy/session/server_context.hpp"
#include "proxy/session/session_state.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>

namespace qproxy::czar {
class session_view;
class query_job;
class infile_load;
class loader;
}  // namespace qproxy::czar

namespace qproxy::session {

struct ok_result {
    std::uint64_t affected_rows = 0;
    std::uint64_t last_insert_id = 0;
    std::string info;
};
struct close_result {};  // KILL of the session's own connection
// A result the czar holds, streamed once the query is done: a SYNC query's
// from the job (transient, gone with the stream), a fetch's from its result
// table; or SUBMIT's answer, sent once the query is registered.
struct pending_result {
    std::shared_ptr<czar::query_job> job;  // null: the result is complete already
    std::int64_t id = 0;
    bool submit = false;
};
// LOAD DATA LOCAL INFILE: ask the client for this file (its contents come next).
struct infile_request {
    std::string file;
};
using outcome = std::variant<ok_result, result_set, sql_error, close_result, pending_result, infile_request>;

class statement_executor {
public:
    statement_executor(server_context& server, session_state& state);
    ~statement_executor();

    // COM_QUERY: every statement of `sql` in order; stops at the first error.
    // A statement the czar runs suspends the batch (next_step wait / write_more).
    io_action::next_step run_query(std::string_view sql, response_writer& w);
    // COM_STMT_EXECUTE's one statement, encoded with binary rows.
    io_action::next_step deliver(const outcome& o, response_writer& w);
    // After wait / write_more: the next piece of the pending result, then the rest of the batch.
    io_action::next_step resume(response_writer& w);
    // While the statement waits (next_step wait): whether resume() can go
    // on, and a callback (any thread) for when it can.
    bool pending_ready() const;
    void on_pending_ready(std::function<void()> callback);
    // The SYNC query or fetch waited for, if any (progress reports, KILL QUERY).
    std::shared_ptr<czar::query_job> pending_job() const;
    // KILL QUERY: cancels the statement running on the czar, if any.
    void interrupt();
    // While LOAD DATA LOCAL INFILE receives its file (exec_load.cpp): each
    // packet goes to infile_packet; the empty one ends the file, then the
    // statement's OK or ERR goes out and the batch goes on.
    bool receiving_infile() const { return infile_.has_value() && !infile_->committing; }
    io_action::next_step infile_packet(std::span<const std::uint8_t> data, response_writer& w);
    // After the empty packet answered with a progress report (write_more): the commit and the OK.
    bool committing_infile() const { return infile_.has_value() && infile_->committing; }
    io_action::next_step finish_infile(response_writer& w);
    // While preparing: SELECTs on user tables report their columns without running.
    void set_describe_only(bool on) { describe_only_ = on; }
    // One statement's outcome, encoded; `more` sets MORE_RESULTS_EXISTS; binary rows for COM_STMT_EXECUTE.
    // Returns false when the outcome was an error (the batch stops).
    bool write_outcome(const outcome& o, response_writer& w, bool more, bool binary);
    // Runs a parsed statement whose text is `text` (for column names and errors).
    outcome execute(const sql::statement& stmt, std::string_view text);

    [[nodiscard]] sql_status use_database(std::string_view db);
    [[nodiscard]] sql_result<std::vector<column_meta>> field_list(std::string_view table, std::string_view wildcard);
    io_action::next_step kill(std::uint32_t id, bool query_only, response_writer& w);
    void reset();  // COM_RESET_CONNECTION, COM_CHANGE_USER

    const czar::session_view& view() const { return *view_; }

private:
    // Handlers, grouped by file.
    outcome exec_select(const sql::select_stmt& s, std::string_view text);          // exec_select.cpp
    outcome exec_set(const sql::set_stmt& s, std::string_view text);                // exec_set.cpp
    outcome exec_use(const sql::use_stmt& s);                                       // exec_set.cpp
    outcome exec_show(const sql::show_stmt& s, std::string_view text);              // exec_show*.cpp
    outcome exec_describe(const sql::describe_stmt& s, std::string_view text);      // exec_show_tables.cpp
    outcome exec_kill(const sql::kill_stmt& s, std::string_view text);              // exec_misc.cpp
    outcome exec_transaction(const sql::transaction_stmt& s);                       // exec_misc.cpp
    outcome exec_create_user(const sql::create_user_stmt& s);                       // exec_users.cpp
    outcome exec_alter_user(const sql::alter_user_stmt& s);                         // exec_users.cpp
    outcome exec_drop_user(const sql::drop_user_stmt& s);                           // exec_users.cpp
    outcome exec_grant(const sql::grant_stmt& s);                                   // exec_users.cpp
    outcome exec_revoke(const sql::revoke_stmt& s);                                 // exec_users.cpp
    outcome exec_set_password(const sql::set_assignment& a, std::string_view text); // exec_users.cpp
    outcome exec_create_database(const sql::create_database_stmt& s);               // exec_misc.cpp
    outcome exec_drop_database(const sql::drop_database_stmt& s);                   // exec_misc.cpp
    outcome exec_create_table(const sql::create_table_stmt& s);                     // exec_ddl.cpp
    outcome exec_drop_table(const sql::drop_table_stmt& s);                         // exec_ddl.cpp
    outcome exec_load_data(const sql::load_data_stmt& s, std::string_view text);    // exec_load.cpp
    outcome exec_insert(const sql::insert_stmt& s, std::string_view text);          // exec_insert.cpp
    outcome exec_czar_select(const sql::select_stmt& s, std::string_view text);     // exec_czar.cpp
    outcome exec_fetch(const sql::select_stmt& s);                                  // exec_czar.cpp
    outcome exec_submit(const sql::submit_stmt& s);                                 // exec_czar.cpp
    static result_set submit_answer(std::int64_t id);                               // exec_czar.cpp
    outcome exec_cancel(const sql::cancel_stmt& s);                                 // exec_czar.cpp
    outcome exec_call(const sql::call_stmt& s);                                     // exec_czar.cpp
    sql_result<result_set> show_processlist(bool full);                            // exec_czar.cpp

    // Statements of batch_sql_ from `pos` (run_query's loop).
    io_action::next_step run_statements(std::size_t pos, response_writer& w);
    // Starts streaming a pending result (result_stream.cpp); `next` is where the batch goes on.
    io_action::next_step start_stream(pending_result p, response_writer& w, bool binary, std::optional<std::size_t> next);
    // The pending result's next piece.
    io_action::next_step stream(response_writer& w);
    // The client is gone mid-statement: stop the query, drop a SYNC result.
    void abandon_stream();
    // Whether the account may see (and cancel, fetch, delete) another user's queries.
    bool sees_all_queries() const;

    // SHOW families (exec_show_*.cpp).
    sql_result<result_set> show_server(const sql::show_stmt& s);
    sql_result<result_set> show_tables(const sql::show_stmt& s);
    sql_result<result_set> show_columns(const sql::table_name& t, bool full, std::string_view text);
    sql_result<result_set> show_grants(const sql::show_stmt& s);

    // Shared checks.
    [[nodiscard]] sql_result<std::string> resolve_db(std::string_view db) const;  // "" → current, or 1046
    bool has_global(std::uint32_t privilege) const;
    [[nodiscard]] sql_status require_global(std::uint32_t privilege, std::string_view names) const;  // 1227
    [[nodiscard]] sql_status check_db_access(std::string_view db) const;                            // 1044
    [[nodiscard]] sql_status check_select_access(std::string_view db, std::string_view table) const;  // 1142
    [[nodiscard]] sql_status require_table_privilege(std::uint32_t privilege, std::string_view command,
                                                     std::string_view db, std::string_view table) const;  // 1142
    // Writes: a database no other load or table change holds (1205 otherwise:
    // an I/O thread never waits for one) (exec_ddl.cpp); a loader for an
    // INSERT / LOAD target (1142, 1146) and the statement's clock (exec_load.cpp).
    [[nodiscard]] sql_status database_free(std::string_view db) const;
    [[nodiscard]] sql_result<std::unique_ptr<czar::loader>> open_loader(const sql::table_name& t);
    std::string clock_text() const;
    void note(std::uint16_t code, std::string message, std::string level = "Note");

    server_context& server_;
    session_state& state_;
    std::unique_ptr<czar::session_view> view_;
    bool describe_only_ = false;
    std::string batch_sql_;  // the COM_QUERY text being run: a suspended batch resumes in it
    struct stream_state;
    std::unique_ptr<stream_state> stream_;
    struct infile_state {
        std::unique_ptr<czar::infile_load> load;  // null after an error: the rest of the file is read and dropped
        std::optional<sql_error> error;
        std::optional<std::size_t> next;  // the batch's next statement in batch_sql_, if any
        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
        std::uint64_t bytes = 0;  // of the file, received so far
        bool committing = false;  // the file is in, a progress report went out, the commit is next
    };
    std::optional<infile_state> infile_;
};

}  // namespace qproxy::session
