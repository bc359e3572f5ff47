// SELECTs over information_schema: columns resolve through the catalog, the
// SQLite text runs on storage's information_schema engine, and the result
// takes MySQL's column metadata.
#include "czar/local_engine.hpp"

#include "czar/select_resolver.hpp"
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

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

struct scope_table {
    std::string alias;  // the name references use: the alias, else the table's name
    storage::table_info info;
};

void collect(const sql::select_stmt& s, const std::string& current_db, const storage::catalog& catalog,
             std::vector<scope_table>& out);

void collect(const sql::table_ref& t, const std::string& current_db, const storage::catalog& catalog,
             std::vector<scope_table>& out) {
    switch (t.kind_) {
    case sql::table_ref_kind::table:
        if (auto info = catalog.find_table(t.db_.empty() ? current_db : t.db_, t.name_))
            out.push_back({t.alias_.empty() ? t.name_ : t.alias_, std::move(*info)});
        break;
    case sql::table_ref_kind::derived: collect(*t.derived_, current_db, catalog, out); break;
    case sql::table_ref_kind::join:
        for (const auto& o : t.operands_) collect(o, current_db, catalog, out);
        break;
    case sql::table_ref_kind::qserv_result: break;
    }
}

void collect(const sql::select_stmt& s, const std::string& current_db, const storage::catalog& catalog,
             std::vector<scope_table>& out) {
    if (s.nested_) collect(*s.nested_, current_db, catalog, out);
    for (const auto& t : s.from_) collect(t, current_db, catalog, out);
    for (const auto& u : s.unions_) collect(u.select_, current_db, catalog, out);
}

column_meta column_of(const scope_table& t, const storage::column_info& c) {
    column_meta m = c.meta;
    m.db = t.info.db;
    m.table = t.alias;
    m.org_table = t.info.name;
    m.name = m.org_name = c.name;
    return m;
}

// `*` and `t.*` become the columns they stand for, in table order.
sql_status expand_stars(sql::select_stmt& s, const std::vector<scope_table>& scope) {
    if (s.nested_) {
        BOOST_OUTCOME_TRY(expand_stars(*s.nested_, scope));
    }
    for (auto& u : s.unions_) {
        BOOST_OUTCOME_TRY(expand_stars(u.select_, scope));
    }
    std::vector<sql::select_item> items;
    for (auto& item : s.items_) {
        if (item.expr_.kind_ != sql::expr_kind::star) {
            items.push_back(std::move(item));
            continue;
        }
        bool matched = false;
        for (const auto& t : scope) {
            if (!item.expr_.table_.empty() && !iequals(item.expr_.table_, t.alias)) continue;
            matched = true;
            for (const auto& c : t.info.columns) {
                sql::select_item col;
                col.expr_.kind_ = sql::expr_kind::column;
                col.expr_.table_ = t.alias;
                col.expr_.name_ = c.name;
                col.name_ = c.name;
                items.push_back(std::move(col));
            }
        }
        if (!matched) return sql_error{1051, "42S02", fmt::format("Unknown table '{}'", item.expr_.table_)};
    }
    s.items_ = std::move(items);
    return ok();
}

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
    std::vector<scope_table> scope;
    const std::string current_db = session.database();
    collect(original, current_db, catalog, scope);
    sql::select_stmt s = original;
    BOOST_OUTCOME_TRY(expand_stars(s, scope));

    session_env env(session);
    env.set_columns([&](const sql::expr& ref) -> sql_result<std::optional<column_meta>> {
        std::optional<column_meta> found;
        for (const auto& t : scope) {
            if (!ref.table_.empty() && !iequals(ref.table_, t.alias)) continue;
            for (const auto& c : t.info.columns) {
                if (!iequals(c.name, ref.name_)) continue;
                if (found && found->table != t.alias)
                    return sql_error{er::non_uniq, "23000", fmt::format("Column '{}' in field list is ambiguous", ref.name_)};
                found = column_of(t, c);
            }
        }
        return found;
    });
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
