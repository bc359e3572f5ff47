// CREATE TABLE and DROP TABLE: the catalog and the chunk files together
// (storage/chunk_store.hpp), with MySQL's privileges and errors.
#include "proxy/session/statement_executor.hpp"

#include "czar/table_ddl.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"
#include "storage/chunk_store.hpp"

#include <fmt/format.h>

namespace qproxy::session {

namespace {
constexpr std::uint16_t er_bad_table = 1051;         // 42S02
constexpr std::uint16_t er_lock_wait_timeout = 1205;  // HY000
}  // namespace

sql_status statement_executor::database_free(std::string_view db) const {
    // The lock holder may be a session of this very I/O thread, which could
    // never finish while we wait: report a busy database instead.
    if (server_.chunks->try_lock_database(db).owns_lock()) return ok();
    return sql_error{er_lock_wait_timeout, "HY000",
                     fmt::format("Lock wait timeout exceeded; a load or table change of database '{}' is running: "
                                 "try again when it is done", db)};
}

sql_status statement_executor::require_table_privilege(std::uint32_t privilege, std::string_view command,
                                                        std::string_view db, std::string_view table) const {
    if (server_.accounts.table_privileges(state_.user, state_.account_host, db, table) & privilege) return ok();
    return sql_error{er::table_access_denied, "42000",
                     fmt::format("{} command denied to user '{}'@'{}' for table '{}'", command, state_.user,
                                 state_.account_host, table)};
}

outcome statement_executor::exec_create_table(const sql::create_table_stmt& s) {
    if (!server_.chunks) return unsupported("CREATE TABLE without a chunk store");
    auto db = resolve_db(s.table_.db_);
    if (!db) return db.error();
    if (auto st = require_table_privilege(static_cast<std::uint32_t>(storage::privilege::create), "CREATE", db.value(),
                                          s.table_.name_);
        !st)
        return st.error();
    storage::table_info t;
    if (s.like_) {
        // A copy of the other table's columns and partitioning.
        auto from_db = resolve_db(s.like_->db_);
        if (!from_db) return from_db.error();
        auto from = server_.catalog.find_table(from_db.value(), s.like_->name_);
        if (!from || from->kind == "system view")
            return sql_error{er::no_such_table, "42S02",
                             fmt::format("Table '{}.{}' doesn't exist", from_db.value(), s.like_->name_)};
        if (from->part.kind == storage::partitioning::kind_t::child && from->db != db.value())
            return unsupported("CREATE TABLE … LIKE a child table of another database");
        t.columns = from->columns;
        t.part = from->part;
        t.comment = from->comment;
    } else {
        auto declared = czar::declared_table(s, db.value());
        if (!declared) return declared.error();
        t = std::move(declared).value();
    }
    t.db = db.value();
    t.name = s.table_.name_;
    if (auto st = database_free(t.db); !st) return st.error();
    bool existed = false;
    if (auto st = server_.chunks->create_table(std::move(t), s.if_not_exists_, existed); !st) return st.error();
    if (existed) note(er::table_exists, fmt::format("Table '{}' already exists", s.table_.name_));
    return ok_result{};
}

outcome statement_executor::exec_drop_table(const sql::drop_table_stmt& s) {
    if (s.temporary_) return unsupported("DROP TEMPORARY TABLE");
    if (!server_.chunks) return unsupported("DROP TABLE without a chunk store");
    // Every name is checked before anything is dropped: the statement is all or nothing.
    std::vector<std::pair<std::string, std::string>> found;
    std::vector<std::string> unknown;
    for (const auto& name : s.tables_) {
        auto db = resolve_db(name.db_);
        if (!db) return db.error();
        if (auto st = require_table_privilege(static_cast<std::uint32_t>(storage::privilege::drop), "DROP", db.value(),
                                              name.name_);
            !st)
            return st.error();
        auto t = server_.catalog.find_table(db.value(), name.name_);
        if (t && t->kind == "system view")
            return sql_error{er::dbaccess_denied, "42000",
                             fmt::format("Access denied for user '{}'@'{}' to database '{}'", state_.user,
                                         state_.account_host, t->db)};
        // Child tables first: a director cannot go while a child still references it.
        if (!t) unknown.push_back(fmt::format("{}.{}", db.value(), name.name_));
        else if (t->part.kind == storage::partitioning::kind_t::child) found.emplace(found.begin(), t->db, t->name);
        else found.emplace_back(t->db, t->name);
    }
    if (!unknown.empty()) {
        const auto message = fmt::format("Unknown table '{}'", fmt::join(unknown, ","));
        if (!s.if_exists_) return sql_error{er_bad_table, "42S02", message};
        note(er_bad_table, message);
    }
    for (const auto& [db, name] : found) {
        if (auto st = database_free(db); !st) return st.error();
        bool existed = false;
        if (auto st = server_.chunks->drop_table(db, name, true, existed); !st) return st.error();
    }
    return ok_result{};
}

}  // namespace qproxy::session
