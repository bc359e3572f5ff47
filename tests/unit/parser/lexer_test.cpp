// Token tables for the MySQL lexer.
#include "parser/lexer.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace qproxy;
using namespace qproxy::sql;

namespace {

struct tk {
    tok kind;
    std::string text;
    bool operator==(const tk&) const = default;
};

std::ostream& operator<<(std::ostream& os, const tk& t) { return os << int(t.kind) << ":" << t.text; }

std::vector<tk> lex(std::string_view s) {
    lexer lx(s, 0, s.size());
    std::vector<tk> out;
    for (token t = lx.next(); t.kind_ != tok::end; t = lx.next()) {
        out.push_back({t.kind_, std::string(t.text(s))});
        if (t.kind_ == tok::error) break;
    }
    return out;
}

}  // namespace

TEST_CASE("lexer: numbers and identifiers that start with digits", "[parser][lexer]") {
    CHECK(lex("1 .5 1. 1e10 1.5E-3 1e+5 12") ==
          std::vector<tk>{{tok::integer, "1"}, {tok::decimal, ".5"}, {tok::decimal, "1."}, {tok::real, "1e10"},
                          {tok::real, "1.5E-3"}, {tok::real, "1e+5"}, {tok::integer, "12"}});
    CHECK(lex("1abc 1e 1ex 0x1F 0xZZ 0b101 0b12 0X1F") ==
          std::vector<tk>{{tok::ident, "1abc"}, {tok::ident, "1e"}, {tok::ident, "1ex"}, {tok::hex, "0x1F"},
                          {tok::ident, "0xZZ"}, {tok::bit, "0b101"}, {tok::ident, "0b12"}, {tok::ident, "0X1F"}});
    CHECK(lex("35 .1") == std::vector<tk>{{tok::integer, "35"}, {tok::decimal, ".1"}});
    CHECK(lex("35. 1") == std::vector<tk>{{tok::decimal, "35."}, {tok::integer, "1"}});
    CHECK(lex("t.1x") == std::vector<tk>{{tok::ident, "t"}, {tok::dot, "."}, {tok::ident, "1x"}});
    CHECK(lex("t.5") == std::vector<tk>{{tok::ident, "t"}, {tok::dot, "."}, {tok::ident, "5"}});
}

TEST_CASE("lexer: strings, quoted identifiers and literals with prefixes", "[parser][lexer]") {
    CHECK(lex("'a''b' \"c\"\"d\" `e``f` N'x' X'0a' x'' B'101' _utf8mb4'z'") ==
          std::vector<tk>{{tok::string, "'a''b'"}, {tok::string, "\"c\"\"d\""}, {tok::quoted_ident, "`e``f`"},
                          {tok::national_string, "N'x'"}, {tok::hex, "X'0a'"}, {tok::hex, "x''"},
                          {tok::bit, "B'101'"}, {tok::ident, "_utf8mb4"}, {tok::string, "'z'"}});
    CHECK(string_value(R"('a\'b\"c\\d\%e\_f\ng\0h\Zi\tj\qk''l')") ==
          std::string("a'b\"c\\d\\%e\\_f\ng") + '\0' + "h\x1ai\tjqk'l");
    CHECK(string_value(R"("it''s ""q""")") == "it''s \"q\"");
    CHECK(ident_value("`a``b`") == "a`b");
    CHECK(digits_value("X'0aFF'") == "0aFF");
    CHECK(digits_value("0x0aFF") == "0aFF");
    CHECK(lex("X'0'") == std::vector<tk>{{tok::error, "X'0'"}});
    CHECK(lex("X'0g'") == std::vector<tk>{{tok::error, "X'0g'"}});
    CHECK(lex("'abc") == std::vector<tk>{{tok::error, "'abc"}});
    CHECK(lex("`abc") == std::vector<tk>{{tok::error, "`abc"}});
    CHECK(lex("'a\\'") == std::vector<tk>{{tok::error, "'a\\'"}});
}

TEST_CASE("lexer: variables and placeholders", "[parser][lexer]") {
    CHECK(lex("@a @a.b$c @'x y' @`q` @\"d\" @@version @@session.x @ ? $$") ==
          std::vector<tk>{{tok::user_var, "@a"}, {tok::user_var, "@a.b$c"}, {tok::user_var, "@'x y'"},
                          {tok::user_var, "@`q`"}, {tok::user_var, "@\"d\""}, {tok::at_at, "@@"},
                          {tok::ident, "version"}, {tok::at_at, "@@"}, {tok::ident, "session"}, {tok::dot, "."},
                          {tok::ident, "x"}, {tok::at, "@"}, {tok::param, "?"}, {tok::ident, "$$"}});
    CHECK(user_var_name("@'x y'") == "x y");
    CHECK(user_var_name("@`q`") == "q");
    CHECK(user_var_name("@127.0.0.1") == "127.0.0.1");
}

TEST_CASE("lexer: operators", "[parser][lexer]") {
    CHECK(lex("<=> <= >= <> != < > << >> := && || -> ->> = ! ~ ^ & | + - * / % , ; ( ) { } :") ==
          std::vector<tk>{{tok::null_safe_eq, "<=>"}, {tok::le, "<="}, {tok::ge, ">="}, {tok::ne, "<>"},
                          {tok::ne, "!="}, {tok::lt, "<"}, {tok::gt, ">"}, {tok::shl, "<<"}, {tok::shr, ">>"},
                          {tok::assign, ":="}, {tok::and_and, "&&"}, {tok::or_or, "||"}, {tok::arrow, "->"},
                          {tok::arrow2, "->>"}, {tok::eq, "="}, {tok::bang, "!"}, {tok::tilde, "~"},
                          {tok::caret, "^"}, {tok::amp, "&"}, {tok::pipe, "|"}, {tok::plus, "+"},
                          {tok::minus, "-"}, {tok::star, "*"}, {tok::slash, "/"}, {tok::percent, "%"},
                          {tok::comma, ","}, {tok::semicolon, ";"}, {tok::lparen, "("}, {tok::rparen, ")"},
                          {tok::lbrace, "{"}, {tok::rbrace, "}"}, {tok::colon, ":"}});
    CHECK(lex("\\N") == std::vector<tk>{{tok::ident, "\\N"}});
}

TEST_CASE("lexer: comments, executable comments and hints", "[parser][lexer]") {
    CHECK(lex("a # c\nb -- c\nc --1 /* x */ d") ==
          std::vector<tk>{{tok::ident, "a"}, {tok::ident, "b"}, {tok::ident, "c"}, {tok::minus, "-"},
                          {tok::minus, "-"}, {tok::integer, "1"}, {tok::ident, "d"}});
    CHECK(lex("a --\tb") == std::vector<tk>{{tok::ident, "a"}});
    CHECK(lex("a --") == std::vector<tk>{{tok::ident, "a"}});
    CHECK(lex("/*!40101 SET x */ y") ==
          std::vector<tk>{{tok::ident, "SET"}, {tok::ident, "x"}, {tok::ident, "y"}});
    CHECK(lex("/*! SET */") == std::vector<tk>{{tok::ident, "SET"}});
    CHECK(lex("/*!80099 a */ /*!80100 b */ c") == std::vector<tk>{{tok::ident, "a"}, {tok::ident, "c"}});
    CHECK(lex("SELECT /*+ NO_INDEX(t) */ 1") == std::vector<tk>{{tok::ident, "SELECT"}, {tok::integer, "1"}});
    CHECK(lex("/*!40101 2*/") == std::vector<tk>{{tok::integer, "2"}});
    CHECK(lex("a /* never closed") == std::vector<tk>{{tok::ident, "a"}, {tok::error, "/* never closed"}});
}

TEST_CASE("lexer: keywords, offsets and lines", "[parser][lexer]") {
    std::string_view s = "select\n  Status,\n\n`from` FROM";
    lexer lx(s, 0, s.size());
    token t = lx.next();
    CHECK(t.is(kw::select_));
    CHECK(t.line_ == 1);
    t = lx.next();
    CHECK(t.keyword_ == kw::status_);
    CHECK(!is_reserved(t.keyword_));
    CHECK(t.offset_ == 9);
    CHECK(t.line_ == 2);
    CHECK(lx.next().kind_ == tok::comma);
    t = lx.next();
    CHECK(t.kind_ == tok::quoted_ident);
    CHECK(t.line_ == 4);
    t = lx.next();
    CHECK(t.is(kw::from_));
    CHECK(is_reserved(t.keyword_));
    CHECK(lx.next().kind_ == tok::end);
    CHECK(find_keyword("sElEcT") == kw::select_);
    CHECK(find_keyword("objectId") == kw::none);
    CHECK(is_reserved_word("interval"));
    CHECK(!is_reserved_word("date"));
}
