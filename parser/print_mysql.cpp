// Canonical MySQL text for expressions and SELECT: parentheses exactly where the
// precedence of the tree needs them, identifiers backquoted when needed.
#include "parser/keywords.hpp"
#include "parser/lexer.hpp"
#include "parser/parser.hpp"
#include "parser/print_impl.hpp"

namespace qproxy::sql::detail {

namespace {

bool needs_quotes(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return true;
    for (char c : name)
        if (!is_ident_char(c)) return true;
    // `_latin1` and friends would read as a character set introducer before a string.
    if (name[0] == '_') return true;
    return is_reserved_word(name);
}

// A call of a sql_functions name written with a blank before '(' is a plain call; print the
// blank again when the function's own grammar could not read these arguments.
bool needs_blank_before_paren(const expr& e) {
    const std::string& fn = e.canonical_;
    if (!e.db_.empty() || !needs_adjacent_paren(fn)) return false;
    const std::size_t n = e.args_.size();
    if (fn == "TRIM") return e.trim_ == trim_side::none && (n == 0 || n > 2);
    if (fn == "SUBSTRING" || fn == "SUBSTR" || fn == "MID") return n < 2;
    if (fn == "POSITION") return n != 2;
    if (fn == "EXTRACT") return e.unit_ == interval_unit::none;
    if (fn == "CAST") return true;  // CAST AS is expr_kind::cast
    if (fn == "DATE_ADD" || fn == "DATE_SUB" || fn == "ADDDATE" || fn == "SUBDATE") return n != 2;
    if (fn == "CURDATE" || fn == "CURTIME" || fn == "NOW" || fn == "SYSDATE" || fn == "SESSION_USER" ||
        fn == "SYSTEM_USER" || fn == "ST_COLLECT")
        return false;
    return n == 0 && !e.star_;  // aggregates need an argument
}

}  // namespace

int expr_level(const expr& e) {
    switch (e.kind_) {
        case expr_kind::binary:
            switch (e.op_) {
                case op::assign: return l_assign;
                case op::or_: return l_or;
                case op::xor_: return l_xor;
                case op::and_: return l_and;
                case op::eq: case op::null_safe_eq: case op::ge: case op::gt: case op::le: case op::lt:
                case op::ne: return l_compare;
                case op::sounds_like: case op::member_of: return l_predicate;
                case op::bit_or: return l_bit_or;
                case op::bit_and: return l_bit_and;
                case op::shift_left: case op::shift_right: return l_shift;
                case op::add: case op::sub: return l_add;
                case op::mul: case op::div: case op::int_div: case op::mod: return l_mul;
                case op::bit_xor: return l_bit_xor;
                default: return l_primary;
            }
        case expr_kind::unary: return e.op_ == op::not_ ? l_not : l_unary;
        case expr_kind::is_test: return e.truth_ == truth::null_ ? l_compare : l_truth;
        case expr_kind::quantified: return l_compare;
        case expr_kind::between: case expr_kind::in_list: case expr_kind::in_subquery: case expr_kind::like:
        case expr_kind::regexp: return l_predicate;
        case expr_kind::collate: return l_collate;
        default: return l_primary;
    }
}

void mysql_printer::ident(std::string_view name) {
    if (!needs_quotes(name)) {
        out_ += name;
        return;
    }
    out_ += '`';
    for (char c : name) {
        if (c == '`') out_ += '`';
        out_ += c;
    }
    out_ += '`';
}

void mysql_printer::string_lit(std::string_view value) {
    out_ += '\'';
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        switch (c) {
            case '\'': out_ += "\\'"; break;
            case '\\':  // `\%` and `\_` stand for themselves (MySQL keeps them for LIKE)
                out_ += i + 1 < value.size() && (value[i + 1] == '%' || value[i + 1] == '_') ? "\\" : "\\\\";
                break;
            case '\0': out_ += "\\0"; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            case '\x1a': out_ += "\\Z"; break;
            default: out_ += c;
        }
    }
    out_ += '\'';
}

void mysql_printer::exprs(const std::vector<sql::expr>& es) {
    for (std::size_t i = 0; i < es.size(); ++i) {
        if (i) out_ += ", ";
        expr(es[i]);
    }
}

void mysql_printer::expr(const sql::expr& e, int min_level) {
    const bool parens = expr_level(e) < min_level;
    if (parens) out_ += '(';
    const auto& a = e.args_;
    switch (e.kind_) {
        case expr_kind::null_lit: out_ += "NULL"; break;
        case expr_kind::bool_lit: out_ += e.value_ ? "TRUE" : "FALSE"; break;
        case expr_kind::int_lit: case expr_kind::decimal_lit: case expr_kind::float_lit: out_ += e.text_; break;
        case expr_kind::string_lit:
            if (e.temporal_keyword_) {
                out_ += e.text_;
                break;
            }
            if (!e.name_.empty()) out_ += "_" + e.name_ + " ";
            if (e.national_) out_ += 'N';
            string_lit(e.text_);
            break;
        case expr_kind::hex_lit:
            if (!e.name_.empty()) out_ += "_" + e.name_ + " ";
            out_ += e.text_.size() % 2 == 0 ? "X'" + e.text_ + "'" : "0x" + e.text_;
            break;
        case expr_kind::bit_lit:
            if (!e.name_.empty()) out_ += "_" + e.name_ + " ";
            out_ += "B'" + e.text_ + "'";
            break;
        case expr_kind::temporal_lit:
            out_ += e.temporal_ == temporal::date ? "DATE " : e.temporal_ == temporal::time ? "TIME " : "TIMESTAMP ";
            string_lit(e.text_);
            break;
        case expr_kind::column:
        case expr_kind::star:
            if (!e.db_.empty()) ident(e.db_), out_ += '.';
            if (!e.table_.empty()) ident(e.table_), out_ += '.';
            if (e.kind_ == expr_kind::star) out_ += '*';
            else ident(e.name_);
            break;
        case expr_kind::user_var: out_ += '@'; ident(e.name_); break;
        case expr_kind::sys_var: {
            out_ += "@@";
            if (e.scope_ != var_scope::none) out_ += scope_text(e.scope_), out_ += '.';
            std::string_view name = e.name_;
            for (std::size_t dot; (dot = name.find('.')) != std::string_view::npos; name.remove_prefix(dot + 1))
                ident(name.substr(0, dot)), out_ += '.';
            ident(name);
            break;
        }
        case expr_kind::placeholder: out_ += '?'; break;
        case expr_kind::default_value: out_ += "DEFAULT"; break;
        case expr_kind::unary: {
            out_ += op_text(e.op_);
            if (e.op_ == op::not_ || e.op_ == op::binary_) out_ += ' ';
            std::size_t at = out_.size();
            expr(a[0], e.op_ == op::not_ ? l_not : l_unary);
            if (out_.size() > at && out_[at] == '-' && e.op_ == op::neg) out_.insert(at, " ");
            break;
        }
        case expr_kind::binary: binary(e); break;
        case expr_kind::is_test:
            expr(a[0], l_compare);
            out_ += e.negated_ ? " IS NOT " : " IS ";
            out_ += e.truth_ == truth::null_ ? "NULL" : e.truth_ == truth::true_ ? "TRUE"
                    : e.truth_ == truth::false_ ? "FALSE" : "UNKNOWN";
            break;
        case expr_kind::between:
            expr(a[0], l_bit_or);
            out_ += e.negated_ ? " NOT BETWEEN " : " BETWEEN ";
            expr(a[1], l_bit_or);
            out_ += " AND ";
            expr(a[2], l_predicate);
            break;
        case expr_kind::in_list:
            expr(a[0], l_bit_or);
            out_ += e.negated_ ? " NOT IN (" : " IN (";
            for (std::size_t i = 1; i < a.size(); ++i) {
                if (i > 1) out_ += ", ";
                expr(a[i]);
            }
            out_ += ')';
            break;
        case expr_kind::in_subquery:
            expr(a[0], l_bit_or);
            out_ += e.negated_ ? " NOT IN (" : " IN (";
            select(*e.query_);
            out_ += ')';
            break;
        case expr_kind::like:
            expr(a[0], l_bit_or);
            out_ += e.negated_ ? " NOT LIKE " : " LIKE ";
            expr(a[1], l_unary);
            if (a.size() > 2) out_ += " ESCAPE ", expr(a[2], l_unary);
            break;
        case expr_kind::regexp:
            expr(a[0], l_bit_or);
            out_ += e.negated_ ? " NOT REGEXP " : " REGEXP ";
            expr(a[1], l_bit_or);
            break;
        case expr_kind::quantified:
            expr(a[0], l_compare);
            out_ += ' ';
            out_ += op_text(e.op_);
            out_ += e.quantifier_ == quantifier::all ? " ALL (" : " ANY (";
            select(*e.query_);
            out_ += ')';
            break;
        case expr_kind::case_when: {
            out_ += "CASE";
            std::size_t i = 0;
            if (e.has_operand_) out_ += ' ', expr(a[i++]);
            std::size_t whens_end = a.size() - (e.has_else_ ? 1 : 0);
            for (; i < whens_end; i += 2) {
                out_ += " WHEN ", expr(a[i]);
                out_ += " THEN ", expr(a[i + 1]);
            }
            if (e.has_else_) out_ += " ELSE ", expr(a.back());
            out_ += " END";
            break;
        }
        case expr_kind::cast:
            out_ += "CAST(";
            expr(a[0]);
            out_ += " AS ";
            cast(e.cast_);
            out_ += ')';
            break;
        case expr_kind::convert_using:
            out_ += "CONVERT(";
            expr(a[0]);
            out_ += " USING ";
            ident(e.name_);
            out_ += ')';
            break;
        case expr_kind::collate:
            expr(a[0], l_collate);
            out_ += " COLLATE ";
            ident(e.name_);
            break;
        case expr_kind::interval:
            out_ += "INTERVAL ";
            expr(a[0]);
            out_ += ' ';
            out_ += unit_text(e.unit_);
            break;
        case expr_kind::exists: out_ += "EXISTS ("; select(*e.query_); out_ += ')'; break;
        case expr_kind::subquery: out_ += '('; select(*e.query_); out_ += ')'; break;
        case expr_kind::row:
            out_ += a.size() == 1 ? "ROW(" : "(";
            exprs(a);
            out_ += ')';
            break;
        case expr_kind::func: func(e); break;
        case expr_kind::areaspec:
            out_ += area_text(e.area_);
            out_ += '(';
            exprs(a);
            out_ += ')';
            break;
    }
    if (parens) out_ += ')';
}

void mysql_printer::binary(const sql::expr& e) {
    const auto& a = e.args_;
    const int lvl = expr_level(e);
    if (e.op_ == op::json_extract || e.op_ == op::json_unquote) {
        expr(a[0], l_primary);
        out_ += e.op_ == op::json_extract ? "->" : "->>";
        expr(a[1], l_primary);
        return;
    }
    if (e.op_ == op::member_of) {
        expr(a[0], l_bit_or);
        out_ += " MEMBER OF (";
        expr(a[1], l_unary);
        out_ += ')';
        return;
    }
    if (e.op_ == op::assign) {
        expr(a[0], l_primary);
        out_ += " := ";
        expr(a[1]);
        return;
    }
    // Left-associative: the left operand may sit at the same level, the right one binds tighter.
    // Comparisons take a predicate on the right; INTERVAL operands are never parenthesised.
    int left = lvl, right = lvl + 1;
    if (lvl == l_compare) right = l_predicate;
    if (lvl == l_predicate) left = right = l_bit_or;
    if (a[0].kind_ == expr_kind::interval) {
        expr(a[0]);
        right = l_mul;
    } else {
        expr(a[0], left);
    }
    out_ += ' ';
    out_ += op_text(e.op_);
    out_ += ' ';
    if (a[1].kind_ == expr_kind::interval) expr(a[1]);
    else expr(a[1], right);
}

void mysql_printer::func(const sql::expr& e) {
    const auto& a = e.args_;
    const std::string& fn = e.canonical_;
    if (!e.db_.empty()) ident(e.db_), out_ += '.';
    bool plain_name = !e.name_.empty();
    for (char c : e.name_) plain_name = plain_name && is_ident_char(c);
    if (plain_name && !(e.name_[0] >= '0' && e.name_[0] <= '9')) out_ += e.name_;
    else ident(e.name_);
    if (needs_blank_before_paren(e)) out_ += ' ';
    out_ += '(';
    const bool own_grammar = e.db_.empty();
    if (e.star_) {
        out_ += '*';
    } else if (own_grammar && fn == "TRIM" && (e.trim_ != trim_side::none || a.size() == 2)) {
        if (e.trim_ != trim_side::none)
            out_ += e.trim_ == trim_side::leading ? "LEADING " : e.trim_ == trim_side::trailing ? "TRAILING " : "BOTH ";
        if (a.size() == 2) expr(a[1]), out_ += ' ';
        out_ += "FROM ";
        expr(a[0]);
    } else if (own_grammar && fn == "POSITION" && a.size() == 2) {
        expr(a[0], l_bit_or);
        out_ += " IN ";
        expr(a[1]);
    } else if (e.unit_ != interval_unit::none) {
        out_ += unit_text(e.unit_);
        out_ += fn == "EXTRACT" ? " FROM " : ", ";
        exprs(a);
    } else {
        if (e.distinct_) out_ += "DISTINCT ";
        exprs(a);
        if (!e.order_by_.empty()) out_ += " ORDER BY ", order(e.order_by_);
        if (e.separator_) out_ += " SEPARATOR ", string_lit(*e.separator_);
        if (!e.using_charset_.empty()) out_ += " USING ", ident(e.using_charset_);
        if (e.has_cast_) out_ += " AS ", cast(e.cast_);
    }
    out_ += ')';
}

void mysql_printer::order(const std::vector<order_item>& items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out_ += ", ";
        expr(items[i].expr_);
        if (items[i].desc_) out_ += " DESC";
    }
}

void mysql_printer::limit(const limit_clause& l) {
    out_ += "LIMIT ";
    // `LIMIT ?, ?` binds the offset first: keep the placeholders in their order.
    if (l.offset_ && l.offset_->kind_ == expr_kind::placeholder && l.count_.kind_ == expr_kind::placeholder &&
        l.offset_->index_ < l.count_.index_) {
        expr(*l.offset_);
        out_ += ", ";
        expr(l.count_);
        return;
    }
    expr(l.count_);
    if (l.offset_) out_ += " OFFSET ", expr(*l.offset_);
}

}  // namespace qproxy::sql::detail

namespace qproxy::sql {

std::string to_mysql(const expr& e) {
    detail::mysql_printer p;
    p.expr(e);
    return std::move(p.out_);
}

std::string to_mysql(const select_stmt& s) {
    detail::mysql_printer p;
    p.select(s);
    return std::move(p.out_);
}

std::string to_mysql(const statement& s) {
    detail::mysql_printer p;
    p.statement(s);
    return std::move(p.out_);
}

}  // namespace qproxy::sql
