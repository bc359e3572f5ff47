// The recursive-descent parser shared by parse_*.cpp (internal header).
//
// Errors are sticky: the first one is recorded and the cursor jumps to the end
// token, so every loop stops and the callers unwind without checking at each
// step; parse_next() then reports that first error. Lookahead is over the
// statement's token vector, which also makes backtracking (a rare need, e.g.
// `((SELECT 1) + 1)` against `((SELECT 1) UNION (SELECT 2))`) a matter of
// restoring an index.
#pragma once

#include "parser/ast.hpp"
#include "parser/error.hpp"
#include "parser/lexer.hpp"
#include "parser/parser.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::sql::detail {

class parser {
public:
    // tokens: one statement's tokens, ending with an end token; text: the whole input;
    // near_end: where MySQL's "near '…'" quote stops (trailing blanks and ';' trimmed).
    parser(std::string_view text, std::size_t near_end, std::vector<token> tokens)
        : text_(text), near_end_(near_end), toks_(std::move(tokens)), memo_(toks_.size(), 0) {}

    [[nodiscard]] sql_result<statement> parse_statement();

    // --- cursor (parse_core.cpp) ---
    const token& peek(std::size_t ahead = 0) const {
        std::size_t i = pos_ + ahead;
        return toks_[i < toks_.size() ? i : toks_.size() - 1];
    }
    bool at(tok k) const { return peek().kind_ == k; }
    bool at(kw k) const { return peek().is(k); }
    bool at2(kw a, kw b) const { return peek().is(a) && peek(1).is(b); }
    const token& take() {
        const token& t = peek();
        if (pos_ + 1 < toks_.size()) ++pos_;
        return t;
    }
    bool accept(tok k);
    bool accept(kw k);
    void expect(tok k);
    void expect(kw k);
    bool failed() const { return error_.has_value(); }
    void fail();                             // 1064 at the current token
    void fail_at(const token& t);
    void fail_unsupported(std::string_view what);
    void fail_with(sql_error e);  // the statement's error, unless it has one
    // A system variable's name after @@ or SET: `first`[.part] (1193 when a quoted part holds a dot).
    std::string sys_var_name(std::string first);
    std::string_view text_of(const token& t) const { return t.text(text_); }
    std::uint32_t prev_end() const;          // end offset of the last consumed token
    source_span span_from(std::uint32_t start) const;
    bool enter();                            // nesting guard: false (and error) past max_nesting
    void leave() { --depth_; }
    void too_deep(unsigned limit);           // the nesting error, at the current token
    // Sets e's height from its children (and from the query parsed for it, if any) and
    // refuses trees taller than max_height.
    void finish(expr& e);
    expr make_binary(op o, expr l, expr r, std::uint32_t start);
    expr make_unary(op o, expr x, std::uint32_t start);
    void wrap(expr& x, expr_kind kind, std::uint32_t start);

    // --- identifiers and literals (parse_core.cpp) ---
    static bool is_ident(const token& t);    // unquoted non-reserved word, or `quoted`
    bool at_ident() const { return is_ident(peek()); }
    std::string ident();                     // expects an identifier
    std::string ident_after_dot();           // any word after '.', even a reserved one
    std::string ident_or_text();             // identifier or 'string'
    std::string text_literal();              // one or more adjacent strings, decoded
    std::uint64_t unsigned_number();         // a plain integer literal
    table_name table_ident();                // [db.]name
    std::string upper_word(const token& t) const;

    // --- expressions (parse_expr.cpp) ---
    expr parse_expr();
    bool lone_operand_ahead() const;
    expr parse_xor();
    expr parse_and();
    expr parse_not();
    expr parse_truth();
    expr parse_bool_pri();
    expr parse_predicate();
    expr parse_bit(int min_prec);
    expr parse_simple();
    expr parse_collated();
    expr parse_primary();
    expr parse_paren_expr(std::uint32_t start);
    expr parse_literal();
    expr parse_column_or_call();
    expr parse_column(std::uint32_t start);
    expr parse_sys_var(std::uint32_t start);
    expr parse_case(std::uint32_t start);
    expr parse_interval_operand();
    expr parse_expr_or_default();
    interval_unit parse_interval_unit();
    std::vector<expr> parse_expr_list();
    std::vector<order_item> parse_order_list();
    limit_clause parse_limit();
    bool subquery_ahead() const;             // '(' … SELECT after any number of '('
    // Parses '(' query ')' into `out` if the parentheses hold exactly a query expression;
    // otherwise rewinds (e.g. `((SELECT 1) + 1)`, `IN ((SELECT 1), 2)`) and returns false.
    bool try_paren_query(box<select_stmt>& out);

    // --- functions and casts (parse_func.cpp) ---
    expr parse_function(const token& name, std::string db, std::uint32_t start);
    void parse_special_function(expr& f);
    cast_type parse_cast_type();
    std::string charset_name();

    // --- SELECT (parse_select.cpp) ---
    select_stmt parse_query_expression();
    select_stmt parse_paren_query();
    void parse_query_block(select_stmt& s);
    void parse_query_tail(select_stmt& s);
    void parse_select_item(select_item& item, bool first_item);
    std::size_t count_items() const;
    std::vector<table_ref> parse_table_refs();
    table_ref parse_table_reference();
    table_ref parse_join(table_ref left);
    table_ref parse_table_factor();
    bool at_join() const;
    std::optional<std::string> parse_alias(bool allow_string);

    // --- session statements (parse_session.cpp, parse_show.cpp) ---
    statement parse_set();
    set_assignment parse_set_assignment();
    statement parse_set_transaction(var_scope scope);
    statement parse_show();
    void parse_show_filter(show_stmt& s, bool allow_like, bool allow_where);
    statement parse_describe_or_explain();
    statement parse_transaction();
    statement parse_lock_tables();
    statement parse_kill();
    statement parse_call();
    statement parse_flush();
    statement parse_submit();
    user_spec parse_user();

    // --- DDL / DML / users (parse_ddl.cpp, parse_dml.cpp, parse_users.cpp) ---
    statement parse_create();
    statement parse_drop();
    statement parse_create_table(bool temporary);
    column_def parse_column_def();
    data_type parse_data_type();
    std::optional<key_def> parse_key_def();
    std::vector<key_part> parse_key_parts();
    reference_spec parse_references();
    std::optional<table_option> parse_table_option();
    partition_spec parse_partition();
    statement parse_load_data();
    statement parse_insert(bool replace);
    statement parse_update();
    statement parse_delete();
    std::vector<column_assignment> parse_assignments();
    statement parse_create_user();
    statement parse_alter_user();
    statement parse_drop_user();
    statement parse_grant();
    statement parse_revoke();
    user_auth parse_user_auth();
    tls_require parse_require();
    std::vector<privilege> parse_privileges();
    grant_object parse_grant_object();

    std::string_view text_;
    std::size_t near_end_;
    std::vector<token> toks_;
    std::size_t pos_ = 0;
    unsigned depth_ = 0;
    bool too_deep_ = false;                  // the first error was a nesting limit: no backtracking
    std::uint32_t placeholders_ = 0;
    std::uint32_t tallest_ = 0;              // tallest expression in the query being parsed
    // What a backtracking attempt found at a token, so nested attempts are not retried
    // (retrying made `((((SELECT …` exponential): see memo below.
    std::vector<std::uint8_t> memo_;
    std::uint32_t last_query_height_ = 0;    // tallest expression of the last query parsed
    std::optional<sql_error> error_;
};

// RAII nesting guard.
namespace memo {
inline constexpr std::uint8_t not_a_query = 1;     // '(' here does not hold exactly a query expression
inline constexpr std::uint8_t interval_call = 2;   // INTERVAL here is the function INTERVAL(n, …)
inline constexpr std::uint8_t interval_expr = 4;   // INTERVAL here starts INTERVAL expr unit
}  // namespace memo

class nesting {
public:
    explicit nesting(parser& p) : p_(p), ok_(p.enter()) {}
    ~nesting() { p_.leave(); }
    nesting(const nesting&) = delete;
    nesting& operator=(const nesting&) = delete;
    [[nodiscard]] bool ok() const { return ok_; }

private:
    parser& p_;
    bool ok_;
};

std::string to_upper(std::string_view s);

}  // namespace qproxy::sql::detail
