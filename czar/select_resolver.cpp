#include "czar/select_resolver.hpp"

#include "parser/typing.hpp"

#include <fmt/format.h>

namespace qproxy::czar {

namespace {

// A position in GROUP BY / ORDER BY must name a select-list column.
sql_status check_position(const sql::expr& e, std::size_t columns, std::string_view clause) {
    const auto n = std::stoull(e.text_.size() > 18 ? "0" : e.text_);
    if (n >= 1 && n <= columns) return ok();
    return sql_error{er::bad_field, "42S22", fmt::format("Unknown column '{}' in '{}'", e.text_, clause)};
}

// Keys see the select list's aliases (sql::alias_env).
sql_status resolve_keys(const std::vector<sql::order_item>& keys, const std::vector<sql::select_item>& items,
                        std::string_view clause, session_env& env) {
    env.set_clause(std::string(clause));
    const sql::alias_env with_aliases(env, items);
    for (const auto& k : keys) {
        if (k.expr_.kind_ == sql::expr_kind::int_lit) {
            BOOST_OUTCOME_TRY(check_position(k.expr_, items.size(), clause));
        } else {
            BOOST_OUTCOME_TRY(sql::infer(k.expr_, with_aliases));
        }
    }
    return ok();
}

const sql::select_stmt& first_block(const sql::select_stmt& s) { return s.nested_ ? first_block(*s.nested_) : s; }

sql_result<std::vector<column_meta>> resolve_block(const sql::select_stmt& s, session_env& env) {
    env.set_clause("field list");
    std::vector<column_meta> columns;
    for (const auto& item : s.items_) {
        if (item.expr_.kind_ == sql::expr_kind::star) {
            if (s.from_.empty()) return sql_error{1096, "HY000", "No tables used"};
            return unsupported("* over these tables");
        }
        BOOST_OUTCOME_TRY(meta, sql::infer(item.expr_, env));
        // Only a plain column keeps its origin (db, table, org_name); expressions have none.
        if (item.expr_.kind_ != sql::expr_kind::column) meta.db = meta.table = meta.org_table = meta.org_name = "";
        meta.name = item.name_;
        columns.push_back(std::move(meta));
    }
    if (s.where_) {
        env.set_clause("where clause");
        BOOST_OUTCOME_TRY(sql::infer(*s.where_, env));
    }
    BOOST_OUTCOME_TRY(resolve_keys(s.group_by_, s.items_, "group statement", env));
    if (s.having_) {
        env.set_clause("having clause");
        BOOST_OUTCOME_TRY(sql::infer(*s.having_, sql::alias_env(env, s.items_)));
    }
    return columns;
}

}  // namespace

sql_result<std::vector<column_meta>> resolve_select(const sql::select_stmt& s, session_env& env) {
    BOOST_OUTCOME_TRY(columns, s.nested_ ? resolve_select(*s.nested_, env) : resolve_block(s, env));
    for (const auto& u : s.unions_) {
        BOOST_OUTCOME_TRY(member, resolve_select(u.select_, env));
        if (member.size() != columns.size())
            return sql_error{1222, "21000", "The used SELECT statements have a different number of columns"};
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const column_meta both[] = {columns[i], member[i]};
            auto merged = sql::aggregate_type(both, env);
            merged.name = columns[i].name;
            columns[i] = std::move(merged);
        }
    }
    BOOST_OUTCOME_TRY(resolve_keys(s.order_by_, first_block(s).items_, "order clause", env));
    return columns;
}

}  // namespace qproxy::czar
