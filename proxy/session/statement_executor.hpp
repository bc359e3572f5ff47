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

#include <memory>
#include <string>
#include <variant>

namespace qproxy::czar {
class session_view;
}

namespace qproxy::session {

struct ok_result {
    std::uint64_t affected_rows = 0;
    std::uint64_t last_insert_id = 0;
    std::string info;
};
struct close_result {};  // KILL of the session's own connection
using outcome = std::variant<ok_result, result_set, sql_error, close_result>;

class statement_executor {
public:
    statement_executor(server_context& server, session_state& state);
    ~statement_executor();

    // COM_QUERY: every statement of `sql` in order; stops at the first error.
    io_action::next_step run_query(std::string_view sql, response_writer& w);
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
    void note(std::uint16_t code, std::string message, std::string level = "Note");

    server_context& server_;
    session_state& state_;
    std::unique_ptr<czar::session_view> view_;
};

}  // namespace qproxy::session
