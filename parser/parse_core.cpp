// Cursor, identifiers, literals, and the entry points parse_next()/parse().
#include "parser/parser.hpp"
#include "parser/parser_impl.hpp"

#include <charconv>

namespace qproxy::sql {

namespace detail {

std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    return out;
}

bool parser::accept(tok k) {
    if (!at(k)) return false;
    take();
    return true;
}

bool parser::accept(kw k) {
    if (!at(k)) return false;
    take();
    return true;
}

void parser::expect(tok k) {
    if (!accept(k)) fail();
}

void parser::expect(kw k) {
    if (!accept(k)) fail();
}

void parser::fail() { fail_at(peek()); }

void parser::fail_at(const token& t) {
    if (error_) return;
    std::size_t from = std::min<std::size_t>(t.offset_, near_end_);
    error_ = syntax_error(text_.substr(from, near_end_ - from), t.line_);
    pos_ = toks_.size() - 1;
}

void parser::fail_unsupported(std::string_view what) { fail_with(unsupported(what)); }

void parser::fail_with(sql_error e) {
    if (error_) return;
    error_ = std::move(e);
    pos_ = toks_.size() - 1;
}

std::uint32_t parser::prev_end() const {
    if (pos_ == 0) return peek().offset_;
    const token& t = toks_[pos_ - 1];
    return t.offset_ + t.length_;
}

source_span parser::span_from(std::uint32_t start) const {
    std::uint32_t end = prev_end();
    return {start, end > start ? end - start : 0};
}

bool parser::enter() {
    if (++depth_ <= max_nesting) return true;
    too_deep(max_nesting);
    return false;
}

void parser::too_deep(unsigned limit) {
    if (error_) return;
    const token& t = peek();
    std::size_t from = std::min<std::size_t>(t.offset_, near_end_);
    error_ = nesting_too_deep(text_.substr(from, near_end_ - from), t.line_, limit);
    too_deep_ = true;
    pos_ = toks_.size() - 1;
}

void parser::finish(expr& e) {
    std::uint32_t h = 0;
    for (const expr& a : e.args_) h = std::max(h, a.height_.value_);
    for (const order_item& o : e.order_by_) h = std::max(h, o.expr_.height_.value_);
    if (e.query_) h = std::max(h, last_query_height_);
    e.height_.value_ = h + 1;
    tallest_ = std::max(tallest_, h + 1);
    if (h + 1 > max_height) too_deep(max_height);
}

expr parser::make_binary(op o, expr l, expr r, std::uint32_t start) {
    expr e;
    e.kind_ = expr_kind::binary;
    e.op_ = o;
    e.args_.reserve(2);
    e.args_.push_back(std::move(l));
    e.args_.push_back(std::move(r));
    e.span_ = span_from(start);
    finish(e);
    return e;
}

expr parser::make_unary(op o, expr x, std::uint32_t start) {
    expr e;
    e.kind_ = expr_kind::unary;
    e.op_ = o;
    e.args_.push_back(std::move(x));
    e.span_ = span_from(start);
    finish(e);
    return e;
}

bool parser::is_ident(const token& t) {
    return t.kind_ == tok::quoted_ident || (t.kind_ == tok::ident && !is_reserved(t.keyword_));
}

std::string parser::ident() {
    if (!at_ident()) {
        fail();
        return {};
    }
    return ident_value(text_of(take()));
}

std::string parser::ident_after_dot() {
    if (at(tok::ident) || at(tok::quoted_ident)) return ident_value(text_of(take()));
    fail();
    return {};
}

std::string parser::ident_or_text() {
    if (at(tok::string)) return text_literal();
    return ident();
}

std::string parser::text_literal() {
    if (!at(tok::string)) {
        fail();
        return {};
    }
    std::string out = string_value(text_of(take()));
    while (at(tok::string)) out += string_value(text_of(take()));
    return out;
}

std::uint64_t parser::unsigned_number() {
    std::uint64_t v = 0;
    if (at(tok::integer)) {
        std::string_view s = text_of(peek());
        if (std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc{}) {
            take();
            return v;
        }
    }
    fail();
    return 0;
}

table_name parser::table_ident() {
    table_name t;
    t.name_ = ident();
    if (accept(tok::dot)) {
        t.db_ = std::move(t.name_);
        t.name_ = ident_after_dot();
    }
    return t;
}

std::string parser::upper_word(const token& t) const { return to_upper(text_of(t)); }

namespace {

// Statement keywords MySQL accepts that qproxy does not implement: 1235, not 1064.
std::string_view unsupported_statement(kw k, std::string_view upper) {
    switch (k) {
        case kw::with_: return "WITH";
        case kw::handler_: return "HANDLER";
        case kw::prepare_: return "PREPARE";
        case kw::execute_: return "EXECUTE";
        case kw::deallocate_: return "DEALLOCATE";
        case kw::analyze_: return "ANALYZE TABLE";
        case kw::optimize_: return "OPTIMIZE TABLE";
        case kw::check_: return "CHECK TABLE";
        case kw::checksum_: return "CHECKSUM TABLE";
        case kw::rename_: return "RENAME";
        case kw::truncate_: return "TRUNCATE";
        case kw::xa_: return "XA";
        case kw::reset_: return "RESET";
        case kw::purge_: return "PURGE";
        case kw::change_: return "CHANGE";
        case kw::install_: return "INSTALL";
        case kw::shutdown_: return "SHUTDOWN";
        case kw::signal_: return "SIGNAL";
        case kw::resignal_: return "RESIGNAL";
        case kw::get_: return "GET DIAGNOSTICS";
        case kw::cache_: return "CACHE INDEX";
        case kw::binlog_: return "BINLOG";
        case kw::help_: return "HELP";
        case kw::table_: return "TABLE statement";
        case kw::values_: return "VALUES statement";
        case kw::alter_: return "ALTER";
        default: break;
    }
    for (std::string_view w : {"UNINSTALL", "RESTART", "CLONE", "IMPORT", "REPAIR", "STOP"})
        if (upper == w) return w;
    return {};
}

}  // namespace

sql_result<statement> parser::parse_statement() {
    const token& first = peek();
    statement st;
    if (first.kind_ == tok::end) return statement{empty_stmt{}};
    if (first.kind_ == tok::lparen) {
        st = parse_query_expression();
    } else if (first.kind_ == tok::ident) {
        switch (first.keyword_) {
            case kw::select_: st = parse_query_expression(); break;
            case kw::submit_: st = parse_submit(); break;
            case kw::cancel_: {
                take();
                st = cancel_stmt{parse_simple()};
                break;
            }
            case kw::kill_: st = parse_kill(); break;
            case kw::call_: st = parse_call(); break;
            case kw::set_: st = parse_set(); break;
            case kw::use_: take(); st = use_stmt{ident()}; break;
            case kw::show_: st = parse_show(); break;
            case kw::describe_:
            case kw::desc_:
            case kw::explain_: st = parse_describe_or_explain(); break;
            case kw::begin_:
            case kw::start_:
            case kw::commit_:
            case kw::rollback_:
            case kw::savepoint_:
            case kw::release_: st = parse_transaction(); break;
            case kw::lock_: st = parse_lock_tables(); break;
            case kw::unlock_:
                take();
                if (!accept(kw::tables_)) expect(kw::table_);
                st = unlock_tables_stmt{};
                break;
            case kw::create_: st = parse_create(); break;
            case kw::drop_: st = parse_drop(); break;
            case kw::load_: st = parse_load_data(); break;
            case kw::insert_: st = parse_insert(false); break;
            case kw::replace_: st = parse_insert(true); break;
            case kw::update_: st = parse_update(); break;
            case kw::delete_: st = parse_delete(); break;
            case kw::grant_: st = parse_grant(); break;
            case kw::revoke_: st = parse_revoke(); break;
            case kw::flush_: st = parse_flush(); break;
            case kw::do_: take(); st = do_stmt{parse_expr_list()}; break;
            default: {
                if (first.is(kw::alter_) && peek(1).is(kw::user_)) {
                    st = parse_alter_user();
                    break;
                }
                std::string_view what = unsupported_statement(first.keyword_, upper_word(first));
                if (what.empty()) {
                    fail();
                } else if (what == "ALTER") {
                    fail_unsupported("ALTER " + upper_word(peek(1)));
                } else {
                    fail_unsupported(what);
                }
            }
        }
    } else {
        fail();
    }
    if (!at(tok::end)) fail();
    if (error_) return *error_;
    return st;
}

}  // namespace detail

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

parsed parse_next(std::string_view text, std::size_t pos) {
    // MySQL trims the query's leading blanks and its trailing blanks and ';' before parsing:
    // lines count from the first non-blank byte and error quotes stop at the trimmed end.
    std::size_t end = text.size();
    while (end > pos && (is_blank(text[end - 1]) || text[end - 1] == ';')) --end;
    while (pos < end && is_blank(text[pos])) ++pos;

    lexer lx(text, pos, end);
    std::vector<token> toks;
    toks.reserve((end - pos) / 5 + 16);
    std::size_t next = text.size();
    for (;;) {
        token t = lx.next();
        if (t.kind_ == tok::semicolon) {
            token e = t;
            e.kind_ = tok::end;
            e.length_ = 0;
            toks.push_back(e);
            lexer rest(text, lx.pos(), end);
            if (rest.next().kind_ != tok::end) next = lx.pos();
            break;
        }
        toks.push_back(t);
        if (t.kind_ == tok::end) break;
        if (t.kind_ == tok::error) {
            token e = t;
            e.kind_ = tok::end;
            toks.push_back(e);
            break;
        }
    }
    const std::size_t begin = toks.front().kind_ == tok::end ? pos : toks.front().offset_;
    detail::parser p(text, end, std::move(toks));
    sql_result<statement> stmt = p.parse_statement();
    if (!stmt && next == text.size() && lx.pos() < end) {
        // Best effort after an error: resume after the next ';' the lexer can find.
        lexer skip(text, lx.pos(), end);
        for (token t = skip.next(); t.kind_ != tok::end && t.kind_ != tok::error; t = skip.next())
            if (t.kind_ == tok::semicolon) {
                next = skip.pos();
                break;
            }
    }
    return parsed{std::move(stmt), begin, next};
}

sql_result<statement> parse(std::string_view text) {
    parsed p = parse_next(text, 0);
    if (!p.stmt) return std::move(p.stmt);
    if (p.next < text.size()) {
        parsed rest = parse_next(text, p.next);
        // The statement's own ';' ended it; anything but blanks after it is an error here.
        std::size_t from = rest.begin;
        std::size_t end = text.size();
        while (end > from && (is_blank(text[end - 1]) || text[end - 1] == ';')) --end;
        return syntax_error(text.substr(from, end - from), 1);
    }
    return std::move(p.stmt);
}

}  // namespace qproxy::sql
