// Pieces shared by many clauses: interval units, expression and ORDER BY lists, LIMIT.
#include "parser/parser_impl.hpp"

namespace qproxy::sql::detail {

interval_unit parser::parse_interval_unit() {
    static constexpr std::pair<std::string_view, interval_unit> units[] = {
        {"MICROSECOND", interval_unit::microsecond}, {"SECOND", interval_unit::second},
        {"MINUTE", interval_unit::minute}, {"HOUR", interval_unit::hour}, {"DAY", interval_unit::day},
        {"WEEK", interval_unit::week}, {"MONTH", interval_unit::month}, {"QUARTER", interval_unit::quarter},
        {"YEAR", interval_unit::year}, {"SECOND_MICROSECOND", interval_unit::second_microsecond},
        {"MINUTE_MICROSECOND", interval_unit::minute_microsecond}, {"MINUTE_SECOND", interval_unit::minute_second},
        {"HOUR_MICROSECOND", interval_unit::hour_microsecond}, {"HOUR_SECOND", interval_unit::hour_second},
        {"HOUR_MINUTE", interval_unit::hour_minute}, {"DAY_MICROSECOND", interval_unit::day_microsecond},
        {"DAY_SECOND", interval_unit::day_second}, {"DAY_MINUTE", interval_unit::day_minute},
        {"DAY_HOUR", interval_unit::day_hour}, {"YEAR_MONTH", interval_unit::year_month},
    };
    if (at(tok::ident)) {
        std::string w = upper_word(peek());
        for (auto& [name, unit] : units)
            if (w == name) {
                take();
                return unit;
            }
    }
    fail();
    return interval_unit::none;
}

// Whether the '(' at the cursor opens a query expression: '(' … '(' SELECT|WITH.
bool parser::subquery_ahead() const {
    std::size_t i = 0;
    while (peek(i).kind_ == tok::lparen) ++i;
    return i > 0 && (peek(i).is(kw::select_) || peek(i).is(kw::with_));
}

std::vector<expr> parser::parse_expr_list() {
    std::vector<expr> out;
    out.reserve(count_items());
    do out.push_back(parse_expr());
    while (accept(tok::comma));
    return out;
}

expr parser::parse_expr_or_default() {
    if (at(kw::default_) && peek(1).kind_ != tok::lparen) {
        expr e;
        e.kind_ = expr_kind::default_value;
        e.span_ = {take().offset_, 7};
        return e;
    }
    return parse_expr();
}

std::vector<order_item> parser::parse_order_list() {
    std::vector<order_item> out;
    do {
        order_item item;
        item.expr_ = parse_expr();
        if (accept(kw::desc_)) item.desc_ = true;
        else accept(kw::asc_);
        out.push_back(std::move(item));
    } while (accept(tok::comma));
    return out;
}

limit_clause parser::parse_limit() {
    auto option = [&] {
        expr e;
        if (at(tok::integer)) {
            e.kind_ = expr_kind::int_lit;
            e.text_ = text_of(peek());
        } else if (at(tok::param)) {
            e.kind_ = expr_kind::placeholder;
            e.index_ = placeholders_++;
        } else {
            fail();
            return e;
        }
        e.span_ = {peek().offset_, take().length_};
        return e;
    };
    limit_clause l;
    l.count_ = option();
    if (accept(tok::comma)) {
        l.offset_ = std::move(l.count_);
        l.count_ = option();
    } else if (accept(kw::offset_)) {
        l.offset_ = option();
    }
    return l;
}

}  // namespace qproxy::sql::detail
