#include "czar/select_scope.hpp"

#include "parser/walk.hpp"
#include "storage/catalog.hpp"

#include <fmt/format.h>

#include <strings.h>

namespace qproxy::czar {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

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

}  // namespace

std::vector<scope_table> collect_scope(const sql::select_stmt& s, const std::string& current_db,
                                       const storage::catalog& catalog) {
    std::vector<scope_table> out;
    collect(s, current_db, catalog, out);
    const auto outer = out.size();
    sql::for_each_expr(s, [&](const sql::expr& e) {
        if (e.query_) collect(*e.query_, current_db, catalog, out);
    });
    for (auto i = outer; i < out.size(); ++i) out[i].nested = true;
    return out;
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
            if (t.nested || (!item.expr_.table_.empty() && !iequals(item.expr_.table_, t.alias))) continue;
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

namespace {

void coalesced(const sql::table_ref& t, std::vector<std::string>& out) {
    if (t.kind_ != sql::table_ref_kind::join) return;
    for (const auto& o : t.operands_) coalesced(o, out);
    out.insert(out.end(), t.using_.begin(), t.using_.end());
    if (t.join_ == sql::join_kind::natural || t.join_ == sql::join_kind::natural_left ||
        t.join_ == sql::join_kind::natural_right)
        out.emplace_back("*");
}

}  // namespace

std::vector<std::string> coalesced_columns(const sql::select_stmt& s) {
    std::vector<std::string> out;
    for (const auto& t : s.from_) coalesced(t, out);
    return out;
}

session_env::column_lookup scope_columns(const std::vector<scope_table>& scope, std::vector<std::string> coalesced) {
    return [&scope, coalesced = std::move(coalesced)](const sql::expr& ref) -> sql_result<std::optional<column_meta>> {
        auto merged = [&] {
            for (const auto& c : coalesced)
                if (c == "*" || iequals(c, ref.name_)) return true;
            return false;
        };
        // Outer tables first: a subquery's names are found after them (a simplification of
        // MySQL's inner-first scoping that types the same for the queries qproxy plans).
        for (const bool nested : {false, true}) {
            std::optional<column_meta> found;
            for (const auto& t : scope) {
                if (t.nested != nested || (!ref.table_.empty() && !iequals(ref.table_, t.alias))) continue;
                for (const auto& c : t.info.columns) {
                    if (!iequals(c.name, ref.name_)) continue;
                    if (found && found->table != t.alias) {
                        if (ref.table_.empty() && merged()) return found;
                        return sql_error{er::non_uniq, "23000",
                                         fmt::format("Column '{}' in field list is ambiguous", ref.name_)};
                    }
                    found = column_of(t, c);
                }
            }
            if (found) return found;
        }
        return std::optional<column_meta>();
    };
}

}  // namespace qproxy::czar
