// SELECT statements as SQLite text: blocks, UNION chains, FROM trees, and
// sorting/grouping/DISTINCT on strings through the ci collation.
#include "parser/print_sqlite_impl.hpp"

#include <fmt/format.h>

namespace qproxy::sql {

sql_result<sqlite_query> to_sqlite(const select_stmt& s, const sqlite_print_options& options) {
    sqlite_printer::printer p(options);
    p.find_assignments(s);
    PRINT_TRY(p.select(s));
    return p.take();
}

namespace sqlite_printer {

namespace {

// The block whose items name a statement's columns (a UNION's first member).
const select_stmt& first_block(const select_stmt& s) { return s.nested_ ? first_block(*s.nested_) : s; }

bool needs_own_query(const select_stmt& s) {
    return !s.order_by_.empty() || s.limit_.has_value() || !s.unions_.empty() || s.nested_.has_value();
}

std::string_view join_keyword(join_kind k) {
    switch (k) {
    case join_kind::cross: return " CROSS JOIN ";
    case join_kind::left: return " LEFT JOIN ";
    case join_kind::right: return " RIGHT JOIN ";
    case join_kind::natural: return " NATURAL JOIN ";
    case join_kind::natural_left: return " NATURAL LEFT JOIN ";
    case join_kind::natural_right: return " NATURAL RIGHT JOIN ";
    default: return " JOIN ";  // INNER, STRAIGHT_JOIN (an optimizer hint only)
    }
}

}  // namespace

sql_status printer::select(const select_stmt& s) {
    if (s.nested_) {
        out("SELECT * FROM (");
        PRINT_TRY(select(*s.nested_));
        out(")");
    } else {
        PRINT_TRY(select_block(s));
    }
    for (const auto& u : s.unions_) {
        out(u.all_ ? " UNION ALL " : " UNION ");
        if (needs_own_query(u.select_)) {
            // SQLite has no parenthesised compound members: a member with its own
            // ORDER BY / LIMIT becomes a derived table.
            out("SELECT * FROM (");
            PRINT_TRY(select(u.select_));
            out(")");
        } else {
            PRINT_TRY(select_block(u.select_));
        }
    }
    if (!s.order_by_.empty()) {
        out(" ORDER BY ");
        PRINT_TRY(with_aliases(first_block(s).items_, [&] { return order_list(s.order_by_, first_block(s).items_); }));
    }
    if (s.limit_) {
        out(" LIMIT ");
        if (s.limit_->count_.kind_ != expr_kind::int_lit || (s.limit_->offset_ && s.limit_->offset_->kind_ != expr_kind::int_lit))
            return unsupported("LIMIT with placeholders");
        out(s.limit_->count_.text_);
        if (s.limit_->offset_) out(" OFFSET " + s.limit_->offset_->text_);
    }
    return ok();
}

sql_status printer::select_block(const select_stmt& s) {
    out(s.distinct_ ? "SELECT DISTINCT " : "SELECT ");
    for (std::size_t i = 0; i < s.items_.size(); ++i) {
        const auto& item = s.items_[i];
        if (i) out(", ");
        if (item.expr_.kind_ == expr_kind::star) {
            out(item.expr_.table_.empty() ? "*" : sqlite_quote_identifier(item.expr_.table_) + ".*");
            continue;
        }
        // DISTINCT compares strings as MySQL does; the column keeps MySQL's name.
        if (s.distinct_) PRINT_TRY(sort_key(item.expr_, s.items_));
        else PRINT_TRY(value(item.expr_));
        out(" AS " + sqlite_quote_identifier(item.name_.empty() ? item.alias_.value_or("") : item.name_));
    }
    for (std::size_t i = 0; i < s.from_.size(); ++i) {
        out(i ? ", " : " FROM ");
        PRINT_TRY(table_ref(s.from_[i]));
    }
    if (s.where_) {
        out(" WHERE ");
        PRINT_TRY(value(*s.where_));
    }
    return with_aliases(s.items_, [&]() -> sql_status {
        if (!s.group_by_.empty()) {
            if (s.with_rollup_) return unsupported("GROUP BY ... WITH ROLLUP");
            out(" GROUP BY ");
            for (std::size_t i = 0; i < s.group_by_.size(); ++i) {
                if (i) out(", ");
                PRINT_TRY(sort_key(s.group_by_[i].expr_, s.items_));
            }
        }
        if (s.having_) {
            out(" HAVING ");
            PRINT_TRY(value(*s.having_));
        }
        return ok();
    });
}

sql_status printer::order_list(const std::vector<order_item>& keys, const std::vector<select_item>& items) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i) out(", ");
        PRINT_TRY(sort_key(keys[i].expr_, items));
        if (keys[i].desc_) out(" DESC");
    }
    return ok();
}

sql_status printer::sort_key(const expr& e, const std::vector<select_item>& items) {
    // Positions stay positions (SQLite keeps a COLLATE on them); strings sort and
    // group by MySQL's collation.
    const expr* typed = &e;
    if (e.kind_ == expr_kind::int_lit) {
        out(e.text_);
        const auto n = e.text_.size() < 10 ? std::stoul(e.text_) : 0;
        if (n < 1 || n > items.size() || items[n - 1].expr_.kind_ == expr_kind::star) return ok();
        typed = &items[n - 1].expr_;
    } else {
        PRINT_TRY(value(e));
    }
    BOOST_OUTCOME_TRY(m, type(*typed));
    if (is_string_type(m) && !is_binary_string(m)) out(fmt::format(" COLLATE {}", collation_for(m)));
    return ok();
}

sql_status printer::table_ref(const struct table_ref& t) {
    auto name = [&](std::string_view db, std::string_view table) {
        if (options_.table_name) return options_.table_name(db, table);
        return db.empty() ? sqlite_quote_identifier(table) : sqlite_quote_identifier(db) + "." + sqlite_quote_identifier(table);
    };
    auto alias = [&] {
        if (!t.alias_.empty()) out(" AS " + sqlite_quote_identifier(t.alias_));
    };
    switch (t.kind_) {
    case table_ref_kind::table: {
        const std::size_t offset = query_.text.size();
        out(name(t.db_, t.name_));
        query_.tables.push_back({offset, query_.text.size() - offset, t.db_, t.name_, !t.alias_.empty()});
        alias();
        return ok();
    }
    case table_ref_kind::derived:
        out("(");
        PRINT_TRY(select(*t.derived_));
        out(")");
        alias();
        return ok();
    case table_ref_kind::qserv_result:
        if (!t.result_id_ || t.result_id_->kind_ != expr_kind::int_lit) return unsupported("qserv_result() without a numeric id");
        out(name("qservResult", "result_" + t.result_id_->text_));
        alias();
        return ok();
    case table_ref_kind::join: {
        const bool nested_right = t.operands_[1].kind_ == table_ref_kind::join;
        PRINT_TRY(table_ref(t.operands_[0]));
        out(join_keyword(t.join_));
        if (nested_right) out("(");
        PRINT_TRY(table_ref(t.operands_[1]));
        if (nested_right) out(")");
        if (t.on_) {
            out(" ON ");
            PRINT_TRY(value(*t.on_));
        } else if (!t.using_.empty()) {
            out(" USING (");
            for (std::size_t i = 0; i < t.using_.size(); ++i) out((i ? ", " : "") + sqlite_quote_identifier(t.using_[i]));
            out(")");
        }
        return ok();
    }
    }
    return ok();
}

}  // namespace sqlite_printer
}  // namespace qproxy::sql
