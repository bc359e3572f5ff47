// Expressions, level by level as in MySQL 8.0's grammar (sql_yacc.yy: expr, bool_pri,
// predicate, bit_expr, simple_expr), which is what gives the documented precedence:
// OR/|| < XOR < AND/&& < NOT < IS TRUE… < comparison, IS NULL < BETWEEN/IN/LIKE/REGEXP
// < | < & < << >> < + - < * / DIV % MOD < ^ < unary - ~ ! BINARY < COLLATE < INTERVAL.
#include "parser/parser_impl.hpp"

namespace qproxy::sql::detail {

namespace {

// Operators of bit_expr with their binding strength (higher binds tighter).
int bit_precedence(const token& t, op& o) {
    switch (t.kind_) {
        case tok::pipe: o = op::bit_or; return 1;
        case tok::amp: o = op::bit_and; return 2;
        case tok::shl: o = op::shift_left; return 3;
        case tok::shr: o = op::shift_right; return 3;
        case tok::plus: o = op::add; return 4;
        case tok::minus: o = op::sub; return 4;
        case tok::star: o = op::mul; return 5;
        case tok::slash: o = op::div; return 5;
        case tok::percent: o = op::mod; return 5;
        case tok::caret: o = op::bit_xor; return 6;
        case tok::ident:
            if (t.keyword_ == kw::div_) return o = op::int_div, 5;
            if (t.keyword_ == kw::mod_) return o = op::mod, 5;
            return 0;
        default: return 0;
    }
}

bool comparison(tok k, op& o) {
    switch (k) {
        case tok::eq: o = op::eq; return true;
        case tok::null_safe_eq: o = op::null_safe_eq; return true;
        case tok::ge: o = op::ge; return true;
        case tok::gt: o = op::gt; return true;
        case tok::le: o = op::le; return true;
        case tok::lt: o = op::lt; return true;
        case tok::ne: o = op::ne; return true;
        default: return false;
    }
}

}  // namespace

// Whether the operand at the cursor is a lone leaf: a literal, variable, placeholder or
// [[db.]t.]column followed by something that cannot continue an expression. Most select
// items and arguments are; parsing them directly skips ten levels of precedence.
bool parser::lone_operand_ahead() const {
    std::size_t i = 0;
    const token& t = peek();
    switch (t.kind_) {
        case tok::integer: case tok::decimal: case tok::real: case tok::param: i = 1; break;
        case tok::string: if (peek(1).kind_ == tok::string) return false; i = 1; break;
        case tok::quoted_ident: case tok::ident:
            if (t.kind_ == tok::ident && is_reserved(t.keyword_)) return false;
            for (i = 1; peek(i).kind_ == tok::dot && i < 5; i += 2)
                if (peek(i + 1).kind_ != tok::ident && peek(i + 1).kind_ != tok::quoted_ident) return false;
            break;
        default: return false;
    }
    const token& n = peek(i);
    switch (n.kind_) {
        case tok::comma: case tok::rparen: case tok::end: return true;
        case tok::ident:
            if (n.keyword_ == kw::sounds_ || n.keyword_ == kw::member_) return false;
            if (!is_reserved(n.keyword_)) return true;  // an alias
            switch (n.keyword_) {
                case kw::from_: case kw::as_: case kw::where_: case kw::group_: case kw::having_: case kw::order_:
                case kw::limit_: case kw::asc_: case kw::desc_: case kw::then_: case kw::when_: case kw::else_:
                case kw::on_: case kw::using_: case kw::union_: case kw::separator_: case kw::into_:
                    return true;
                default: return false;
            }
        default: return false;
    }
}

expr parser::parse_expr() {
    if (lone_operand_ahead()) return peek().kind_ == tok::ident || peek().kind_ == tok::quoted_ident
                                         ? parse_column_or_call()
                                         : parse_primary();
    nesting guard(*this);
    std::uint32_t start = peek().offset_;
    expr l = guard.ok() ? parse_xor() : expr{};
    while (at(kw::or_) || at(tok::or_or)) {
        take();
        expr r = parse_xor();
        l = make_binary(op::or_, std::move(l), std::move(r), start);
    }
    return l;
}

expr parser::parse_xor() {
    std::uint32_t start = peek().offset_;
    expr l = parse_and();
    while (accept(kw::xor_)) {
        expr r = parse_and();
        l = make_binary(op::xor_, std::move(l), std::move(r), start);
    }
    return l;
}

expr parser::parse_and() {
    std::uint32_t start = peek().offset_;
    expr l = parse_not();
    while (at(kw::and_) || at(tok::and_and)) {
        take();
        expr r = parse_not();
        l = make_binary(op::and_, std::move(l), std::move(r), start);
    }
    return l;
}

expr parser::parse_not() {
    std::uint32_t start = peek().offset_;
    if (accept(kw::not_)) {
        nesting guard(*this);
        return make_unary(op::not_, guard.ok() ? parse_not() : expr{}, start);
    }
    return parse_truth();
}

// bool_pri IS [NOT] TRUE|FALSE|UNKNOWN (at most once: the result is no longer a bool_pri).
expr parser::parse_truth() {
    std::uint32_t start = peek().offset_;
    expr x = parse_bool_pri();
    if (!at(kw::is_)) return x;
    std::size_t k = at2(kw::is_, kw::not_) ? 2 : 1;
    truth t;
    if (peek(k).is(kw::true_)) t = truth::true_;
    else if (peek(k).is(kw::false_)) t = truth::false_;
    else if (peek(k).is(kw::unknown_)) t = truth::unknown;
    else return x;
    for (std::size_t i = 0; i <= k; ++i) take();
    wrap(x, expr_kind::is_test, start);
    x.truth_ = t;
    x.negated_ = k == 2;
    finish(x);
    return x;
}

expr parser::parse_bool_pri() {
    std::uint32_t start = peek().offset_;
    expr l = parse_predicate();
    for (;;) {
        op o;
        if (at(kw::is_)) {
            std::size_t k = at2(kw::is_, kw::not_) ? 2 : 1;
            if (!peek(k).is(kw::null_)) break;
            for (std::size_t i = 0; i <= k; ++i) take();
            expr e;
            e.kind_ = expr_kind::is_test;
            e.truth_ = truth::null_;
            e.negated_ = k == 2;
            e.args_.push_back(std::move(l));
            e.span_ = span_from(start);
            finish(e);
            l = std::move(e);
        } else if (comparison(peek().kind_, o)) {
            take();
            bool all = at(kw::all_);
            if ((all || at(kw::any_) || at(kw::some_)) && peek(1).kind_ == tok::lparen) {
                take();
                expr e;
                e.kind_ = expr_kind::quantified;
                e.op_ = o;
                e.quantifier_ = all ? quantifier::all : quantifier::any;
                e.args_.push_back(std::move(l));
                e.query_ = parse_paren_query();
                e.span_ = span_from(start);
                finish(e);
                l = std::move(e);
            } else {
                expr r = parse_predicate();
                l = make_binary(o, std::move(l), std::move(r), start);
            }
        } else {
            break;
        }
    }
    return l;
}

expr parser::parse_predicate() {
    std::uint32_t start = peek().offset_;
    expr x = parse_bit(1);
    bool negated = false;
    if (at(kw::not_)) {
        const token& n = peek(1);
        if (!(n.is(kw::in_) || n.is(kw::between_) || n.is(kw::like_) || n.is(kw::regexp_) || n.is(kw::rlike_)))
            return x;
        take();
        negated = true;
    }
    if (accept(kw::in_)) {
        if (!at(tok::lparen)) {
            fail();
            return x;
        }
        wrap(x, expr_kind::in_list, start);
        if (subquery_ahead() && try_paren_query(x.query_)) {
            x.kind_ = expr_kind::in_subquery;
        } else {
            take();  // '('
            for (expr& item : parse_expr_list()) x.args_.push_back(std::move(item));
            expect(tok::rparen);
        }
    } else if (accept(kw::between_)) {
        wrap(x, expr_kind::between, start);
        x.args_.push_back(parse_bit(1));
        expect(kw::and_);
        nesting guard(*this);
        if (!guard.ok()) return x;
        x.args_.push_back(parse_predicate());
    } else if (accept(kw::like_)) {
        wrap(x, expr_kind::like, start);
        x.args_.push_back(parse_simple());
        if (accept(kw::escape_)) x.args_.push_back(parse_simple());
    } else if (accept(kw::regexp_) || accept(kw::rlike_)) {
        wrap(x, expr_kind::regexp, start);
        x.args_.push_back(parse_bit(1));
    } else if (!negated && at2(kw::sounds_, kw::like_)) {
        take(), take();
        wrap(x, expr_kind::binary, start);
        x.op_ = op::sounds_like;
        x.args_.push_back(parse_bit(1));
    } else if (!negated && at(kw::member_) && (peek(1).is(kw::of_) || peek(1).kind_ == tok::lparen)) {
        take();
        accept(kw::of_);
        expect(tok::lparen);
        wrap(x, expr_kind::binary, start);
        x.op_ = op::member_of;
        x.args_.push_back(parse_simple());
        expect(tok::rparen);
    } else {
        return x;
    }
    x.negated_ = negated;
    x.span_ = span_from(start);
    finish(x);
    return x;
}

// Replaces x by a new `kind` node whose first argument is x (the caller adds the rest).
void parser::wrap(expr& x, expr_kind kind, std::uint32_t start) {
    expr e;
    e.kind_ = kind;
    e.span_ = span_from(start);
    e.args_.reserve(3);
    e.args_.push_back(std::move(x));
    x = std::move(e);
}

// Precedence climbing over bit_expr's operators, all left-associative.
expr parser::parse_bit(int min_prec) {
    std::uint32_t start = peek().offset_;
    expr l = parse_simple();
    for (;;) {
        op o = op::none;
        int prec = bit_precedence(peek(), o);
        if (prec == 0 || prec < min_prec) break;
        take();
        expr r;
        if ((o == op::add || o == op::sub) && at(kw::interval_)) {
            r = parse_interval_operand();
        } else {
            nesting guard(*this);
            if (guard.ok()) r = parse_bit(prec + 1);
        }
        l = make_binary(o, std::move(l), std::move(r), start);
    }
    return l;
}

// INTERVAL expr unit, as the operand of + / - or a DATE_ADD-style argument.
expr parser::parse_interval_operand() {
    std::uint32_t start = peek().offset_;
    expect(kw::interval_);
    expr e;
    e.kind_ = expr_kind::interval;
    e.args_.push_back(parse_expr());
    e.unit_ = parse_interval_unit();
    e.span_ = span_from(start);
    finish(e);
    return e;
}

expr parser::parse_simple() {
    std::uint32_t start = peek().offset_;
    op o = op::none;
    switch (peek().kind_) {
        case tok::minus: o = op::neg; break;
        case tok::plus: o = op::plus; break;
        case tok::tilde: o = op::bit_not; break;
        case tok::bang: o = op::not_; break;
        case tok::ident:
            if (peek().keyword_ == kw::binary_) o = op::binary_;
            break;
        default: break;
    }
    if (o == op::none) return parse_collated();
    take();
    nesting guard(*this);
    return make_unary(o, guard.ok() ? parse_simple() : expr{}, start);
}

// A primary with its COLLATE suffixes (which bind tighter than the unary operators).
expr parser::parse_collated() {
    std::uint32_t start = peek().offset_;
    expr e = parse_primary();
    while (accept(kw::collate_)) {
        wrap(e, expr_kind::collate, start);
        e.name_ = ident_or_text();
        e.span_ = span_from(start);
        finish(e);
    }
    return e;
}

}  // namespace qproxy::sql::detail
