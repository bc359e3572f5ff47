// SELECT: query expressions with UNION, query blocks, select items, FROM trees.
#include "parser/parser_impl.hpp"

namespace qproxy::sql::detail {

namespace {

// A parenthesised query with no clause of its own can lose its parentheses.
bool plain_block(const select_stmt& s) {
    return s.unions_.empty() && s.order_by_.empty() && !s.limit_ && s.lock_ == lock_mode::none && !s.nested_;
}

}  // namespace

select_stmt parser::parse_paren_query() {
    nesting guard(*this);
    if (!guard.ok()) return {};
    expect(tok::lparen);
    select_stmt s = parse_query_expression();
    expect(tok::rparen);
    return s;
}

select_stmt parser::parse_query_expression() {
    nesting guard(*this);
    select_stmt s;
    if (!guard.ok()) return s;
    const std::uint32_t outer_tallest = tallest_;
    tallest_ = 0;
    if (at(tok::lparen)) {
        select_stmt inner = parse_paren_query();
        bool union_follows = at(kw::union_);
        bool tail_follows = at(kw::order_) || at(kw::limit_) || at(kw::for_) || at(kw::lock_);
        bool flatten = union_follows ? plain_block(inner)
                                     : !tail_follows || (inner.order_by_.empty() && !inner.limit_ &&
                                                         inner.lock_ == lock_mode::none && !inner.nested_);
        if (flatten) s = std::move(inner);
        else s.nested_ = std::move(inner);
    } else if (at(kw::select_)) {
        parse_query_block(s);
    } else if (at(kw::with_)) {
        fail_unsupported("WITH");
    } else if (at(kw::values_) || at(kw::table_)) {
        fail_unsupported(at(kw::values_) ? "VALUES statement" : "TABLE statement");
    } else {
        fail();
    }
    while (accept(kw::union_)) {
        union_member m;
        if (accept(kw::all_)) m.all_ = true;
        else accept(kw::distinct_);
        if (at(tok::lparen)) m.select_ = parse_paren_query();
        else if (at(kw::select_)) parse_query_block(m.select_);
        else fail();
        s.unions_.push_back(std::move(m));
    }
    if (at(kw::except_) || at(kw::intersect_)) fail_unsupported(at(kw::except_) ? "EXCEPT" : "INTERSECT");
    parse_query_tail(s);
    last_query_height_ = tallest_;
    tallest_ = outer_tallest;
    return s;
}

void parser::parse_query_block(select_stmt& s) {
    expect(kw::select_);
    for (bool more = true; more;) {
        switch (peek().kind_ == tok::ident ? peek().keyword_ : kw::none) {
            case kw::all_: break;
            case kw::distinct_:
            case kw::distinctrow_: s.distinct_ = true; break;
            case kw::high_priority_: s.high_priority_ = true; break;
            case kw::straight_join_: s.straight_join_ = true; break;
            case kw::sql_small_result_: s.sql_small_result_ = true; break;
            case kw::sql_big_result_: s.sql_big_result_ = true; break;
            case kw::sql_buffer_result_: s.sql_buffer_result_ = true; break;
            case kw::sql_cache_: break;  // deprecated no-op, as in MySQL 8.0
            case kw::sql_no_cache_: s.sql_no_cache_ = true; break;
            case kw::sql_calc_found_rows_: s.sql_calc_found_rows_ = true; break;
            default: more = false; continue;
        }
        take();
    }
    s.items_.reserve(count_items());
    do {
        const bool first = s.items_.empty();
        parse_select_item(s.items_.emplace_back(), first);
    } while (accept(tok::comma));
    if (at(kw::into_)) fail_unsupported("SELECT ... INTO");
    if (accept(kw::from_)) {
        if (!accept(kw::dual_)) s.from_ = parse_table_refs();
    }
    if (accept(kw::where_)) s.where_ = parse_expr();
    if (at2(kw::group_, kw::by_)) {
        take(), take();
        s.group_by_ = parse_order_list();
        if (at(kw::with_) && peek(1).is(kw::rollup_)) {
            take(), take();
            s.with_rollup_ = true;
        }
    }
    if (accept(kw::having_)) s.having_ = parse_expr();
    if (at(kw::window_)) fail_unsupported("window functions");
}

void parser::parse_query_tail(select_stmt& s) {
    if (at2(kw::order_, kw::by_)) {
        take(), take();
        s.order_by_ = parse_order_list();
    }
    if (accept(kw::limit_)) s.limit_ = parse_limit();
    if (at(kw::into_)) fail_unsupported("SELECT ... INTO");
    if (at2(kw::for_, kw::update_)) {
        take(), take();
        s.lock_ = lock_mode::for_update;
    } else if (at2(kw::for_, kw::share_)) {
        take(), take();
        s.lock_ = lock_mode::for_share;
    } else if (at2(kw::lock_, kw::in_)) {
        take(), take();
        expect(kw::share_);
        expect(kw::mode_);
        s.lock_ = lock_mode::for_share;
        return;
    } else {
        return;
    }
    // Locking options change nothing for a read-only engine; accepted as MySQL does.
    if (accept(kw::of_)) {
        do table_ident();
        while (accept(tok::comma));
    }
    if (!accept(kw::nowait_) && accept(kw::skip_)) expect(kw::locked_);
}

// Items in the select list ahead (commas outside parentheses, up to the next clause),
// so the list is allocated once: items are large and lists of hundreds are common.
std::size_t parser::count_items() const {
    std::size_t n = 1;
    int depth = 0;
    for (std::size_t i = pos_; i < toks_.size(); ++i) {
        const token& t = toks_[i];
        if (t.kind_ == tok::lparen) ++depth;
        else if (t.kind_ == tok::rparen && --depth < 0) break;
        else if (depth == 0 && t.kind_ == tok::comma) ++n;
        else if (depth == 0 && (t.is(kw::from_) || t.is(kw::into_) || t.is(kw::union_) || t.kind_ == tok::end)) break;
    }
    return n;
}

void parser::parse_select_item(select_item& item, bool first_item) {
    const std::size_t first = pos_;
    const std::uint32_t start = peek().offset_;
    if (at(tok::star)) {
        // A bare `*` may only open the list, and neither it nor `t.*` takes an alias.
        if (first_item) {
            item.expr_.kind_ = expr_kind::star;
            item.expr_.span_ = {start, take().length_};
            item.name_ = "*";
        } else {
            fail();
        }
        return;
    }
    item.expr_ = parse_expr();
    const std::uint32_t end = prev_end();
    if (item.expr_.kind_ == expr_kind::string_lit) {
        // MySQL names a string item after its first literal (`SELECT 'a' 'b'` is column "a").
        std::size_t i = first;
        while (i < toks_.size() && toks_[i].kind_ != tok::string && toks_[i].kind_ != tok::national_string) ++i;
        if (i < toks_.size()) item.name_ = string_value(text_of(toks_[i]));
    } else if (item.expr_.kind_ == expr_kind::column) {
        item.name_ = item.expr_.name_;  // `t`.`c` is named c, unquoted
    } else if (end > start) {
        item.name_ = text_.substr(start, end - start);
    }
    if (item.expr_.kind_ == expr_kind::star) return;
    if (accept(kw::as_)) {
        item.alias_ = ident_or_text();
    } else if (at_ident()) {
        item.alias_ = ident();
    } else if (at(tok::string)) {
        item.alias_ = text_literal();
    }
    if (item.alias_) item.name_ = *item.alias_;
}

std::vector<table_ref> parser::parse_table_refs() {
    std::vector<table_ref> refs;
    do refs.push_back(parse_table_reference());
    while (accept(tok::comma));
    return refs;
}

table_ref parser::parse_table_reference() {
    table_ref left = parse_table_factor();
    for (unsigned joins = 0; at_join() && !failed(); ++joins) {
        if (joins == max_nesting) too_deep(max_nesting);  // each join nests the tree one level
        else left = parse_join(std::move(left));
    }
    return left;
}

bool parser::at_join() const {
    const token& t = peek();
    return t.is(kw::join_) || t.is(kw::inner_) || t.is(kw::cross_) || t.is(kw::straight_join_) ||
           t.is(kw::left_) || t.is(kw::right_) || t.is(kw::natural_);
}

table_ref parser::parse_join(table_ref left) {
    nesting guard(*this);
    if (!guard.ok()) return {};
    table_ref j;
    j.kind_ = table_ref_kind::join;
    const std::uint32_t start = left.span_.offset_;
    bool natural = false;
    if (accept(kw::natural_)) {
        natural = true;
        if (accept(kw::left_)) j.join_ = join_kind::natural_left, accept(kw::outer_);
        else if (accept(kw::right_)) j.join_ = join_kind::natural_right, accept(kw::outer_);
        else j.join_ = join_kind::natural, accept(kw::inner_);
        expect(kw::join_);
    } else if (accept(kw::straight_join_)) {
        j.join_ = join_kind::straight;
    } else if (accept(kw::left_) || accept(kw::right_)) {
        j.join_ = toks_[pos_ - 1].is(kw::left_) ? join_kind::left : join_kind::right;
        accept(kw::outer_);
        expect(kw::join_);
    } else {
        j.join_ = accept(kw::cross_) ? join_kind::cross : (accept(kw::inner_), join_kind::inner);
        expect(kw::join_);
    }
    table_ref right = parse_table_factor();
    // Like MySQL's grammar, a further join before ON/USING nests into the right operand:
    // `a JOIN b JOIN c ON x` is `a JOIN (b JOIN c ON x)`.
    if (!natural && j.join_ != join_kind::straight)
        while (at_join() && !failed()) right = parse_join(std::move(right));
    j.operands_.push_back(std::move(left));
    j.operands_.push_back(std::move(right));
    if (!natural) {
        if (accept(kw::on_)) {
            j.on_ = parse_expr();
        } else if (accept(kw::using_)) {
            expect(tok::lparen);
            do j.using_.push_back(ident());
            while (accept(tok::comma));
            expect(tok::rparen);
        } else if (j.join_ == join_kind::left || j.join_ == join_kind::right) {
            fail();
        }
    }
    j.span_ = span_from(start);
    return j;
}

std::optional<std::string> parser::parse_alias(bool allow_string) {
    if (accept(kw::as_)) return allow_string ? ident_or_text() : ident();
    if (at_ident()) return ident();
    if (allow_string && at(tok::string)) return text_literal();
    return std::nullopt;
}

table_ref parser::parse_table_factor() {
    const std::uint32_t start = peek().offset_;
    table_ref r;
    if (at(tok::lparen)) {
        nesting guard(*this);
        if (!guard.ok()) return r;
        if (subquery_ahead() && try_paren_query(r.derived_)) {
            r.kind_ = table_ref_kind::derived;
            r.alias_ = parse_alias(false).value_or("");
            if (at(tok::lparen)) fail_unsupported("derived table column lists");
        } else {
            take();
            std::vector<table_ref> refs = parse_table_refs();
            expect(tok::rparen);
            r = std::move(refs[0]);
            for (std::size_t i = 1; i < refs.size(); ++i) {  // (a, b) is a cross join
                table_ref j;
                j.kind_ = table_ref_kind::join;
                j.join_ = join_kind::cross;
                j.operands_.push_back(std::move(r));
                j.operands_.push_back(std::move(refs[i]));
                r = std::move(j);
            }
        }
        r.span_ = span_from(start);
        return r;
    }
    if (at(kw::lateral_)) fail_unsupported("LATERAL");
    if (at(kw::json_table_)) fail_unsupported("JSON_TABLE");
    if (at(tok::ident) && peek(1).kind_ == tok::lparen && upper_word(peek()) == "QSERV_RESULT") {
        take(), take();
        r.kind_ = table_ref_kind::qserv_result;
        r.result_id_ = parse_expr();
        expect(tok::rparen);
    } else {
        table_name t = table_ident();
        r.db_ = std::move(t.db_);
        r.name_ = std::move(t.name_);
        if (at(kw::partition_)) fail_unsupported("PARTITION (…) selection");
    }
    r.alias_ = parse_alias(false).value_or("");
    if (at(kw::use_) || at(kw::force_) || at(kw::ignore_)) fail_unsupported("index hints");
    r.span_ = span_from(start);
    return r;
}

}  // namespace qproxy::sql::detail
