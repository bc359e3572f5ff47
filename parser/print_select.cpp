// Canonical MySQL text for SELECT: query blocks, UNION chains, FROM trees.
#include "parser/print_impl.hpp"

namespace qproxy::sql::detail {

namespace {

bool plain_block(const select_stmt& s) {
    return s.unions_.empty() && s.order_by_.empty() && !s.limit_ && s.lock_ == lock_mode::none && !s.nested_;
}

}  // namespace

void mysql_printer::block(const select_stmt& s) {
    out_ += "SELECT ";
    if (s.distinct_) out_ += "DISTINCT ";
    if (s.high_priority_) out_ += "HIGH_PRIORITY ";
    if (s.straight_join_) out_ += "STRAIGHT_JOIN ";
    if (s.sql_small_result_) out_ += "SQL_SMALL_RESULT ";
    if (s.sql_big_result_) out_ += "SQL_BIG_RESULT ";
    if (s.sql_buffer_result_) out_ += "SQL_BUFFER_RESULT ";
    if (s.sql_no_cache_) out_ += "SQL_NO_CACHE ";
    if (s.sql_calc_found_rows_) out_ += "SQL_CALC_FOUND_ROWS ";
    for (std::size_t i = 0; i < s.items_.size(); ++i) {
        if (i) out_ += ", ";
        expr(s.items_[i].expr_);
        if (s.items_[i].alias_) out_ += " AS ", ident(*s.items_[i].alias_);
    }
    if (!s.from_.empty()) {
        out_ += " FROM ";
        for (std::size_t i = 0; i < s.from_.size(); ++i) {
            if (i) out_ += ", ";
            table(s.from_[i]);
        }
    }
    if (s.where_) out_ += " WHERE ", expr(*s.where_);
    if (!s.group_by_.empty()) {
        out_ += " GROUP BY ";
        order(s.group_by_);
        if (s.with_rollup_) out_ += " WITH ROLLUP";
    }
    if (s.having_) out_ += " HAVING ", expr(*s.having_);
}

void mysql_printer::select(const select_stmt& s) {
    if (s.nested_) out_ += '(', select(*s.nested_), out_ += ')';
    else block(s);
    for (const union_member& u : s.unions_) {
        out_ += u.all_ ? " UNION ALL " : " UNION ";
        if (plain_block(u.select_)) block(u.select_);
        else out_ += '(', select(u.select_), out_ += ')';
    }
    if (!s.order_by_.empty()) out_ += " ORDER BY ", order(s.order_by_);
    if (s.limit_) out_ += ' ', limit(*s.limit_);
    if (s.lock_ == lock_mode::for_update) out_ += " FOR UPDATE";
    else if (s.lock_ == lock_mode::for_share) out_ += " FOR SHARE";
}

void mysql_printer::table(const table_ref& t) {
    switch (t.kind_) {
        case table_ref_kind::table:
            if (!t.db_.empty()) ident(t.db_), out_ += '.';
            ident(t.name_);
            break;
        case table_ref_kind::derived: out_ += '('; select(*t.derived_); out_ += ')'; break;
        case table_ref_kind::qserv_result: out_ += "qserv_result("; expr(*t.result_id_); out_ += ')'; break;
        case table_ref_kind::join: {
            const table_ref& l = t.operands_[0];
            const table_ref& r = t.operands_[1];
            // A condition-less inner join on the left would swallow this join's operand.
            bool left_parens = l.kind_ == table_ref_kind::join && !l.on_ && l.using_.empty() &&
                               (l.join_ == join_kind::inner || l.join_ == join_kind::cross);
            if (left_parens) out_ += '(';
            table(l);
            if (left_parens) out_ += ')';
            out_ += ' ';
            out_ += join_text(t.join_);
            out_ += ' ';
            if (r.kind_ == table_ref_kind::join) out_ += '(';
            table(r);
            if (r.kind_ == table_ref_kind::join) out_ += ')';
            if (t.on_) out_ += " ON ", expr(*t.on_);
            if (!t.using_.empty()) {
                out_ += " USING (";
                for (std::size_t i = 0; i < t.using_.size(); ++i) {
                    if (i) out_ += ", ";
                    ident(t.using_[i]);
                }
                out_ += ')';
            }
            return;
        }
    }
    if (!t.alias_.empty()) out_ += " AS ", ident(t.alias_);
}

void mysql_printer::table_name(const sql::table_name& t) {
    if (!t.db_.empty()) ident(t.db_), out_ += '.';
    ident(t.name_);
}

void mysql_printer::user(const user_spec& u) {
    if (u.current_user_) {
        out_ += "CURRENT_USER()";
        return;
    }
    string_lit(u.user_);
    out_ += '@';
    string_lit(u.host_);
}

}  // namespace qproxy::sql::detail
