// SELECTs over information_schema: columns resolve through the catalog, the
// SQLite text runs on storage's information_schema engine, and the result
// takes MySQL's column metadata.
#include "czar/local_engine.hpp"

#include "czar/select_resolver.hpp"
#include "czar/select_scope.hpp"
#include "czar/session_env.hpp"
#include "czar/statement_variables.hpp"
#include "czar/value_format.hpp"
#include "czar/warnings.hpp"
#include "parser/print_sqlite.hpp"
#include "storage/catalog.hpp"

#include <fmt/format.h>

#include <strings.h>

namespace qproxy::czar {

namespace {

// A parameter as an SQLite literal (storage's engine takes text only).
std::string sqlite_literal(const sql::sqlite_param& p) {
    if (!p.value) return "NULL";
    if (sql::is_integer_type(p.type) || sql::is_decimal_type(p.type) || sql::is_real_type(p.type)) return *p.value;
    std::string out = "'";
    for (char c : *p.value) out += c == '\'' ? std::string("''") : std::string(1, c);
    out += "'";
    return sql::is_binary_string(p.type) ? "CAST(" + out + " AS BLOB)" : out;
}

// Replaces ?N outside quotes with the parameter's literal.
std::string inline_params(const sql::sqlite_query& q) {
    std::string out;
    for (std::size_t i = 0; i < q.text.size(); ++i) {
        const char c = q.text[i];
        if (c == '\'' || c == '"') {
            const std::size_t end = q.text.find(c, i + 1);
            out += q.text.substr(i, end - i + 1);
            i = end;
            continue;
        }
        if (c == '?' && i + 1 < q.text.size() && std::isdigit(static_cast<unsigned char>(q.text[i + 1]))) {
            std::size_t j = i + 1, n = 0;
            while (j < q.text.size() && std::isdigit(static_cast<unsigned char>(q.text[j]))) n = n * 10 + static_cast<std::size_t>(q.text[j++] - '0');
            out += sqlite_literal(q.params.at(n - 1));
            i = j - 1;
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

sql_result<result_set> run_catalog_select(const sql::select_stmt& original, std::string_view, session_view& session,
                                          const storage::catalog& catalog, const storage::schema_viewer* viewer,
                                          std::vector<sql_error>* warnings) {
    const warning_scope collecting(warnings);
    const auto scope = collect_scope(original, session.database(), catalog);
    sql::select_stmt s = original;
    BOOST_OUTCOME_TRY(expand_stars(s, scope));

    session_env env(session);
    env.set_columns(scope_columns(scope, coalesced_columns(s)));
    BOOST_OUTCOME_TRY(columns, resolve_select(s, env));
    sql::sqlite_print_options options{&env, &env, [](std::string_view, std::string_view table) {
                                          std::string upper(table);
                                          for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                                          return "information_schema." + sql::sqlite_quote_identifier(upper);
                                      }};
    BOOST_OUTCOME_TRY(q, sql::to_sqlite(s, options));
    // storage's engine runs the text on this thread, so the functions find the store.
    const statement_variables variables(q.variables);
    BOOST_OUTCOME_TRY(rs, catalog.query_information_schema(inline_params(q), viewer));
    if (rs.columns.size() != columns.size()) return sql_error{1105, "HY000", "information_schema returned an unexpected shape"};
    variables.hand_back(session);
    for (auto& r : rs.rows)
        for (std::size_t i = 0; i < r.size(); ++i) r[i] = normalize_text(std::move(r[i]), columns[i]);
    rs.columns = std::move(columns);
    return rs;
}

}  // namespace qproxy::czar
