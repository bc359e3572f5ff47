// Function calls, including the ones MySQL gives their own grammar (COUNT(*),
// aggregates with DISTINCT, GROUP_CONCAT, TRIM, SUBSTRING … FROM, POSITION … IN,
// EXTRACT, CHAR … USING, CAST/CONVERT, TIMESTAMPADD, GET_FORMAT, WEIGHT_STRING),
// and Qserv's area restrictors.
#include "parser/keywords.hpp"
#include "parser/parser_impl.hpp"

#include <array>

namespace qproxy::sql::detail {

namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> names) {
    for (std::string_view n : names)
        if (n == s) return true;
    return false;
}

}  // namespace

}  // namespace qproxy::sql::detail

namespace qproxy::sql {

bool is_aggregate_function(std::string_view upper) {
    return detail::one_of(upper, {"AVG", "SUM", "MIN", "MAX", "COUNT", "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV",
                          "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "GROUP_CONCAT",
                          "JSON_ARRAYAGG", "JSON_OBJECTAGG"});
}

}  // namespace qproxy::sql

namespace qproxy::sql::detail {

std::string parser::charset_name() {
    if (accept(kw::binary_)) return "binary";
    return ident_or_text();
}

expr parser::parse_function(const token& name, std::string db, std::uint32_t start) {
    nesting guard(*this);
    if (!guard.ok()) return {};
    expr f;
    f.kind_ = expr_kind::func;
    f.name_ = ident_value(text_of(name));
    f.canonical_ = to_upper(f.name_);
    f.db_ = std::move(db);
    const bool special = f.db_.empty() && name.kind_ == tok::ident &&
                         !(peek().space_before_ && needs_adjacent_paren(f.canonical_));
    expect(tok::lparen);
    if (special) {
        parse_special_function(f);
    } else if (!at(tok::rparen)) {
        f.args_ = parse_expr_list();
    }
    expect(tok::rparen);
    if (at(kw::over_)) fail_unsupported("window functions");
    f.span_ = span_from(start);
    finish(f);
    return f;
}

// Called after '('; leaves the closing ')' to the caller.
void parser::parse_special_function(expr& f) {
    const std::string& fn = f.canonical_;
    static constexpr std::array<std::pair<std::string_view, area_shape>, 5> areas = {{
        {"QSERV_AREASPEC_BOX", area_shape::box}, {"QSERV_AREASPEC_CIRCLE", area_shape::circle},
        {"QSERV_AREASPEC_ELLIPSE", area_shape::ellipse}, {"QSERV_AREASPEC_POLY", area_shape::poly},
        {"QSERV_AREASPEC_HULL", area_shape::hull},
    }};
    for (auto& [area_name, shape] : areas)
        if (fn == area_name) {
            f.kind_ = expr_kind::areaspec;
            f.area_ = shape;
            f.name_.clear();
            f.canonical_.clear();
            if (!at(tok::rparen)) f.args_ = parse_expr_list();
            return;
        }

    if (is_aggregate_function(fn)) {
        if (fn == "COUNT" && accept(tok::star)) {
            f.star_ = true;
            return;
        }
        if (one_of(fn, {"COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT"}) && accept(kw::distinct_))
            f.distinct_ = true;
        else
            accept(kw::all_);
        f.args_ = parse_expr_list();
        if (fn == "GROUP_CONCAT") {
            if (at2(kw::order_, kw::by_)) {
                take(), take();
                f.order_by_ = parse_order_list();
            }
            if (accept(kw::separator_)) f.separator_ = text_literal();
        }
        return;
    }
    if (fn == "TRIM") {
        if (accept(kw::leading_)) f.trim_ = trim_side::leading;
        else if (accept(kw::trailing_)) f.trim_ = trim_side::trailing;
        else if (accept(kw::both_)) f.trim_ = trim_side::both;
        if (f.trim_ != trim_side::none && accept(kw::from_)) {
            f.args_.push_back(parse_expr());
            return;
        }
        expr first = parse_expr();
        if (accept(kw::from_)) {
            f.args_.push_back(parse_expr());
            f.args_.push_back(std::move(first));
        } else if (f.trim_ != trim_side::none) {
            fail();
        } else {
            f.args_.push_back(std::move(first));
        }
        return;
    }
    if (one_of(fn, {"SUBSTRING", "SUBSTR", "MID"})) {
        f.args_.push_back(parse_expr());
        if (accept(kw::from_)) {
            f.args_.push_back(parse_expr());
            if (accept(kw::for_)) f.args_.push_back(parse_expr());
        } else {
            expect(tok::comma);
            for (expr& a : parse_expr_list()) f.args_.push_back(std::move(a));
        }
        return;
    }
    if (fn == "POSITION") {
        f.args_.push_back(parse_bit(1));
        expect(kw::in_);
        f.args_.push_back(parse_expr());
        return;
    }
    if (fn == "EXTRACT") {
        f.unit_ = parse_interval_unit();
        expect(kw::from_);
        f.args_.push_back(parse_expr());
        return;
    }
    if (fn == "TIMESTAMPADD" || fn == "TIMESTAMPDIFF") {
        f.unit_ = parse_interval_unit();
        expect(tok::comma);
        f.args_.push_back(parse_expr());
        expect(tok::comma);
        f.args_.push_back(parse_expr());
        return;
    }
    if (fn == "GET_FORMAT") {
        expr kind;
        kind.kind_ = expr_kind::string_lit;
        kind.temporal_keyword_ = true;
        kind.span_ = {peek().offset_, peek().length_};
        if (at(kw::date_) || at(kw::time_) || at(kw::datetime_) || at(kw::timestamp_)) kind.text_ = upper_word(take());
        else fail();
        f.args_.push_back(std::move(kind));
        expect(tok::comma);
        f.args_.push_back(parse_expr());
        return;
    }
    if (fn == "CHAR") {
        f.args_ = parse_expr_list();
        if (accept(kw::using_)) f.using_charset_ = charset_name();
        return;
    }
    if (fn == "WEIGHT_STRING") {
        f.args_.push_back(parse_expr());
        if (accept(kw::as_)) {
            f.has_cast_ = true;
            f.cast_ = parse_cast_type();
        }
        return;
    }
    if (fn == "CAST" || fn == "CONVERT") {
        expr x = parse_expr();
        if (fn == "CONVERT" && accept(kw::using_)) {
            f.kind_ = expr_kind::convert_using;
            f.name_ = charset_name();
        } else {
            if (fn == "CAST") expect(kw::as_);
            else expect(tok::comma);
            f.kind_ = expr_kind::cast;
            f.cast_ = parse_cast_type();
            if (at(tok::ident) && upper_word(peek()) == "ARRAY") fail_unsupported("CAST ... ARRAY");
            if (at(tok::ident) && upper_word(peek()) == "AT") fail_unsupported("CAST ... AT TIME ZONE");
            f.name_.clear();
        }
        f.canonical_.clear();
        f.args_.push_back(std::move(x));
        return;
    }
    if (one_of(fn, {"DATE_ADD", "DATE_SUB", "ADDDATE", "SUBDATE"})) {
        f.args_.push_back(parse_expr());
        expect(tok::comma);
        f.args_.push_back(at(kw::interval_) ? parse_interval_operand() : parse_expr());
        return;
    }
    if (!at(tok::rparen)) f.args_ = parse_expr_list();
    return;
}

cast_type parser::parse_cast_type() {
    cast_type c;
    using k = cast_type::kind_t;
    auto opt_length = [&] {
        if (accept(tok::lparen)) {
            c.length_ = static_cast<std::uint32_t>(unsigned_number());
            expect(tok::rparen);
        }
    };
    const token& t = peek();
    if (t.kind_ != tok::ident) {
        fail();
        return c;
    }
    switch (t.keyword_) {
        case kw::binary_: take(); c.kind_ = k::binary; opt_length(); break;
        case kw::char_:
        case kw::character_:
            take();
            c.kind_ = k::char_;
            opt_length();
            if (at(kw::character_) && peek(1).is(kw::set_)) take(), take(), c.charset_ = charset_name();
            else if (accept(kw::charset_)) c.charset_ = charset_name();
            else if (accept(kw::ascii_)) c.charset_ = "latin1";
            else if (accept(kw::unicode_)) c.charset_ = "ucs2";
            else if (accept(kw::byte_) || accept(kw::binary_)) c.charset_ = "binary";
            break;
        case kw::nchar_: take(); c.kind_ = k::nchar; opt_length(); break;
        case kw::national_: take(); expect(kw::char_); c.kind_ = k::nchar; opt_length(); break;
        case kw::signed_:
        case kw::unsigned_:
            c.kind_ = take().keyword_ == kw::signed_ ? k::signed_ : k::unsigned_;
            if (!accept(kw::int_)) accept(kw::integer_);
            break;
        case kw::date_: take(); c.kind_ = k::date; break;
        case kw::year_: take(); c.kind_ = k::year; break;
        case kw::json_: take(); c.kind_ = k::json; break;
        case kw::datetime_: take(); c.kind_ = k::datetime; opt_length(); break;
        case kw::time_: take(); c.kind_ = k::time; opt_length(); break;
        case kw::real_: take(); c.kind_ = k::real; break;
        case kw::double_: take(); accept(kw::precision_); c.kind_ = k::double_; break;
        case kw::float_: take(); c.kind_ = k::float_; opt_length(); break;
        case kw::decimal_:
            take();
            c.kind_ = k::decimal;
            if (accept(tok::lparen)) {
                c.length_ = static_cast<std::uint32_t>(unsigned_number());
                if (accept(tok::comma)) c.scale_ = static_cast<std::uint32_t>(unsigned_number());
                expect(tok::rparen);
            }
            break;
        default: fail();
    }
    return c;
}

}  // namespace qproxy::sql::detail
