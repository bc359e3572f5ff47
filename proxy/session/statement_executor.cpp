#include "proxy/session/statement_executor.hpp"

#include "czar/infile_load.hpp"
#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/response.hpp"
#include "proxy/session/parse_cache.hpp"
#include "proxy/session/result_stream.hpp"
#include "proxy/session/session_view.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"

#include <fmt/format.h>

namespace qproxy::session {

namespace {
template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

// Statements that read the diagnostics area must not clear it first (MySQL's rule).
bool keeps_diagnostics(const sql::statement& s) {
    if (auto* show = std::get_if<sql::show_stmt>(&s)) {
        using k = sql::show_kind;
        return show->kind_ == k::warnings || show->kind_ == k::errors || show->kind_ == k::warnings_count ||
               show->kind_ == k::errors_count;
    }
    return false;
}
}  // namespace

statement_executor::statement_executor(server_context& server, session_state& state)
    : server_(server), state_(state), view_(std::make_unique<session_view>(server, state)) {}

statement_executor::~statement_executor() { abandon_stream(); }

io_action::next_step statement_executor::run_query(std::string_view sql, response_writer& w) {
    batch_sql_.assign(sql);
    return run_statements(0, w);
}

io_action::next_step statement_executor::run_statements(std::size_t pos, response_writer& w) {
    const std::string_view sql = batch_sql_;
    const bool multi = state_.capabilities & protocol::capability::multi_statements;
    for (;;) {
        const auto parsed = parse_cached(sql, pos, multi);
        const auto& p = *parsed;
        const bool more = p.next < sql.size();
        if (!p.stmt) {
            state_.warnings = {{"Error", p.stmt.error().code, p.stmt.error().message}};
            write_outcome(p.stmt.error(), w, false, false);
            return io_action::next_step::read;
        }
        const auto& stmt = p.stmt.value();
        if (std::holds_alternative<sql::empty_stmt>(stmt) && pos == 0 && !more) {
            write_outcome(sql_error{er::empty_query, "42000", "Query was empty"}, w, false, false);
            return io_action::next_step::read;
        }
        auto text = sql.substr(p.begin, p.next - p.begin);
        if (!keeps_diagnostics(stmt)) state_.warnings.clear();
        auto o = execute(stmt, text);
        if (std::holds_alternative<close_result>(o)) return io_action::next_step::close;
        if (auto* pending = std::get_if<pending_result>(&o))
            return start_stream(std::move(*pending), w, false, more ? std::optional<std::size_t>(p.next) : std::nullopt);
        if (auto* request = std::get_if<infile_request>(&o)) {
            infile_->next = more ? std::optional<std::size_t>(p.next) : std::nullopt;
            w.raw(protocol::serialize(protocol::local_infile_request{request->file}));
            return io_action::next_step::read;
        }
        if (!write_outcome(o, w, more, false) || !more) return io_action::next_step::read;
        pos = p.next;
    }
}

io_action::next_step statement_executor::deliver(const outcome& o, response_writer& w) {
    if (std::holds_alternative<close_result>(o)) return io_action::next_step::close;
    if (const auto* pending = std::get_if<pending_result>(&o)) return start_stream(*pending, w, true, std::nullopt);
    write_outcome(o, w, false, true);
    return io_action::next_step::read;
}

bool statement_executor::write_outcome(const outcome& o, response_writer& w, bool more, bool binary) {
    std::uint16_t status = state_.status_flags() | (more ? protocol::server_status::more_results_exist : 0);
    auto warnings = static_cast<std::uint16_t>(std::min<std::size_t>(state_.warnings.size(), 65535));
    w.set_status(status & ~protocol::server_status::more_results_exist);
    return std::visit(overloaded{
                          [&](const ok_result& r) {
                              protocol::ok_packet ok;
                              ok.affected_rows = r.affected_rows;
                              ok.last_insert_id = r.last_insert_id;
                              ok.status = status;
                              ok.warnings = warnings;
                              ok.info = r.info;
                              state_.row_count = static_cast<std::int64_t>(r.affected_rows);
                              w.ok(ok);
                              return true;
                          },
                          [&](const result_set& rs) {
                              auto mark = w.mark();
                              if (auto st = w.result(rs, status, warnings, binary); st.has_error()) {
                                  w.rollback(mark);
                                  w.err(st.error());
                                  return false;
                              }
                              state_.row_count = -1;
                              state_.found_rows = rs.rows.size();
                              return true;
                          },
                          [&](const sql_error& e) {
                              if (state_.warnings.empty() || state_.warnings.back().message != e.message)
                                  state_.warnings.push_back({"Error", e.code, e.message});
                              w.err(e);
                              return false;
                          },
                          [&](const close_result&) { return false; },
                          [&](const pending_result&) { return false; },  // run_query / deliver stream it
                          [&](const infile_request&) { return false; },  // run_statements asks for the file
                      },
                      o);
}

outcome statement_executor::execute(const sql::statement& stmt, std::string_view text) {
    using namespace sql;
    return std::visit(
        overloaded{
            [&](const empty_stmt&) -> outcome { return ok_result{}; },
            [&](const select_stmt& s) -> outcome { return exec_select(s, text); },
            [&](const set_stmt& s) -> outcome { return exec_set(s, text); },
            [&](const use_stmt& s) -> outcome { return exec_use(s); },
            [&](const show_stmt& s) -> outcome { return exec_show(s, text); },
            [&](const describe_stmt& s) -> outcome { return exec_describe(s, text); },
            [&](const kill_stmt& s) -> outcome { return exec_kill(s, text); },
            [&](const transaction_stmt& s) -> outcome { return exec_transaction(s); },
            // Table locks have nothing to protect: tables only change by atomic loads.
            [&](const lock_tables_stmt&) -> outcome { return ok_result{}; },
            [&](const unlock_tables_stmt&) -> outcome { return ok_result{}; },
            [&](const create_user_stmt& s) -> outcome { return exec_create_user(s); },
            [&](const alter_user_stmt& s) -> outcome { return exec_alter_user(s); },
            [&](const drop_user_stmt& s) -> outcome { return exec_drop_user(s); },
            [&](const grant_stmt& s) -> outcome { return exec_grant(s); },
            [&](const revoke_stmt& s) -> outcome { return exec_revoke(s); },
            [&](const create_database_stmt& s) -> outcome { return exec_create_database(s); },
            [&](const drop_database_stmt& s) -> outcome { return exec_drop_database(s); },
            [&](const flush_stmt& s) -> outcome {
                if (auto st = require_global(static_cast<std::uint32_t>(storage::privilege::reload), "RELOAD");
                    st.has_error())
                    return st.error();
                return ok_result{};  // accounts and catalog are never cached stale: nothing to flush
            },
            [&](const do_stmt& s) -> outcome {
                for (const auto& e : s.exprs_) {
                    auto v = czar::evaluate(e, text, *view_);
                    if (v.has_error()) return v.error();
                }
                return ok_result{};
            },
            [&](const submit_stmt& s) -> outcome { return exec_submit(s); },
            [&](const cancel_stmt& s) -> outcome { return exec_cancel(s); },
            [&](const call_stmt& s) -> outcome { return exec_call(s); },
            [&](const explain_stmt&) -> outcome { return unsupported("EXPLAIN"); },
            [&](const create_table_stmt& s) -> outcome { return exec_create_table(s); },
            [&](const drop_table_stmt& s) -> outcome { return exec_drop_table(s); },
            [&](const load_data_stmt& s) -> outcome { return exec_load_data(s, text); },
            [&](const insert_stmt& s) -> outcome { return exec_insert(s, text); },
            // Tables are append-only: a change is never half-applied because it is never applied.
            [&](const update_stmt&) -> outcome { return unsupported("UPDATE (tables are append-only: drop and reload)"); },
            [&](const delete_stmt&) -> outcome { return unsupported("DELETE (tables are append-only: drop and reload)"); },
        },
        stmt);
}

sql_result<std::string> statement_executor::resolve_db(std::string_view db) const {
    if (!db.empty()) return std::string(db);
    if (state_.database.empty()) return sql_error{er::no_db, "3D000", "No database selected"};
    return state_.database;
}

bool statement_executor::has_global(std::uint32_t privilege) const {
    return server_.accounts.global_privileges(state_.user, state_.account_host) & privilege;
}

sql_status statement_executor::require_global(std::uint32_t privilege, std::string_view names) const {
    if (has_global(privilege)) return ok();
    return sql_error{er::specific_access_denied, "42000",
                     fmt::format("Access denied; you need (at least one of) the {} privilege(s) for this operation", names)};
}

sql_status statement_executor::check_db_access(std::string_view db) const {
    if (server_.accounts.can_see_db(state_.user, state_.account_host, db)) return ok();
    return sql_error{er::dbaccess_denied, "42000",
                     fmt::format("Access denied for user '{}'@'{}' to database '{}'", state_.user, state_.account_host, db)};
}

sql_status statement_executor::check_select_access(std::string_view db, std::string_view table) const {
    if (server_.accounts.can_see_db(state_.user, state_.account_host, db)) return ok();
    return sql_error{er::table_access_denied, "42000",
                     fmt::format("SELECT command denied to user '{}'@'{}' for table '{}'", state_.user,
                                 state_.account_host, table)};
}

void statement_executor::note(std::uint16_t code, std::string message, std::string level) {
    state_.warnings.push_back({std::move(level), code, std::move(message)});
}

sql_status statement_executor::use_database(std::string_view db) {
    if (db.empty()) return sql_error{er::no_db, "3D000", "No database selected"};
    auto info = server_.catalog.find_database(db);
    if (!info) return sql_error{er::bad_db, "42000", fmt::format("Unknown database '{}'", db)};
    BOOST_OUTCOME_TRY(check_db_access(info->name));
    state_.database = info->name;
    return ok();
}

sql_result<std::vector<column_meta>> statement_executor::field_list(std::string_view table, std::string_view wildcard) {
    BOOST_OUTCOME_TRY(db, resolve_db(""));
    auto t = server_.catalog.find_table(db, table);
    if (!t) return sql_error{er::no_such_table, "42S02", fmt::format("Table '{}.{}' doesn't exist", db, table)};
    std::vector<column_meta> out;
    for (const auto& c : t->columns) {
        if (!wildcard.empty() && !czar::like_match(c.name, wildcard)) continue;
        auto m = c.meta;
        m.db = t->db;
        m.table = m.org_table = t->name;
        m.name = m.org_name = c.name;
        out.push_back(std::move(m));
    }
    return out;
}

void statement_executor::reset() {
    state_.vars.reset();
    state_.user_vars.clear();
    state_.warnings.clear();
    state_.statements.clear();
    state_.last_insert_id = 0;
    state_.row_count = -1;
    state_.found_rows = 0;
    state_.in_transaction = false;
}

io_action::next_step statement_executor::kill(std::uint32_t id, bool query_only, response_writer& w) {
    sql::kill_stmt k;
    k.kind_ = query_only ? sql::kill_kind::query : sql::kill_kind::connection;
    k.id_.kind_ = sql::expr_kind::int_lit;
    k.id_.text_ = std::to_string(id);
    auto o = exec_kill(k, "");
    if (std::holds_alternative<close_result>(o)) return io_action::next_step::close;
    write_outcome(o, w, false, false);
    return io_action::next_step::read;
}

}  // namespace qproxy::session
