// KILL, transaction control (no-ops that keep MySQL's status flags),
// CREATE/DROP DATABASE.
#include "proxy/session/statement_executor.hpp"

#include "czar/local_engine.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"
#include "storage/chunk_store.hpp"

#include <fmt/format.h>

#include <charconv>

namespace qproxy::session {

namespace {
constexpr auto priv = [](storage::privilege p) { return static_cast<std::uint32_t>(p); };
}

outcome statement_executor::exec_kill(const sql::kill_stmt& s, std::string_view text) {
    auto v = czar::evaluate(s.id_, text, *view_);
    if (v.has_error()) return v.error();
    std::uint64_t id = 0;
    const auto& t = v.value().first;
    if (!t || std::from_chars(t->data(), t->data() + t->size(), id).ec != std::errc())
        return sql_error{er::no_such_thread, "HY000", fmt::format("Unknown thread id: {}", t.value_or("NULL"))};
    const bool query_only = s.kind_ == sql::kill_kind::query;
    if (id == state_.connection_id) {
        if (query_only) return ok_result{};  // the only statement running here is this KILL
        return close_result{};
    }
    auto target = id <= UINT32_MAX ? server_.connections.find(static_cast<std::uint32_t>(id)) : std::nullopt;
    if (!target) return sql_error{er::no_such_thread, "HY000", fmt::format("Unknown thread id: {}", id)};
    if (target->user != state_.user && !has_global(priv(storage::privilege::super)) &&
        !has_global(priv(storage::privilege::process)))
        return sql_error{er::kill_denied, "HY000", fmt::format("You are not owner of thread {}", id)};
    target->kill(query_only);
    return ok_result{};
}

outcome statement_executor::exec_transaction(const sql::transaction_stmt& s) {
    switch (s.kind_) {
    case sql::txn_kind::begin:
    case sql::txn_kind::start: state_.in_transaction = true; break;
    case sql::txn_kind::commit:
    case sql::txn_kind::rollback:
        state_.in_transaction = s.chain_.value_or(false);
        if (s.release_.value_or(false)) return close_result{};
        break;
    default: break;
    }
    return ok_result{};
}

outcome statement_executor::exec_create_database(const sql::create_database_stmt& s) {
    if (!(server_.accounts.db_privileges(state_.user, state_.account_host, s.name_) & priv(storage::privilege::create)))
        return sql_error{er::dbaccess_denied, "42000",
                         fmt::format("Access denied for user '{}'@'{}' to database '{}'", state_.user,
                                     state_.account_host, s.name_)};
    bool existed = false;
    if (auto st = server_.catalog.create_database(s.name_, s.if_not_exists_, existed); st.has_error()) return st.error();
    if (existed) note(1007, fmt::format("Can't create database '{}'; database exists", s.name_));
    return ok_result{existed ? 0u : 1u, 0, {}};
}

outcome statement_executor::exec_drop_database(const sql::drop_database_stmt& s) {
    if (!(server_.accounts.db_privileges(state_.user, state_.account_host, s.name_) & priv(storage::privilege::drop)))
        return sql_error{er::dbaccess_denied, "42000",
                         fmt::format("Access denied for user '{}'@'{}' to database '{}'", state_.user,
                                     state_.account_host, s.name_)};
    bool existed = false;
    // With a chunk store the database's files go too.
    if (server_.chunks) {
        if (auto st = database_free(s.name_); !st) return st.error();
    }
    auto dropped = server_.chunks ? server_.chunks->drop_database(s.name_, s.if_exists_, existed)
                                  : server_.catalog.drop_database(s.name_, s.if_exists_, existed);
    if (dropped.has_error()) return dropped.error();
    if (!existed) note(1008, fmt::format("Can't drop database '{}'; database doesn't exist", s.name_));
    if (existed && state_.database == s.name_) state_.database.clear();
    return ok_result{};
}

}  // namespace qproxy::session
