// SET, DESCRIBE/EXPLAIN, transactions, LOCK TABLES, KILL, CALL, FLUSH, SUBMIT, user names.
#include "parser/parser_impl.hpp"

namespace qproxy::sql::detail {

namespace {

var_scope scope_keyword(const token& t) {
    if (t.kind_ != tok::ident) return var_scope::none;
    switch (t.keyword_) {
        case kw::global_: return var_scope::global;
        case kw::session_: return var_scope::session;
        case kw::local_: return var_scope::local;
        case kw::persist_: return var_scope::persist;
        case kw::persist_only_: return var_scope::persist_only;
        default: return var_scope::none;
    }
}

}  // namespace

statement parser::parse_set() {
    expect(kw::set_);
    const var_scope lead = scope_keyword(peek());
    if (peek(lead == var_scope::none ? 0 : 1).is(kw::transaction_)) {
        if (lead != var_scope::none) take();
        return parse_set_transaction(lead);
    }
    if (at(kw::role_) || (at(kw::default_) && peek(1).is(kw::role_))) {
        fail_unsupported("SET ROLE");
        return {};
    }
    set_stmt s;
    do s.assignments_.push_back(parse_set_assignment());
    while (accept(tok::comma));
    return s;
}

set_assignment parser::parse_set_assignment() {
    set_assignment a;
    auto value = [&] {
        if (!accept(tok::eq)) expect(tok::assign);
        // MySQL also takes ON, ALL, BINARY, ROW, SYSTEM as words here (SET autocommit = ON).
        const token& t = peek();
        if (t.is(kw::on_) || t.is(kw::all_) || t.is(kw::binary_) || t.is(kw::row_) || t.is(kw::system_)) {
            if (peek(1).kind_ == tok::end || peek(1).kind_ == tok::comma) {
                expr e;
                e.kind_ = expr_kind::string_lit;
                e.text_ = upper_word(t);
                e.span_ = {t.offset_, take().length_};
                a.value_ = std::move(e);
                return;
            }
        }
        a.value_ = parse_expr_or_default();
    };
    if (at(tok::user_var)) {
        a.kind_ = set_target::user_var;
        a.name_ = user_var_name(text_of(take()));
        value();
        return a;
    }
    if (accept(tok::at_at)) {
        expr v = parse_sys_var(toks_[pos_ - 1].offset_);
        a.scope_ = v.scope_;
        a.name_ = std::move(v.name_);
        value();
        return a;
    }
    a.scope_ = scope_keyword(peek());
    if (a.scope_ != var_scope::none && peek(1).kind_ != tok::eq && peek(1).kind_ != tok::assign) take();
    else a.scope_ = var_scope::none;
    if (a.scope_ == var_scope::none) {
        if (accept(kw::names_)) {
            a.kind_ = set_target::names;
            if (!accept(kw::default_)) {
                a.name_ = charset_name();
                if (accept(kw::collate_)) a.collation_ = ident_or_text();
            }
            return a;
        }
        if ((at(kw::character_) && peek(1).is(kw::set_)) || at(kw::charset_)) {
            if (!accept(kw::charset_)) take(), take();
            a.kind_ = set_target::charset;
            if (!accept(kw::default_)) a.name_ = charset_name();
            return a;
        }
        if (at(kw::password_) && peek(1).kind_ != tok::eq && !peek(1).is(kw::for_)) {
            fail();
            return a;
        }
        if (at(kw::password_) && (peek(1).is(kw::for_) || peek(1).kind_ == tok::eq)) {
            take();
            a.kind_ = set_target::password;
            if (accept(kw::for_)) a.user_ = parse_user();
            expect(tok::eq);
            a.value_ = parse_expr();
            return a;
        }
    }
    a.kind_ = set_target::sys_var;
    a.name_ = sys_var_name(ident());
    value();
    return a;
}

// SET [GLOBAL|SESSION] TRANSACTION {ISOLATION LEVEL level | READ ONLY | READ WRITE}[, …]
statement parser::parse_set_transaction(var_scope scope) {
    expect(kw::transaction_);
    set_assignment a;
    a.kind_ = set_target::transaction;
    a.scope_ = scope;
    do {
        if (at2(kw::isolation_, kw::level_)) {
            take(), take();
            if (at2(kw::read_, kw::uncommitted_)) a.isolation_ = isolation_level::read_uncommitted;
            else if (at2(kw::read_, kw::committed_)) a.isolation_ = isolation_level::read_committed;
            else if (at2(kw::repeatable_, kw::read_)) a.isolation_ = isolation_level::repeatable_read;
            else if (at(kw::serializable_)) a.isolation_ = isolation_level::serializable;
            if (!a.isolation_) {
                fail();
                break;
            }
            take();
            if (*a.isolation_ != isolation_level::serializable) take();
        } else if (at2(kw::read_, kw::only_)) {
            take(), take();
            a.read_only_ = true;
        } else if (accept(kw::read_write_) || (at2(kw::read_, kw::write_) && (take(), take(), true))) {
            a.read_only_ = false;
        } else {
            fail();
        }
    } while (accept(tok::comma));
    set_stmt s;
    s.assignments_.push_back(std::move(a));
    return s;
}

statement parser::parse_describe_or_explain() {
    take();  // DESCRIBE | DESC | EXPLAIN
    if (at(kw::select_) || at(tok::lparen) || at(kw::format_) || at(kw::analyze_) || at(kw::extended_) ||
        at(kw::partitions_)) {
        explain_stmt e;
        if (accept(kw::format_)) {
            expect(tok::eq);
            e.format_ = to_upper(ident_or_text());
        } else if (accept(kw::analyze_)) {
            e.analyze_ = true;
        } else if (!accept(kw::extended_)) {
            accept(kw::partitions_);
        }
        if (!at(kw::select_) && !at(tok::lparen)) {
            if (at(kw::for_)) fail_unsupported("EXPLAIN FOR CONNECTION");
            else if (at(kw::insert_) || at(kw::update_) || at(kw::delete_) || at(kw::replace_) || at(kw::table_))
                fail_unsupported("EXPLAIN " + upper_word(peek()));
            else fail();
            return {};
        }
        e.select_ = parse_query_expression();
        return e;
    }
    if (at(kw::insert_) || at(kw::update_) || at(kw::delete_) || at(kw::replace_)) {
        fail_unsupported("EXPLAIN " + upper_word(peek()));
        return {};
    }
    describe_stmt d;
    d.table_ = table_ident();
    if (at(tok::string)) d.column_ = text_literal();
    else if (at_ident()) d.column_ = ident();
    return d;
}

statement parser::parse_transaction() {
    transaction_stmt t;
    const token& first = take();
    auto chain_release = [&] {
        if (accept(kw::and_)) {
            t.chain_ = !accept(kw::no_);
            expect(kw::chain_);
        }
        if (at2(kw::no_, kw::release_)) {
            take(), take();
            t.release_ = false;
        } else if (accept(kw::release_)) {
            t.release_ = true;
        }
    };
    switch (first.keyword_) {
        case kw::begin_: t.kind_ = txn_kind::begin; accept(kw::work_); break;
        case kw::start_:
            if (!at(kw::transaction_)) {
                if (at(kw::slave_) || at(kw::replica_) || at(kw::group_replication_))
                    fail_unsupported("START " + upper_word(peek()));
                else
                    fail();
                break;
            }
            take();
            t.kind_ = txn_kind::start;
            if (at(tok::end)) break;
            do {
                if (at(kw::with_)) {
                    take();
                    expect(kw::consistent_);
                    expect(kw::snapshot_);
                    t.consistent_snapshot_ = true;
                } else if (at2(kw::read_, kw::only_)) {
                    take(), take();
                    t.read_only_ = true;
                } else if (at2(kw::read_, kw::write_)) {
                    take(), take();
                    t.read_only_ = false;
                } else {
                    fail();
                }
            } while (accept(tok::comma));
            break;
        case kw::commit_: t.kind_ = txn_kind::commit; accept(kw::work_); chain_release(); break;
        case kw::rollback_:
            accept(kw::work_);
            if (accept(kw::to_)) {
                t.kind_ = txn_kind::rollback_to;
                accept(kw::savepoint_);
                t.savepoint_ = ident();
            } else {
                t.kind_ = txn_kind::rollback;
                chain_release();
            }
            break;
        case kw::savepoint_: t.kind_ = txn_kind::savepoint; t.savepoint_ = ident(); break;
        default:  // RELEASE
            t.kind_ = txn_kind::release_savepoint;
            expect(kw::savepoint_);
            t.savepoint_ = ident();
    }
    return t;
}

statement parser::parse_lock_tables() {
    expect(kw::lock_);
    if (at(kw::instance_)) {
        fail_unsupported("LOCK INSTANCE");
        return {};
    }
    if (!accept(kw::tables_)) expect(kw::table_);
    lock_tables_stmt s;
    do {
        lock_target t;
        t.table_ = table_ident();
        t.alias_ = parse_alias(false).value_or("");
        if (accept(kw::read_)) {
            t.type_ = accept(kw::local_) ? lock_type::read_local : lock_type::read;
        } else if (accept(kw::low_priority_)) {
            expect(kw::write_);
            t.type_ = lock_type::low_priority_write;
        } else {
            expect(kw::write_);
            t.type_ = lock_type::write;
        }
        s.tables_.push_back(std::move(t));
    } while (accept(tok::comma));
    return s;
}

statement parser::parse_kill() {
    expect(kw::kill_);
    kill_stmt k;
    if (accept(kw::query_)) k.kind_ = kill_kind::query;
    else accept(kw::connection_);
    k.id_ = parse_expr();
    return k;
}

statement parser::parse_call() {
    expect(kw::call_);
    call_stmt c;
    table_name n = table_ident();
    c.db_ = std::move(n.db_);
    c.name_ = std::move(n.name_);
    if (accept(tok::lparen)) {
        if (!at(tok::rparen)) c.args_ = parse_expr_list();
        expect(tok::rparen);
    }
    return c;
}

statement parser::parse_flush() {
    expect(kw::flush_);
    flush_stmt f;
    f.local_ = accept(kw::local_) || accept(kw::no_write_to_binlog_);
    if (accept(kw::tables_) || accept(kw::table_)) {
        f.options_.push_back("TABLES");
        if (at_ident()) {
            do f.tables_.push_back(table_ident());
            while (accept(tok::comma));
        }
        if (at(kw::with_) || at(kw::for_)) fail_unsupported("FLUSH TABLES WITH READ LOCK / FOR EXPORT");
        return f;
    }
    do {
        std::string option;
        while (at(tok::ident) && !failed()) option += (option.empty() ? "" : " ") + upper_word(take());
        if (option.empty()) fail();
        f.options_.push_back(std::move(option));
    } while (accept(tok::comma));
    return f;
}

statement parser::parse_submit() {
    take();  // SUBMIT
    submit_stmt s;
    if (at(kw::select_) || at(tok::lparen)) {
        const std::size_t from = peek().offset_;
        s.select_ = parse_query_expression();
        s.query_ = text_.substr(from, prev_end() - from);  // the history's QUERY
        return s;
    }
    // Anything else is kept as text for the czar's "SUBMIT only valid with SELECT queries";
    // it must still be made of MySQL tokens.
    for (std::size_t i = pos_; i < toks_.size(); ++i)
        if (toks_[i].kind_ == tok::error) {
            fail_at(toks_[i]);
            return s;
        }
    if (at(tok::end)) {
        fail();
        return s;
    }
    const std::size_t from = peek().offset_;
    s.query_ = text_.substr(from, toks_.back().offset_ - from);
    while (!s.query_.empty() && std::string_view(" \t\r\n\f\v").find(s.query_.back()) != std::string_view::npos)
        s.query_.pop_back();
    pos_ = toks_.size() - 1;
    return s;
}

// 'user'[@'host'], user@host, CURRENT_USER[()].
user_spec parser::parse_user() {
    user_spec u;
    if (accept(kw::current_user_)) {
        if (accept(tok::lparen)) expect(tok::rparen);
        u.current_user_ = true;
        return u;
    }
    const token& name = peek();
    u.user_ = ident_or_text();
    const token& host = peek();
    if (host.kind_ == tok::user_var && host.offset_ == name.offset_ + name.length_) {
        u.host_ = user_var_name(text_of(take()));
    } else if (accept(tok::at)) {
        u.host_ = ident_or_text();
    }
    return u;
}

}  // namespace qproxy::sql::detail
