// The asynchronous query API (../shared/ASYNC_API.md) and synchronous SELECTs
// on user tables: both hand a plan to the czar; the session streams results.
#include "proxy/session/statement_executor.hpp"

#include "czar/czar.hpp"
#include "czar/planner.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"
#include "storage/privileges.hpp"

#include <fmt/format.h>

#include <charconv>
#include <strings.h>

namespace qproxy::session {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// A query id as written: a non-negative integer literal.
std::optional<std::int64_t> query_id(const sql::expr& e) {
    if (e.kind_ != sql::expr_kind::int_lit) return std::nullopt;
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(e.text_.data(), e.text_.data() + e.text_.size(), v);
    if (ec != std::errc() || p != e.text_.data() + e.text_.size()) return std::nullopt;
    return v;
}

sql_error no_czar() { return unsupported("queries on user tables without a czar"); }

// Reads information_schema's query tables, which only make sense live.
bool reads_query_tables(const sql::select_stmt& s, std::string_view current_db) {
    bool found = false;
    auto check = [&](const sql::table_ref& t, auto& self) -> void {
        if (t.kind_ == sql::table_ref_kind::table) {
            const std::string_view db = t.db_.empty() ? current_db : t.db_;
            found = found || iequals(db, "information_schema");
        }
        for (const auto& o : t.operands_) self(o, self);
        if (t.derived_) found = found || reads_query_tables(*t.derived_, current_db);
    };
    for (const auto& t : s.from_) check(t, check);
    for (const auto& u : s.unions_) found = found || reads_query_tables(u.select_, current_db);
    if (s.nested_) found = found || reads_query_tables(*s.nested_, current_db);
    return found;
}

}  // namespace

bool statement_executor::sees_all_queries() const { return has_global(static_cast<std::uint32_t>(storage::privilege::process)); }

outcome statement_executor::exec_czar_select(const sql::select_stmt& s, std::string_view text) {
    if (!server_.czar) return no_czar();
    auto plan = czar::plan_select(s, *view_, server_.catalog, server_.czar->index());
    if (!plan) return plan.error();
    if (describe_only_) {
        result_set rs;
        rs.columns = std::move(plan.value().columns);
        return rs;
    }
    auto job = server_.czar->start(std::move(plan).value(), false, state_.user, std::string(text));
    if (!job) return job.error();
    const auto id = job.value()->id;
    return pending_result{std::move(job).value(), id};
}

outcome statement_executor::exec_fetch(const sql::select_stmt& s) {
    const bool plain = s.items_.size() == 1 && s.items_[0].expr_.kind_ == sql::expr_kind::star &&
                       s.items_[0].expr_.table_.empty() && s.from_.size() == 1 && !s.where_ && s.group_by_.empty() &&
                       !s.having_ && s.order_by_.empty() && !s.limit_ && s.unions_.empty() && !s.nested_ && !s.distinct_;
    if (!plain) return unsupported("anything but SELECT * FROM qserv_result(<id>)");
    if (!server_.czar) return no_czar();
    const auto id = s.from_[0].result_id_ ? query_id(*s.from_[0].result_id_) : std::nullopt;
    if (!id) return sql_error{er::wrong_arguments, "HY000", "Incorrect arguments to qserv_result"};
    auto& czar = *server_.czar;
    auto record = czar.history().find(*id);
    if (!record) return record.error();
    if (!record.value() || (record.value()->user != state_.user && !sees_all_queries()))
        return storage::no_such_result(*id);
    const auto& q = *record.value();
    if (auto job = czar.running(*id); job && !job->done())
        return sql_error{4120, "Proxy",
                         fmt::format("Unable to return query results: query {} is still executing ({}/{} chunks)", *id,
                                     job->chunks_done.load(), job->chunks_total())};
    switch (q.status) {
    case storage::query_status::completed: break;
    case storage::query_status::executing:  // ending right now
        return sql_error{4120, "Proxy", fmt::format("Unable to return query results: query {} is still executing", *id)};
    default:
        return sql_error{4120, "Proxy",
                         fmt::format("Unable to return query results: query {} {}: {}", *id, storage::to_string(q.status),
                                     q.error.value_or(""))};
    }
    if (q.type == storage::query_type::sync || !czar.results().exists(*id)) return storage::no_such_result(*id);
    if (auto st = czar.history().mark_returned(*id); st.has_error()) return st.error();
    return pending_result{nullptr, *id};
}

outcome statement_executor::exec_submit(const sql::submit_stmt& s) {
    if (!s.select_)
        return sql_error{4110, "Proxy", fmt::format("Query processing error: SUBMIT only valid with SELECT queries: {}", s.query_)};
    if (reads_query_tables(*s.select_, state_.database))
        return sql_error{4110, "Proxy", fmt::format("Query processing error: SUBMIT is not allowed with query: {}", s.query_)};
    if (!server_.czar) return no_czar();
    auto plan = czar::plan_select(*s.select_, *view_, server_.catalog, server_.czar->index());
    if (!plan) return plan.error();
    for (const auto* t : czar::referenced_tables(*s.select_)) {
        if (t->kind_ != sql::table_ref_kind::table) continue;
        if (auto st = check_select_access(t->db_.empty() ? state_.database : t->db_, t->name_); st.has_error())
            return st.error();
    }
    auto job = server_.czar->start(std::move(plan).value(), true, state_.user, s.query_);
    if (!job) return job.error();
    const auto id = job.value()->id;
    return pending_result{std::move(job).value(), id, true};
}

// SUBMIT's row, sent once the query is registered (result_stream.cpp).
result_set statement_executor::submit_answer(std::int64_t id) {
    result_set rs;
    rs.columns = {bigint_column("jobId"), text_column("resultLocation", 64)};
    rs.rows.push_back({std::to_string(id), fmt::format("table:result_{}", id)});
    return rs;
}

outcome statement_executor::exec_cancel(const sql::cancel_stmt& s) {
    const auto id = query_id(s.id_);
    if (!id) return sql_error{er::wrong_arguments, "HY000", "Incorrect arguments to CANCEL"};
    if (!server_.czar) return no_czar();
    if (auto st = server_.czar->cancel(*id, state_.user, sees_all_queries()); st.has_error()) return st.error();
    result_set rs;
    rs.columns = {text_column("command", 64)};
    rs.rows.push_back({fmt::format("Trying to kill query: CANCEL {}", *id)});
    return rs;
}

outcome statement_executor::exec_call(const sql::call_stmt& s) {
    if (!iequals(s.name_, "qserv_result_delete") || !(s.db_.empty() || iequals(s.db_, "qserv"))) {
        auto db = s.db_.empty() ? state_.database : s.db_;
        if (db.empty()) return sql_error{er::no_db, "3D000", "No database selected"};
        return sql_error{er::sp_does_not_exist, "42000", fmt::format("PROCEDURE {}.{} does not exist", db, s.name_)};
    }
    if (s.args_.size() != 1)
        return sql_error{1318, "42000",
                         fmt::format("Incorrect number of arguments for PROCEDURE qserv.qserv_result_delete; expected 1, got {}",
                                     s.args_.size())};
    const auto id = query_id(s.args_[0]);
    if (!id) return sql_error{er::wrong_arguments, "HY000", "Incorrect arguments to qserv_result_delete"};
    if (!server_.czar) return no_czar();
    auto& czar = *server_.czar;
    auto record = czar.history().find(*id);
    if (!record) return record.error();
    if (!record.value() || (record.value()->user != state_.user && !sees_all_queries()))
        return storage::no_such_result(*id);
    // An executing query is cancelled first; its unfinished result goes with it.
    if (auto job = czar.running(*id); job && !job->done()) {
        job->cancel();
        return ok_result{};
    }
    if (record.value()->type == storage::query_type::sync) return storage::no_such_result(*id);
    if (auto st = czar.results().remove(*id); st.has_error()) return st.error();
    return ok_result{};
}

sql_result<result_set> statement_executor::show_processlist(bool full) {
    result_set rs;
    rs.columns = {bigint_column("ID", true), text_column("COMMAND", 5), text_column("CZAR", 64),
                  bigint_column("CZAR_ID", true), datetime_column("SUBMITTED"), datetime_column("UPDATED"),
                  int_column("CHUNKS"), int_column("CHUNKS_COMP"), text_column("QUERY", full ? 65535 : 32)};
    if (!server_.czar) return rs;
    const bool all = sees_all_queries();
    for (const auto& q : server_.czar->snapshot()) {
        if (!all && q.user != state_.user) continue;
        auto text = q.query;
        if (!full && text.size() > 32) text.resize(32);
        rs.rows.push_back({std::to_string(q.id), std::string(storage::to_string(q.type)), q.czar,
                           std::to_string(q.czar_id), storage::local_datetime(q.submitted),
                           storage::local_datetime(q.updated), std::to_string(q.chunks), std::to_string(q.chunks_comp),
                           std::move(text)});
    }
    return rs;
}

}  // namespace qproxy::session
