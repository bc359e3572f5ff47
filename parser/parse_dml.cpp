// LOAD DATA, INSERT/REPLACE, UPDATE, DELETE.
#include "parser/parser_impl.hpp"

namespace qproxy::sql::detail {

std::vector<column_assignment> parser::parse_assignments() {
    std::vector<column_assignment> out;
    do {
        column_assignment a;
        a.column_ = parse_column_or_call();
        if (a.column_.kind_ != expr_kind::column) fail();
        if (!accept(tok::eq)) expect(tok::assign);
        a.value_ = parse_expr_or_default();
        out.push_back(std::move(a));
    } while (accept(tok::comma) && !failed());
    return out;
}

statement parser::parse_load_data() {
    expect(kw::load_);
    if (!at(kw::data_)) {
        if (at(tok::ident)) fail_unsupported("LOAD " + upper_word(peek()));
        else fail();
        return {};
    }
    take();
    load_data_stmt l;
    if (accept(kw::low_priority_)) l.low_priority_ = true;
    else if (accept(kw::concurrent_)) l.concurrent_ = true;
    l.local_ = accept(kw::local_);
    expect(kw::infile_);
    l.file_ = text_literal();
    if (accept(kw::replace_)) l.dup_ = duplicates::replace;
    else if (accept(kw::ignore_)) l.dup_ = duplicates::ignore;
    expect(kw::into_);
    expect(kw::table_);
    l.table_ = table_ident();
    if (at(kw::partition_)) fail_unsupported("LOAD DATA ... PARTITION");
    if (at(kw::character_) && peek(1).is(kw::set_)) {
        take(), take();
        l.charset_ = charset_name();
    } else if (accept(kw::charset_)) {
        l.charset_ = charset_name();
    }
    if (accept(kw::fields_) || accept(kw::columns_)) {
        bool any = false;
        for (;; any = true) {
            if (accept(kw::terminated_)) {
                expect(kw::by_);
                l.fields_terminated_ = text_literal();
            } else if (at(kw::optionally_) || at(kw::enclosed_)) {
                l.fields_optionally_ = accept(kw::optionally_);
                expect(kw::enclosed_);
                expect(kw::by_);
                l.fields_enclosed_ = text_literal();
            } else if (accept(kw::escaped_)) {
                expect(kw::by_);
                l.fields_escaped_ = text_literal();
            } else {
                break;
            }
        }
        if (!any) fail();
    }
    if (accept(kw::lines_)) {
        bool any = false;
        for (;; any = true) {
            if (accept(kw::starting_)) {
                expect(kw::by_);
                l.lines_starting_ = text_literal();
            } else if (accept(kw::terminated_)) {
                expect(kw::by_);
                l.lines_terminated_ = text_literal();
            } else {
                break;
            }
        }
        if (!any) fail();
    }
    if (accept(kw::ignore_)) {
        l.ignore_lines_ = unsigned_number();
        if (!accept(kw::lines_)) expect(kw::rows_);
    }
    if (accept(tok::lparen)) {
        if (!at(tok::rparen)) {
            do {
                if (at(tok::user_var)) l.columns_.push_back(parse_primary());
                else l.columns_.push_back(parse_column_or_call());
            } while (accept(tok::comma));
        }
        expect(tok::rparen);
    }
    if (accept(kw::set_)) l.set_ = parse_assignments();
    return l;
}

statement parser::parse_insert(bool replace) {
    take();  // INSERT | REPLACE
    insert_stmt s;
    s.replace_ = replace;
    if (accept(kw::low_priority_)) s.priority_ = priority::low;
    else if (accept(kw::delayed_)) s.priority_ = priority::delayed;
    else if (!replace && accept(kw::high_priority_)) s.priority_ = priority::high;
    if (!replace) s.ignore_ = accept(kw::ignore_);
    accept(kw::into_);
    s.table_ = table_ident();
    if (at(kw::partition_)) fail_unsupported("INSERT ... PARTITION");
    if (accept(kw::set_)) {
        s.set_ = parse_assignments();
    } else {
        if (at(tok::lparen) && !subquery_ahead()) {
            take();
            if (!at(tok::rparen)) {
                do {
                    std::string name = ident();
                    while (accept(tok::dot)) name = ident_after_dot();  // t.col / db.t.col
                    s.columns_.push_back(std::move(name));
                } while (accept(tok::comma));
            }
            expect(tok::rparen);
        }
        if (accept(kw::values_) || accept(kw::value_)) {
            do {
                if (at(kw::row_)) {
                    fail_unsupported("VALUES ROW()");
                    break;
                }
                expect(tok::lparen);
                std::vector<expr> row;
                if (!at(tok::rparen)) {
                    do row.push_back(parse_expr_or_default());
                    while (accept(tok::comma));
                }
                expect(tok::rparen);
                s.rows_.push_back(std::move(row));
            } while (accept(tok::comma) && !failed());
            if (at(kw::as_)) fail_unsupported("INSERT ... AS alias");
        } else if (at(kw::select_) || at(tok::lparen)) {
            s.select_ = parse_query_expression();
        } else if (at(kw::table_) || at(kw::with_)) {
            fail_unsupported(at(kw::table_) ? "INSERT ... TABLE" : "INSERT ... WITH");
        } else {
            fail();
        }
    }
    if (!replace && at(kw::on_)) {
        take();
        expect(kw::duplicate_);
        expect(kw::key_);
        expect(kw::update_);
        s.on_duplicate_ = parse_assignments();
    }
    return s;
}

statement parser::parse_update() {
    expect(kw::update_);
    update_stmt u;
    u.low_priority_ = accept(kw::low_priority_);
    u.ignore_ = accept(kw::ignore_);
    u.tables_ = parse_table_refs();
    expect(kw::set_);
    u.set_ = parse_assignments();
    if (accept(kw::where_)) u.where_ = parse_expr();
    if (at2(kw::order_, kw::by_)) {
        take(), take();
        u.order_by_ = parse_order_list();
    }
    if (accept(kw::limit_)) u.limit_ = parse_limit();
    return u;
}

statement parser::parse_delete() {
    expect(kw::delete_);
    delete_stmt d;
    for (;;) {
        if (accept(kw::low_priority_)) d.low_priority_ = true;
        else if (accept(kw::quick_)) d.quick_ = true;
        else if (accept(kw::ignore_)) d.ignore_ = true;
        else break;
    }
    if (!accept(kw::from_)) {
        fail_unsupported("multi-table DELETE");
        return {};
    }
    d.table_ = table_ident();
    if (at(tok::dot) || at(tok::comma) || at(kw::using_)) {
        fail_unsupported("multi-table DELETE");
        return {};
    }
    d.alias_ = parse_alias(false).value_or("");
    if (at(kw::partition_)) fail_unsupported("DELETE ... PARTITION");
    if (accept(kw::where_)) d.where_ = parse_expr();
    if (at2(kw::order_, kw::by_)) {
        take(), take();
        d.order_by_ = parse_order_list();
    }
    if (accept(kw::limit_)) d.limit_ = parse_limit();
    return d;
}

}  // namespace qproxy::sql::detail
