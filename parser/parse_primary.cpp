// simple_expr's atoms: literals, variables, column references, parentheses,
// subqueries, CASE, EXISTS, INTERVAL … + x, ODBC escapes.
#include "parser/parser_impl.hpp"

#include <fmt/format.h>

#include <array>

namespace qproxy::sql::detail {

namespace {

// Character sets a `_name` introducer may name (MySQL 8.0's compiled-in list).
bool is_charset(std::string_view name) {
    static constexpr std::array<std::string_view, 43> names = {
        "armscii8", "ascii", "big5", "binary", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866",
        "cp932", "dec8", "eucjpms", "euckr", "gb18030", "gb2312", "gbk", "geostd8", "greek", "hebrew", "hp8",
        "keybcs2", "koi8r", "koi8u", "latin1", "latin2", "latin5", "latin7", "macce", "macroman", "sjis", "swe7",
        "tis620", "ucs2", "ujis", "utf16", "utf16le", "utf32", "utf8", "utf8mb3", "utf8mb4", "filename"};
    std::string lower(name);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    for (std::string_view n : names)
        if (n == lower) return n != "filename";
    return false;
}

// Reserved words that still name a function when '(' follows.
bool reserved_function(kw k) {
    switch (k) {
        case kw::char_: case kw::convert_: case kw::current_user_: case kw::database_: case kw::default_:
        case kw::if_: case kw::insert_: case kw::left_: case kw::mod_: case kw::repeat_: case kw::replace_:
        case kw::right_: case kw::schema_: case kw::values_: case kw::grouping_:
        case kw::current_date_: case kw::current_time_: case kw::current_timestamp_: case kw::localtime_:
        case kw::localtimestamp_: case kw::utc_date_: case kw::utc_time_: case kw::utc_timestamp_:
            return true;
        default: return false;
    }
}

// Reserved words that are functions even without parentheses (CURRENT_DATE …).
bool niladic_function(kw k) {
    switch (k) {
        case kw::current_user_: case kw::current_date_: case kw::current_time_: case kw::current_timestamp_:
        case kw::localtime_: case kw::localtimestamp_: case kw::utc_date_: case kw::utc_time_: case kw::utc_timestamp_:
            return true;
        default: return false;
    }
}

bool window_function(kw k) {
    switch (k) {
        case kw::cume_dist_: case kw::dense_rank_: case kw::first_value_: case kw::lag_: case kw::last_value_:
        case kw::lead_: case kw::nth_value_: case kw::ntile_: case kw::percent_rank_: case kw::rank_:
        case kw::row_number_:
            return true;
        default: return false;
    }
}

}  // namespace

bool parser::try_paren_query(box<select_stmt>& out) {
    if (failed() || (memo_[pos_] & memo::not_a_query)) return false;
    std::size_t save_pos = pos_;
    std::uint32_t save_ph = placeholders_;
    select_stmt q = parse_paren_query();
    if (failed() && !too_deep_) {
        error_.reset();
        memo_[save_pos] |= memo::not_a_query;
        pos_ = save_pos;
        placeholders_ = save_ph;
        return false;
    }
    if (failed()) return false;
    out = std::move(q);
    return true;
}

expr parser::parse_primary() {
    const token& t = peek();
    const std::uint32_t start = t.offset_;
    expr e;
    switch (t.kind_) {
        case tok::integer: case tok::decimal: case tok::real: case tok::string: case tok::national_string:
        case tok::hex: case tok::bit:
            return parse_literal();
        case tok::param:
            take();
            e.kind_ = expr_kind::placeholder;
            e.index_ = placeholders_++;
            e.span_ = span_from(start);
            return e;
        case tok::user_var:
            e.kind_ = expr_kind::user_var;
            e.name_ = user_var_name(text_of(take()));
            e.span_ = span_from(start);
            if (accept(tok::assign)) {
                wrap(e, expr_kind::binary, start);
                e.op_ = op::assign;
                e.args_.push_back(parse_expr());
                e.span_ = span_from(start);
                finish(e);
            }
            return e;
        case tok::at_at:
            take();
            return parse_sys_var(start);
        case tok::lparen:
            return parse_paren_expr(start);
        case tok::lbrace: {
            // ODBC escape {d '…'} / {t '…'} / {ts '…'} / {fn f(…)}: MySQL keeps the inner expression.
            take();
            std::string kind = to_upper(text_of(peek()));
            if (!at(tok::ident)) fail();
            take();
            e = parse_expr();
            expect(tok::rbrace);
            if (e.kind_ == expr_kind::string_lit && (kind == "D" || kind == "T" || kind == "TS")) {
                e.kind_ = expr_kind::temporal_lit;
                e.temporal_ = kind == "D" ? temporal::date : kind == "T" ? temporal::time : temporal::timestamp;
            }
            return e;
        }
        case tok::quoted_ident:
            return parse_column_or_call();
        case tok::ident:
            break;
        default:
            fail();
            return e;
    }

    const kw k = t.keyword_;
    const token& next = peek(1);
    switch (k) {
        case kw::null_:
            take();
            e.span_ = span_from(start);
            return e;
        case kw::true_:
        case kw::false_:
            take();
            e.kind_ = expr_kind::bool_lit;
            e.value_ = k == kw::true_;
            e.span_ = span_from(start);
            return e;
        case kw::date_:
        case kw::time_:
        case kw::timestamp_:
            if (next.kind_ != tok::string) break;
            take();
            e.kind_ = expr_kind::temporal_lit;
            e.temporal_ = k == kw::date_ ? temporal::date : k == kw::time_ ? temporal::time : temporal::timestamp;
            e.text_ = text_literal();
            e.span_ = span_from(start);
            return e;
        case kw::exists_:
            take();
            e.kind_ = expr_kind::exists;
            e.query_ = parse_paren_query();
            e.span_ = span_from(start);
            finish(e);
            return e;
        case kw::case_:
            return parse_case(start);
        case kw::row_:
            take();
            expect(tok::lparen);
            e.kind_ = expr_kind::row;
            e.args_ = parse_expr_list();
            expect(tok::rparen);
            e.span_ = span_from(start);
            finish(e);
            return e;
        case kw::interval_: {
            if (next.kind_ == tok::lparen) {  // INTERVAL(n, n1, …) is a function when a ',' follows n
                if (!(memo_[pos_] & (memo::interval_call | memo::interval_expr))) {
                    std::size_t save = pos_;
                    std::uint32_t save_ph = placeholders_;
                    take(), take();
                    parse_expr();
                    bool function = at(tok::comma) && !failed();
                    if (too_deep_) return e;
                    error_.reset();
                    pos_ = save;
                    placeholders_ = save_ph;
                    memo_[pos_] |= function ? memo::interval_call : memo::interval_expr;
                }
                if (memo_[pos_] & memo::interval_call) return parse_function(take(), {}, start);
            }
            expr interval = parse_interval_operand();
            expect(tok::plus);
            expr r = parse_bit(5);
            e.kind_ = expr_kind::binary;
            e.op_ = op::add;
            e.args_.push_back(std::move(interval));
            e.args_.push_back(std::move(r));
            e.span_ = span_from(start);
            finish(e);
            return e;
        }
        case kw::match_:
            fail_unsupported("MATCH ... AGAINST");
            return e;
        case kw::json_table_:
            fail_unsupported("JSON_TABLE");
            return e;
        default:
            break;
    }
    if (text_of(t).size() > 1 && text_of(t)[0] == '_' && is_charset(text_of(t).substr(1)) &&
        (next.kind_ == tok::string || next.kind_ == tok::hex || next.kind_ == tok::bit)) {
        std::string cs(text_of(take()).substr(1));
        e = parse_literal();
        e.name_ = std::move(cs);
        e.span_ = span_from(start);
        return e;
    }
    if (window_function(k)) {
        fail_unsupported("window functions");
        return e;
    }
    if (is_reserved(k)) {
        if (next.kind_ == tok::lparen && reserved_function(k)) return parse_function(take(), {}, start);
        if (niladic_function(k)) {
            e.kind_ = expr_kind::func;
            e.name_ = text_of(take());
            e.canonical_ = to_upper(e.name_);
            e.span_ = span_from(start);
            return e;
        }
        fail();
        return e;
    }
    return parse_column_or_call();
}

expr parser::parse_literal() {
    const token& t = peek();
    const std::uint32_t start = t.offset_;
    expr e;
    switch (t.kind_) {
        case tok::integer: e.kind_ = expr_kind::int_lit; e.text_ = text_of(take()); break;
        case tok::decimal: e.kind_ = expr_kind::decimal_lit; e.text_ = text_of(take()); break;
        case tok::real: e.kind_ = expr_kind::float_lit; e.text_ = text_of(take()); break;
        case tok::hex: e.kind_ = expr_kind::hex_lit; e.text_ = digits_value(text_of(take())); break;
        case tok::bit: e.kind_ = expr_kind::bit_lit; e.text_ = digits_value(text_of(take())); break;
        case tok::national_string:
            e.kind_ = expr_kind::string_lit;
            e.national_ = true;
            e.text_ = string_value(text_of(take()));
            while (at(tok::string)) e.text_ += string_value(text_of(take()));
            break;
        case tok::string:
            e.kind_ = expr_kind::string_lit;
            e.text_ = text_literal();
            break;
        default: fail(); return e;
    }
    e.span_ = span_from(start);
    return e;
}

// The tree keeps component.name as one dotted name: a quoted part holding a
// dot (`a.b`) would print back as another variable. No variable's name has one.
std::string parser::sys_var_name(std::string first) {
    bool dotted = first.find('.') != std::string::npos;
    if (accept(tok::dot)) {
        const std::string part = ident_after_dot();
        dotted = dotted || part.find('.') != std::string::npos;
        first += "." + part;
    }
    if (dotted) fail_with({er::unknown_system_variable, "HY000", fmt::format("Unknown system variable '{}'", first)});
    return first;
}

expr parser::parse_sys_var(std::uint32_t start) {
    expr e;
    e.kind_ = expr_kind::sys_var;
    if (peek().space_before_) {
        fail();
        return e;
    }
    if (peek(1).kind_ == tok::dot && peek().kind_ == tok::ident) {
        switch (peek().keyword_) {
            case kw::global_: e.scope_ = var_scope::global; break;
            case kw::session_: e.scope_ = var_scope::session; break;
            case kw::local_: e.scope_ = var_scope::local; break;
            case kw::persist_: e.scope_ = var_scope::persist; break;
            case kw::persist_only_: e.scope_ = var_scope::persist_only; break;
            default: break;
        }
        if (e.scope_ != var_scope::none) take(), take();
    }
    e.name_ = sys_var_name(ident_or_text());
    e.span_ = span_from(start);
    return e;
}

expr parser::parse_paren_expr(std::uint32_t start) {
    nesting guard(*this);
    expr e;
    if (!guard.ok()) return e;
    if (subquery_ahead() && try_paren_query(e.query_)) {
        e.kind_ = expr_kind::subquery;
        e.span_ = span_from(start);
        finish(e);
        return e;
    }
    expect(tok::lparen);
    e = parse_expr();
    if (accept(tok::comma)) {
        expr row;
        row.kind_ = expr_kind::row;
        row.args_.push_back(std::move(e));
        for (expr& x : parse_expr_list()) row.args_.push_back(std::move(x));
        e = std::move(row);
    }
    expect(tok::rparen);
    if (e.kind_ == expr_kind::row) {
        e.span_ = span_from(start);
        finish(e);
    }
    return e;
}

expr parser::parse_case(std::uint32_t start) {
    expect(kw::case_);
    expr e;
    e.kind_ = expr_kind::case_when;
    if (!at(kw::when_)) {
        e.has_operand_ = true;
        e.args_.push_back(parse_expr());
    }
    if (!at(kw::when_)) fail();
    while (accept(kw::when_)) {
        e.args_.push_back(parse_expr());
        expect(kw::then_);
        e.args_.push_back(parse_expr());
    }
    if (accept(kw::else_)) {
        e.has_else_ = true;
        e.args_.push_back(parse_expr());
    }
    expect(kw::end_);
    e.span_ = span_from(start);
    finish(e);
    return e;
}

expr parser::parse_column_or_call() {
    const std::uint32_t start = peek().offset_;
    if (peek(1).kind_ == tok::lparen) {
        const token& name = take();
        return parse_function(name, {}, start);
    }
    if (peek(1).kind_ == tok::dot && (peek(2).kind_ == tok::ident || peek(2).kind_ == tok::quoted_ident) &&
        peek(3).kind_ == tok::lparen) {  // db.function(…)
        std::string db = ident_value(text_of(take()));
        take();
        const token& name = take();
        return parse_function(name, std::move(db), start);
    }
    return parse_column(start);
}

// [[db.]table.]column, [db.]table.*, and a JSON path on a column (col->'$.x').
expr parser::parse_column(std::uint32_t start) {
    const token& first = take();
    expr e;
    e.kind_ = expr_kind::column;
    if (first.kind_ == tok::ident) e.name_.assign(text_of(first));
    else e.name_ = ident_value(text_of(first));
    if (accept(tok::dot)) {
        e.table_ = std::move(e.name_);
        if (accept(tok::star)) {
            e.kind_ = expr_kind::star;
            e.span_ = span_from(start);
            return e;
        }
        e.name_ = ident_after_dot();
        if (accept(tok::dot)) {
            e.db_ = std::move(e.table_);
            e.table_ = std::move(e.name_);
            if (accept(tok::star)) {
                e.kind_ = expr_kind::star;
                e.span_ = span_from(start);
                return e;
            }
            e.name_ = ident_after_dot();
        }
    }
    e.span_ = span_from(start);
    if (at(tok::arrow) || at(tok::arrow2)) {
        op o = take().kind_ == tok::arrow ? op::json_extract : op::json_unquote;
        wrap(e, expr_kind::binary, start);
        e.op_ = o;
        e.args_.push_back(parse_literal());
        if (e.args_.back().kind_ != expr_kind::string_lit) fail();
        e.span_ = span_from(start);
        finish(e);
    }
    return e;
}

}  // namespace qproxy::sql::detail
