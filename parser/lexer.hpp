// MySQL 8.0's lexer (sql_lex.cc) by hand: tokens are views into the statement
// text with their byte offset and 1-based line; values (escapes, quotes) are
// decoded on demand, so lexing allocates nothing.
#pragma once

#include "parser/keywords.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace qproxy::sql {

enum class tok : std::uint8_t {
    end,
    error,            // bad input at this offset (unterminated string/comment, stray byte)
    ident,            // unquoted identifier or keyword (keyword_ set); also \N as NULL
    quoted_ident,     // `…`
    string,           // '…' or "…"
    national_string,  // N'…'
    hex,              // X'…' or 0x…
    bit,              // B'…' or 0b…
    integer,          // 123
    decimal,          // 1.5, .5, 1.
    real,             // 1e10, 1.5E-3
    user_var,         // @name, @'name', @"name", @`name`
    at_at,            // @@ (the system variable's name follows as tokens)
    at,               // a lone @
    param,            // ?
    lparen, rparen, comma, dot, semicolon, lbrace, rbrace, colon,
    eq, null_safe_eq, ne, lt, le, gt, ge, shl, shr,
    plus, minus, star, slash, percent, caret, amp, pipe, tilde, bang,
    and_and, or_or, assign, arrow, arrow2,
};

struct token {
    tok kind_ = tok::end;
    kw keyword_ = kw::none;      // ident only
    bool space_before_ = false;  // blank or comment right before (MySQL's "function name must touch '('")
    std::uint32_t offset_ = 0;
    std::uint32_t length_ = 0;
    std::uint32_t line_ = 1;

    [[nodiscard]] bool is(kw k) const { return kind_ == tok::ident && keyword_ == k; }
    [[nodiscard]] std::string_view text(std::string_view src) const { return src.substr(offset_, length_); }
};

class lexer {
public:
    // Lexes text[pos, end); lines count from `line` at pos.
    lexer(std::string_view text, std::size_t pos, std::size_t end, std::uint32_t line = 1)
        : text_(text.substr(0, end)), pos_(pos), line_(line) {}

    [[nodiscard]] token next();
    [[nodiscard]] std::size_t pos() const { return pos_; }
    [[nodiscard]] std::uint32_t line() const { return line_; }

private:
    bool skip_trivia();  // false on an unterminated comment (pos_ left at its start)
    token make(tok kind, std::size_t start, std::uint32_t line, bool space) const;
    token number(std::size_t start, std::uint32_t line, bool space);
    token identifier(std::size_t start, std::uint32_t line, bool space);
    token quoted(tok kind, std::size_t start, std::size_t body, std::uint32_t line, bool space);
    token variable(std::size_t start, std::uint32_t line, bool space);
    token operator_token(std::size_t start, std::uint32_t line, bool space);

    std::string_view text_;
    std::size_t pos_;
    std::uint32_t line_;
    bool in_exec_comment_ = false;  // inside /*! … */: its closing */ is skipped
    bool ident_after_dot_ = false;  // `t.1x`: after ident '.', digits start an identifier
    tok last_ = tok::end;
    std::size_t last_end_ = 0;
};

[[nodiscard]] bool is_ident_char(char c);

// Decoded values of literal tokens (raw = token text).
[[nodiscard]] std::string string_value(std::string_view raw);     // string, national_string
[[nodiscard]] std::string ident_value(std::string_view raw);      // ident, quoted_ident
[[nodiscard]] std::string_view digits_value(std::string_view raw);  // hex, bit: the digits only
[[nodiscard]] std::string user_var_name(std::string_view raw);    // user_var

}  // namespace qproxy::sql
