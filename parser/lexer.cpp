#include "parser/lexer.hpp"

namespace qproxy::sql {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The version MySQL compares /*!NNNNN … */ against: we claim 8.0.x.
constexpr unsigned server_version = 80099;

}  // namespace

bool is_ident_char(char c) {
    auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || is_digit(c) || u == '_' || u == '$' || u >= 0x80;
}

bool lexer::skip_trivia() {
    const std::size_t n = text_.size();
    while (pos_ < n) {
        char c = text_[pos_];
        if (is_space(c)) {
            if (c == '\n') ++line_;
            ++pos_;
        } else if (c == '#' || (c == '-' && pos_ + 1 < n && text_[pos_ + 1] == '-' &&
                                (pos_ + 2 == n || static_cast<unsigned char>(text_[pos_ + 2]) <= ' '))) {
            while (pos_ < n && text_[pos_] != '\n') ++pos_;
        } else if (c == '*' && in_exec_comment_ && pos_ + 1 < n && text_[pos_ + 1] == '/') {
            in_exec_comment_ = false;
            pos_ += 2;
        } else if (c == '/' && pos_ + 1 < n && text_[pos_ + 1] == '*') {
            std::size_t start = pos_;
            if (pos_ + 2 < n && text_[pos_ + 2] == '!' && !in_exec_comment_) {
                std::size_t p = pos_ + 3;
                unsigned version = 0, digits = 0;
                while (digits < 5 && p < n && is_digit(text_[p])) version = version * 10 + (text_[p++] - '0'), ++digits;
                if (digits != 5 || version <= server_version) {  // executable: lex its content as SQL
                    pos_ = digits == 5 ? p : pos_ + 3;
                    in_exec_comment_ = true;
                    continue;
                }
            }
            // A plain comment, an optimizer hint /*+ … */, or a too-new versioned comment.
            std::size_t close = text_.find("*/", pos_ + 2);
            if (close == std::string_view::npos) {
                pos_ = start;
                return false;
            }
            for (std::size_t i = pos_; i < close; ++i) line_ += text_[i] == '\n';
            pos_ = close + 2;
        } else {
            break;
        }
    }
    return true;
}

token lexer::make(tok kind, std::size_t start, std::uint32_t line, bool space) const {
    token t;
    t.kind_ = kind;
    t.space_before_ = space;
    t.offset_ = static_cast<std::uint32_t>(start);
    t.length_ = static_cast<std::uint32_t>(pos_ - start);
    t.line_ = line;
    return t;
}

token lexer::next() {
    std::size_t before = pos_;
    bool ok = skip_trivia();
    bool space = pos_ != before || pos_ == 0;
    std::size_t start = pos_;
    std::uint32_t line = line_;
    if (!ok) {
        pos_ = text_.size();
        token t = make(tok::error, start, line, space);
        last_ = tok::error;
        return t;
    }
    if (pos_ >= text_.size()) return make(tok::end, start, line, space);

    bool after_dot = ident_after_dot_ && !space;
    ident_after_dot_ = false;
    char c = text_[pos_];
    char c1 = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    token t;
    if (after_dot && is_ident_char(c)) {
        t = identifier(start, line, space);
    } else if ((c == 'x' || c == 'X') && c1 == '\'') {
        t = quoted(tok::hex, start, start + 1, line, space);
    } else if ((c == 'b' || c == 'B') && c1 == '\'') {
        t = quoted(tok::bit, start, start + 1, line, space);
    } else if ((c == 'n' || c == 'N') && c1 == '\'') {
        t = quoted(tok::national_string, start, start + 1, line, space);
    } else if (is_digit(c)) {
        t = number(start, line, space);
    } else if (is_ident_char(c)) {
        t = identifier(start, line, space);
    } else if (c == '`' || c == '\'' || c == '"') {
        t = quoted(c == '`' ? tok::quoted_ident : tok::string, start, start, line, space);
    } else if (c == '.' && is_digit(c1) && !((last_ == tok::ident || last_ == tok::quoted_ident) && last_end_ == start)) {
        t = number(start, line, space);
    } else if (c == '@') {
        t = variable(start, line, space);
    } else if (c == '\\' && c1 == 'N') {
        pos_ += 2;
        t = make(tok::ident, start, line, space);
        t.keyword_ = kw::null_;
    } else {
        t = operator_token(start, line, space);
    }
    if (t.kind_ == tok::dot && (last_ == tok::ident || last_ == tok::quoted_ident) && last_end_ == start)
        ident_after_dot_ = true;
    last_ = t.kind_;
    last_end_ = pos_;
    return t;
}

token lexer::identifier(std::size_t start, std::uint32_t line, bool space) {
    while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
    token t = make(tok::ident, start, line, space);
    t.keyword_ = find_keyword(t.text(text_));
    return t;
}

// Follows MySQL's MY_LEX_NUMBER_IDENT: 0x…/0b… (lower-case prefix only), digits that run
// into identifier characters make an identifier (`1abc`), except an exponent (`1e5`).
token lexer::number(std::size_t start, std::uint32_t line, bool space) {
    const std::size_t n = text_.size();
    auto at = [&](std::size_t i) { return i < n ? text_[i] : '\0'; };
    if (text_[pos_] == '0' && (at(pos_ + 1) == 'x' || at(pos_ + 1) == 'b')) {
        bool hex = at(pos_ + 1) == 'x';
        std::size_t p = pos_ + 2;
        while (p < n && (hex ? is_hex(text_[p]) : (text_[p] == '0' || text_[p] == '1'))) ++p;
        if (p > pos_ + 2 && !is_ident_char(at(p))) {
            pos_ = p;
            return make(hex ? tok::hex : tok::bit, start, line, space);
        }
        return identifier(start, line, space);
    }
    auto exponent = [&](std::size_t p) -> std::size_t {  // end of "e[+-]digits" at p, or 0
        if (at(p) != 'e' && at(p) != 'E') return 0;
        ++p;
        if (at(p) == '+' || at(p) == '-') ++p;
        if (!is_digit(at(p))) return 0;
        while (is_digit(at(p))) ++p;
        return p;
    };
    if (text_[pos_] != '.') {
        while (pos_ < n && is_digit(text_[pos_])) ++pos_;
        if (std::size_t e = exponent(pos_)) {
            pos_ = e;
            return make(tok::real, start, line, space);
        }
        if (is_ident_char(at(pos_))) return identifier(start, line, space);
        if (at(pos_) != '.') return make(tok::integer, start, line, space);
    }
    ++pos_;  // '.'
    while (pos_ < n && is_digit(text_[pos_])) ++pos_;
    if (std::size_t e = exponent(pos_)) {
        pos_ = e;
        return make(tok::real, start, line, space);
    }
    return make(tok::decimal, start, line, space);
}

// Quoted text starting with the quote at `body`; a doubled quote stands for itself and, in
// strings, a backslash escapes the next byte. X'…' needs an even count of hex digits.
token lexer::quoted(tok kind, std::size_t start, std::size_t body, std::uint32_t line, bool space) {
    const char q = text_[body];
    const bool escapes = kind == tok::string || kind == tok::national_string;
    std::uint32_t lines = 0;
    std::size_t p = body + 1;
    for (;;) {
        if (p >= text_.size()) {
            pos_ = text_.size();
            return make(tok::error, start, line, space);
        }
        char c = text_[p];
        if (c == '\n') ++lines;
        if (escapes && c == '\\' && p + 1 < text_.size()) {
            lines += text_[p + 1] == '\n';
            p += 2;
        } else if (c == q) {
            if (p + 1 < text_.size() && text_[p + 1] == q && kind != tok::hex && kind != tok::bit) {
                p += 2;
            } else {
                ++p;
                break;
            }
        } else {
            ++p;
        }
    }
    pos_ = p;
    line_ += lines;
    token t = make(kind, start, line, space);
    if (kind == tok::hex || kind == tok::bit) {
        std::string_view digits = digits_value(t.text(text_));
        bool good = kind == tok::hex ? digits.size() % 2 == 0 : true;
        for (char d : digits) good = good && (kind == tok::hex ? is_hex(d) : (d == '0' || d == '1'));
        if (!good) t.kind_ = tok::error;
    }
    return t;
}

// MySQL lexes '@' then a "hostname" run [alnum . _ $] or a quoted name; '@@' starts a system variable.
token lexer::variable(std::size_t start, std::uint32_t line, bool space) {
    const std::size_t n = text_.size();
    char c1 = pos_ + 1 < n ? text_[pos_ + 1] : '\0';
    if (c1 == '@') {
        pos_ += 2;
        return make(tok::at_at, start, line, space);
    }
    if (c1 == '\'' || c1 == '"' || c1 == '`') {
        token q = quoted(c1 == '`' ? tok::quoted_ident : tok::string, start, start + 1, line, space);
        if (q.kind_ != tok::error) q.kind_ = tok::user_var;
        return q;
    }
    std::size_t p = pos_ + 1;
    while (p < n && (is_ident_char(text_[p]) || text_[p] == '.')) ++p;
    pos_ = p == pos_ + 1 ? pos_ + 1 : p;
    return make(p == start + 1 ? tok::at : tok::user_var, start, line, space);
}

token lexer::operator_token(std::size_t start, std::uint32_t line, bool space) {
    const std::size_t n = text_.size();
    auto at = [&](std::size_t i) { return pos_ + i < n ? text_[pos_ + i] : '\0'; };
    auto take = [&](std::size_t len, tok kind) {
        pos_ += len;
        return make(kind, start, line, space);
    };
    switch (text_[pos_]) {
        case '(': return take(1, tok::lparen);
        case ')': return take(1, tok::rparen);
        case ',': return take(1, tok::comma);
        case '.': return take(1, tok::dot);
        case ';': return take(1, tok::semicolon);
        case '{': return take(1, tok::lbrace);
        case '}': return take(1, tok::rbrace);
        case '?': return take(1, tok::param);
        case '+': return take(1, tok::plus);
        case '*': return take(1, tok::star);
        case '/': return take(1, tok::slash);
        case '%': return take(1, tok::percent);
        case '^': return take(1, tok::caret);
        case '~': return take(1, tok::tilde);
        case '=': return take(1, tok::eq);
        case ':': return at(1) == '=' ? take(2, tok::assign) : take(1, tok::colon);
        case '&': return at(1) == '&' ? take(2, tok::and_and) : take(1, tok::amp);
        case '|': return at(1) == '|' ? take(2, tok::or_or) : take(1, tok::pipe);
        case '!': return at(1) == '=' ? take(2, tok::ne) : take(1, tok::bang);
        case '-':
            if (at(1) == '>') return at(2) == '>' ? take(3, tok::arrow2) : take(2, tok::arrow);
            return take(1, tok::minus);
        case '<':
            if (at(1) == '=') return at(2) == '>' ? take(3, tok::null_safe_eq) : take(2, tok::le);
            if (at(1) == '>') return take(2, tok::ne);
            if (at(1) == '<') return take(2, tok::shl);
            return take(1, tok::lt);
        case '>':
            if (at(1) == '=') return take(2, tok::ge);
            if (at(1) == '>') return take(2, tok::shr);
            return take(1, tok::gt);
        default: return take(1, tok::error);
    }
}

std::string string_value(std::string_view raw) {
    if (!raw.empty() && (raw[0] == 'n' || raw[0] == 'N')) raw.remove_prefix(1);
    const char q = raw[0];
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\\' && i + 2 < raw.size()) {
            char e = raw[++i];
            switch (e) {
                case '0': out += '\0'; break;
                case 'b': out += '\b'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'Z': out += '\x1a'; break;
                case '%': out += "\\%"; break;  // kept for LIKE, as MySQL does
                case '_': out += "\\_"; break;
                default: out += e;
            }
        } else if (c == q) {
            out += q;  // doubled quote
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

std::string ident_value(std::string_view raw) {
    if (raw.empty() || raw[0] != '`') return std::string(raw);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
        out += raw[i];
        if (raw[i] == '`') ++i;
    }
    return out;
}

std::string_view digits_value(std::string_view raw) {
    if (raw.size() >= 2 && raw[0] == '0') return raw.substr(2);  // 0x… / 0b…
    return raw.substr(2, raw.size() - 3);                         // X'…' / B'…'
}

std::string user_var_name(std::string_view raw) {
    raw.remove_prefix(1);
    if (raw.empty()) return {};
    if (raw[0] == '`') return ident_value(raw);
    if (raw[0] == '\'' || raw[0] == '"') return string_value(raw);
    return std::string(raw);
}

}  // namespace qproxy::sql
