#include "czar/local_engine.hpp"

#include "czar/engine_pool.hpp"
#include "czar/like_match.hpp"
#include "czar/mysql_number.hpp"
#include "czar/select_resolver.hpp"
#include "czar/session_env.hpp"
#include "czar/statement_variables.hpp"
#include "czar/value_format.hpp"
#include "czar/warnings.hpp"
#include "parser/print_sqlite.hpp"

#include <fmt/format.h>

#include <charconv>

#include <strings.h>

namespace qproxy::czar {

namespace {

// SQLite's truth of a value: NULL and zero are false, text reads as a number.
bool truthy(const storage::statement& stmt, int i) {
    switch (stmt.column_type(i)) {
    case SQLITE_NULL: return false;
    case SQLITE_INTEGER: return stmt.column_int64(i) != 0;
    case SQLITE_FLOAT: return stmt.column_double(i) != 0.0;
    default: return string_to_double(stmt.column_text(i)) != 0.0;
    }
}

// The one row of a SELECT of integer literals alone (`SELECT 1`, many clients'
// ping), which needs no engine; nullopt for anything else.
std::optional<row> literal_row(const sql::select_stmt& s) {
    if (!s.from_.empty() || s.where_ || !s.group_by_.empty() || s.having_ || s.nested_ || !s.unions_.empty() ||
        !s.order_by_.empty() || s.limit_ || s.sql_calc_found_rows_)
        return std::nullopt;
    row r;
    for (const auto& item : s.items_) {
        const auto& e = item.expr_;
        if (e.kind_ != sql::expr_kind::int_lit) return std::nullopt;
        std::int64_t v = 0;
        const auto end = e.text_.data() + e.text_.size();
        if (auto [ptr, ec] = std::from_chars(e.text_.data(), end, v); ec != std::errc() || ptr != end) return std::nullopt;
        r.push_back(std::to_string(v));  // as MySQL prints it: "007" is 7
    }
    return r;
}

}  // namespace

sql_result<result_set> run_select(const sql::select_stmt& s, std::string_view, session_view& session,
                                  std::vector<sql_error>* warnings) {
    const warning_scope collecting(warnings);
    session_env env(session);
    BOOST_OUTCOME_TRY(columns, resolve_select(s, env));
    result_set rs;
    rs.columns = std::move(columns);
    if (auto r = literal_row(s)) {
        rs.rows.push_back(std::move(*r));
        return rs;
    }
    BOOST_OUTCOME_TRY(q, sql::to_sqlite(s, sql::sqlite_print_options{&env, &env, {}}));
    const statement_variables variables(q.variables);
    BOOST_OUTCOME_TRY(run_query(q, [&](const storage::statement& stmt) {
        row r;
        r.reserve(rs.columns.size());
        for (std::size_t i = 0; i < rs.columns.size(); ++i) r.push_back(format_value(stmt, static_cast<int>(i), rs.columns[i]));
        rs.rows.push_back(std::move(r));
        return ok();
    }));
    variables.hand_back(session);
    return rs;
}

sql_result<std::pair<cell, column_meta>> evaluate(const sql::expr& e, std::string_view, session_view& session,
                                                  std::vector<sql_error>* warnings) {
    const warning_scope collecting(warnings);
    session_env env(session);
    BOOST_OUTCOME_TRY(type, sql::infer(e, env));
    BOOST_OUTCOME_TRY(q, sql::to_sqlite(e, sql::sqlite_print_options{&env, &env, {}}));
    q.text = "SELECT " + q.text;
    cell value;
    const statement_variables variables(q.variables);
    BOOST_OUTCOME_TRY(run_query(q, [&](const storage::statement& stmt) {
        value = format_value(stmt, 0, type);
        return ok();
    }));
    variables.hand_back(session);
    return std::pair{std::move(value), std::move(type)};
}

sql_result<result_set> filter(result_set rs, const sql::expr* where, std::optional<std::string_view> like,
                              std::string_view, session_view& session) {
    if (like) {
        std::erase_if(rs.rows, [&](const row& r) { return r.empty() || !r[0] || !like_match(*r[0], *like); });
    }
    if (!where) return rs;
    // The result's rows become a VALUES table whose columns carry the result's names.
    session_env env(session);
    env.set_clause("where clause");
    env.set_columns([&](const sql::expr& ref) -> sql_result<std::optional<column_meta>> {
        for (const auto& c : rs.columns)
            if (c.name.size() == ref.name_.size() && strncasecmp(c.name.data(), ref.name_.data(), c.name.size()) == 0)
                return std::optional<column_meta>(c);
        return std::optional<column_meta>();
    });
    BOOST_OUTCOME_TRY(sql::infer(*where, env));
    BOOST_OUTCOME_TRY(q, sql::to_sqlite(*where, sql::sqlite_print_options{&env, &env, {}}));
    constexpr int first_row_param = 1000;  // after the condition's own parameters
    std::string names, values;
    for (std::size_t i = 0; i < rs.columns.size(); ++i) {
        names += (i ? ", " : "") + sql::sqlite_quote_identifier(rs.columns[i].name);
        values += fmt::format("{}?{}", i ? ", " : "", first_row_param + static_cast<int>(i));
    }
    q.text = fmt::format("WITH r({}) AS (VALUES ({})) SELECT ({}) FROM r", names, values, q.text);
    std::vector<std::vector<sql::sqlite_param>> params;
    for (const auto& r : rs.rows) {
        auto& p = params.emplace_back();
        for (std::size_t i = 0; i < rs.columns.size(); ++i) p.push_back({i < r.size() ? r[i] : cell{}, rs.columns[i]});
    }
    std::vector<bool> keep(rs.rows.size(), false);
    const statement_variables variables(q.variables);
    BOOST_OUTCOME_TRY(run_query_per_row(q, first_row_param, params, [&](std::size_t r, const storage::statement& stmt) {
        keep[r] = truthy(stmt, 0);
        return ok();
    }));
    variables.hand_back(session);
    std::vector<row> kept;
    for (std::size_t r = 0; r < rs.rows.size(); ++r)
        if (keep[r]) kept.push_back(std::move(rs.rows[r]));
    rs.rows = std::move(kept);
    return rs;
}

}  // namespace qproxy::czar
