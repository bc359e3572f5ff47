// SHOW in every form the session answers.
#include "parser/parser_impl.hpp"

namespace qproxy::sql::detail {

void parser::parse_show_filter(show_stmt& s, bool allow_like, bool allow_where) {
    if (allow_like && accept(kw::like_)) s.like_ = text_literal();
    else if (allow_where && accept(kw::where_)) s.where_ = parse_expr();
}

statement parser::parse_show() {
    expect(kw::show_);
    show_stmt s;
    s.full_ = accept(kw::full_);
    if (at(kw::global_) || at(kw::session_) || at(kw::local_)) {
        kw scope = take().keyword_;
        s.scope_ = scope == kw::global_ ? var_scope::global : scope == kw::session_ ? var_scope::session : var_scope::local;
        if (!at(kw::variables_) && !at(kw::status_)) {
            fail();
            return s;
        }
    }
    auto from_db = [&] {
        if (accept(kw::from_) || accept(kw::in_)) s.db_ = ident();
    };
    const token& what = take();
    const kw k = what.kind_ == tok::ident ? what.keyword_ : kw::none;
    switch (k) {
        case kw::databases_:
        case kw::schemas_: s.kind_ = show_kind::databases; parse_show_filter(s, true, true); break;
        case kw::tables_: s.kind_ = show_kind::tables; from_db(); parse_show_filter(s, true, true); break;
        case kw::columns_:
        case kw::fields_:
        case kw::index_:
        case kw::indexes_:
        case kw::keys_: {
            bool columns = k == kw::columns_ || k == kw::fields_;
            s.kind_ = columns ? show_kind::columns : show_kind::index;
            if (!accept(kw::from_)) expect(kw::in_);
            table_name t = table_ident();
            s.db_ = std::move(t.db_);
            s.table_ = std::move(t.name_);
            from_db();
            parse_show_filter(s, columns, true);
            break;
        }
        case kw::table_: s.kind_ = show_kind::table_status; expect(kw::status_); from_db(); parse_show_filter(s, true, true); break;
        case kw::open_: s.kind_ = show_kind::open_tables; expect(kw::tables_); from_db(); parse_show_filter(s, true, true); break;
        case kw::triggers_: s.kind_ = show_kind::triggers; from_db(); parse_show_filter(s, true, true); break;
        case kw::events_: s.kind_ = show_kind::events; from_db(); parse_show_filter(s, true, true); break;
        case kw::create_: {
            if (accept(kw::table_) || accept(kw::view_)) {
                s.kind_ = toks_[pos_ - 1].is(kw::table_) ? show_kind::create_table : show_kind::create_view;
                table_name t = table_ident();
                s.db_ = std::move(t.db_);
                s.table_ = std::move(t.name_);
            } else if (accept(kw::database_) || accept(kw::schema_)) {
                s.kind_ = show_kind::create_database;
                if (at(kw::if_)) {
                    take();
                    expect(kw::not_);
                    expect(kw::exists_);
                    s.if_not_exists_ = true;
                }
                s.db_ = ident();
            } else if (at(tok::ident)) {
                fail_unsupported("SHOW CREATE " + upper_word(peek()));
            } else {
                fail();
            }
            break;
        }
        case kw::variables_: s.kind_ = show_kind::variables; parse_show_filter(s, true, true); break;
        case kw::status_: s.kind_ = show_kind::status; parse_show_filter(s, true, true); break;
        case kw::warnings_:
        case kw::errors_:
            s.kind_ = k == kw::warnings_ ? show_kind::warnings : show_kind::errors;
            if (accept(kw::limit_)) s.limit_ = parse_limit();
            break;
        case kw::collation_: s.kind_ = show_kind::collation; parse_show_filter(s, true, true); break;
        case kw::character_:
            expect(kw::set_);
            [[fallthrough]];
        case kw::charset_: s.kind_ = show_kind::charset; parse_show_filter(s, true, true); break;
        case kw::storage_:
            expect(kw::engines_);
            [[fallthrough]];
        case kw::engines_: s.kind_ = show_kind::engines; break;
        case kw::engine_:
            s.kind_ = show_kind::engine_status;
            s.engine_ = ident_or_text();
            if (!accept(kw::status_)) {
                if (at(tok::ident)) fail_unsupported("SHOW ENGINE ... " + upper_word(peek()));
                else fail();
            }
            break;
        case kw::plugins_: s.kind_ = show_kind::plugins; break;
        case kw::grants_:
            s.kind_ = show_kind::grants;
            if (accept(kw::for_)) s.user_ = parse_user();
            if (at(kw::using_)) fail_unsupported("SHOW GRANTS ... USING");
            break;
        case kw::processlist_: s.kind_ = show_kind::processlist; break;
        case kw::privileges_: s.kind_ = show_kind::privileges; break;
        case kw::procedure_:
        case kw::function_:
            s.kind_ = k == kw::procedure_ ? show_kind::procedure_status : show_kind::function_status;
            if (!at(kw::status_) && at(tok::ident)) fail_unsupported("SHOW " + upper_word(what) + " " + upper_word(peek()));
            expect(kw::status_);
            parse_show_filter(s, true, true);
            break;
        case kw::master_:
            if (accept(kw::logs_)) s.kind_ = show_kind::binary_logs;
            else expect(kw::status_), s.kind_ = show_kind::master_status;
            break;
        case kw::binary_: expect(kw::logs_); s.kind_ = show_kind::binary_logs; break;
        case kw::slave_:
        case kw::replica_:
            s.kind_ = show_kind::replica_status;
            if (!at(kw::status_) && at(tok::ident)) fail_unsupported("SHOW " + upper_word(what) + " " + upper_word(peek()));
            expect(kw::status_);
            if (accept(kw::for_)) {
                if (upper_word(peek()) != "CHANNEL") fail();
                take();
                ident_or_text();
            }
            break;
        case kw::profiles_: s.kind_ = show_kind::profiles; break;
        default: {
            std::string w = what.kind_ == tok::ident ? upper_word(what) : std::string();
            if (w == "COUNT" && at(tok::lparen)) {
                take();
                expect(tok::star);
                expect(tok::rparen);
                if (accept(kw::warnings_)) s.kind_ = show_kind::warnings_count;
                else expect(kw::errors_), s.kind_ = show_kind::errors_count;
            } else if (w == "BINLOG" || w == "RELAYLOG" || w == "PROFILE" || w == "REPLICAS" || w == "EXTENDED" ||
                       w == "HOSTS" || w == "MUTEX") {
                fail_unsupported("SHOW " + w);
            } else {
                fail_at(what);
            }
        }
    }
    if (s.full_ && s.kind_ != show_kind::tables && s.kind_ != show_kind::columns &&
        s.kind_ != show_kind::processlist)
        fail_at(what);
    return s;
}

}  // namespace qproxy::sql::detail
