// CREATE/ALTER/DROP USER, GRANT, REVOKE.
#include "parser/parser_impl.hpp"

namespace qproxy::sql::detail {

user_auth parser::parse_user_auth() {
    user_auth a;
    a.user_ = parse_user();
    if (!accept(kw::identified_)) return a;
    if (accept(kw::with_)) {
        a.plugin_ = ident_or_text();
        if (accept(kw::as_)) {
            a.hash_ = text_literal();
            return a;
        }
        if (!accept(kw::by_)) return a;
    } else {
        expect(kw::by_);
    }
    if (upper_word(peek()) == "RANDOM") {
        fail_unsupported("IDENTIFIED BY RANDOM PASSWORD");
        return a;
    }
    a.password_ = text_literal();
    if (accept(kw::replace_)) text_literal();  // the current password: checked by MySQL, not needed here
    if (upper_word(peek()) == "RETAIN") fail_unsupported("RETAIN CURRENT PASSWORD");
    return a;
}

tls_require parser::parse_require() {
    if (!accept(kw::require_)) return tls_require::unspecified;
    if (accept(kw::none_)) return tls_require::none;
    if (accept(kw::ssl_)) return tls_require::ssl;
    if (accept(kw::x509_)) return tls_require::x509;
    if (at(kw::cipher_) || at(kw::issuer_) || upper_word(peek()) == "SUBJECT")
        fail_unsupported("REQUIRE " + upper_word(peek()));
    else
        fail();
    return tls_require::unspecified;
}

namespace {

// Account options after the user list that qproxy does not keep.
void reject_account_options(parser& p) {
    if (!p.at(tok::ident) || p.failed()) return;
    std::string w = p.upper_word(p.peek());
    if (w == "WITH" || w == "PASSWORD" || w == "ACCOUNT" || w == "COMMENT" || w == "ATTRIBUTE" || w == "DEFAULT" ||
        w == "FAILED_LOGIN_ATTEMPTS" || w == "PASSWORD_LOCK_TIME")
        p.fail_unsupported("account option " + w);
}

}  // namespace

statement parser::parse_create_user() {
    expect(kw::user_);
    create_user_stmt s;
    if (at(kw::if_)) {
        take();
        expect(kw::not_);
        expect(kw::exists_);
        s.if_not_exists_ = true;
    }
    do s.users_.push_back(parse_user_auth());
    while (accept(tok::comma));
    s.require_ = parse_require();
    reject_account_options(*this);
    return s;
}

statement parser::parse_alter_user() {
    expect(kw::alter_);
    expect(kw::user_);
    alter_user_stmt s;
    if (at(kw::if_)) {
        take();
        expect(kw::exists_);
        s.if_exists_ = true;
    }
    if (at(kw::user_) && peek(1).kind_ == tok::lparen) {  // ALTER USER USER() IDENTIFIED BY …
        take(), take();
        expect(tok::rparen);
        user_auth a;
        a.user_.current_user_ = true;
        expect(kw::identified_);
        expect(kw::by_);
        a.password_ = text_literal();
        s.users_.push_back(std::move(a));
    } else {
        do s.users_.push_back(parse_user_auth());
        while (accept(tok::comma));
    }
    s.require_ = parse_require();
    reject_account_options(*this);
    return s;
}

statement parser::parse_drop_user() {
    expect(kw::user_);
    drop_user_stmt s;
    if (at(kw::if_)) {
        take();
        expect(kw::exists_);
        s.if_exists_ = true;
    }
    do s.users_.push_back(parse_user());
    while (accept(tok::comma));
    return s;
}

std::vector<privilege> parser::parse_privileges() {
    std::vector<privilege> out;
    do {
        privilege p;
        if (accept(kw::all_)) {
            accept(kw::privileges_);
            p.name_ = "ALL";
        } else {
            // One or more words: SELECT, CREATE TEMPORARY TABLES, REPLICATION CLIENT, BACKUP_ADMIN …
            while (at(tok::ident) && !at(kw::on_) && !at(kw::to_) && !at(kw::from_) && !failed())
                p.name_ += (p.name_.empty() ? "" : " ") + upper_word(take());
            if (p.name_.empty()) fail();
        }
        if (accept(tok::lparen)) {
            do p.columns_.push_back(ident());
            while (accept(tok::comma));
            expect(tok::rparen);
        }
        out.push_back(std::move(p));
    } while (accept(tok::comma) && !failed());
    return out;
}

grant_object parser::parse_grant_object() {
    grant_object o;
    if (accept(kw::table_)) o.type_ = grant_object_type::table;
    else if (accept(kw::function_)) o.type_ = grant_object_type::function;
    else if (accept(kw::procedure_)) o.type_ = grant_object_type::procedure;
    auto part = [&] {
        if (accept(tok::star)) return std::string("*");
        return ident();
    };
    std::string first = part();
    if (accept(tok::dot)) {
        o.db_ = std::move(first);
        o.table_ = at(tok::star) ? (take(), std::string("*")) : ident_after_dot();
    } else {
        o.table_ = std::move(first);
    }
    return o;
}

statement parser::parse_grant() {
    expect(kw::grant_);
    grant_stmt g;
    if (at(kw::proxy_)) {
        fail_unsupported("GRANT PROXY");
        return {};
    }
    g.privileges_ = parse_privileges();
    if (at(kw::to_)) {
        fail_unsupported("GRANT role");
        return {};
    }
    expect(kw::on_);
    g.object_ = parse_grant_object();
    expect(kw::to_);
    do g.users_.push_back(parse_user());
    while (accept(tok::comma));
    if (at(kw::with_) && peek(1).is(kw::grant_)) {
        take(), take();
        expect(kw::option_);
        g.with_grant_option_ = true;
    }
    if (at(kw::as_) || at(kw::identified_) || at(kw::require_)) fail_unsupported("GRANT ... " + upper_word(peek()));
    return g;
}

statement parser::parse_revoke() {
    expect(kw::revoke_);
    revoke_stmt r;
    if (at(kw::proxy_)) {
        fail_unsupported("REVOKE PROXY");
        return {};
    }
    r.privileges_ = parse_privileges();
    if (r.privileges_.size() == 2 && r.privileges_[0].name_ == "ALL" && r.privileges_[1].name_ == "GRANT OPTION" &&
        at(kw::from_)) {
        r.privileges_.clear();
        r.all_grant_option_ = true;
    } else if (at(kw::from_)) {
        fail_unsupported("REVOKE role");
        return {};
    } else {
        expect(kw::on_);
        r.object_ = parse_grant_object();
    }
    expect(kw::from_);
    do r.users_.push_back(parse_user());
    while (accept(tok::comma));
    return r;
}

}  // namespace qproxy::sql::detail
