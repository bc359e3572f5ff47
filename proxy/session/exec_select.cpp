// SELECT: table-less and information_schema queries run once on the embedded
// engine; user tables go to the czar (exec_czar.cpp).
#include "proxy/session/statement_executor.hpp"

#include "czar/local_engine.hpp"
#include "czar/planner.hpp"
#include "storage/catalog.hpp"
#include "storage/schema_query.hpp"

#include <fmt/format.h>

#include <strings.h>

namespace qproxy::session {

namespace {

bool is_information_schema(std::string_view db) {
    return db.size() == 18 && strncasecmp(db.data(), "information_schema", 18) == 0;
}

}  // namespace

outcome statement_executor::exec_select(const sql::select_stmt& s, std::string_view text) {
    const auto tables = czar::referenced_tables(s);
    bool only_information_schema = true;
    for (const auto* t : tables) {
        if (t->kind_ == sql::table_ref_kind::qserv_result) return exec_fetch(s);
        auto db = resolve_db(t->db_);
        if (db.has_error()) return db.error();
        if (is_information_schema(db.value())) {
            if (!server_.catalog.find_table(db.value(), t->name_))
                return sql_error{er::unknown_table_in_db, "42S02",
                                 fmt::format("Unknown table '{}' in information_schema", t->name_)};
            continue;
        }
        only_information_schema = false;
        if (auto st = check_select_access(db.value(), t->name_); st.has_error()) return st.error();
        if (!server_.catalog.find_database(db.value()))
            return sql_error{er::bad_db, "42000", fmt::format("Unknown database '{}'", db.value())};
        if (!server_.catalog.find_table(db.value(), t->name_))
            return sql_error{er::no_such_table, "42S02", fmt::format("Table '{}.{}' doesn't exist", db.value(), t->name_)};
    }
    if (!only_information_schema) return exec_czar_select(s, text);
    std::vector<sql_error> warnings;
    const storage::schema_viewer viewer{server_.accounts, state_.user, state_.account_host};
    auto rs = tables.empty() ? czar::run_select(s, text, *view_, &warnings)
                             : czar::run_catalog_select(s, text, *view_, server_.catalog, &viewer, &warnings);
    for (auto& w : warnings) note(w.code, std::move(w.message), "Warning");
    if (rs.has_error()) return rs.error();
    return std::move(rs).value();
}

}  // namespace qproxy::session
