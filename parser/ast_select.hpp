// SELECT: query blocks, UNION chains, FROM trees.
#pragma once

#include "parser/ast_expr.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qproxy::sql {

struct select_item {
    expr expr_;                          // `*` and `t.*` are expr_kind::star
    std::optional<std::string> alias_;   // AS alias / alias / AS 'alias'
    // The column name MySQL shows for this item: the alias, else the item's text as
    // written (for a string literal, the value of its first part, as MySQL does).
    // Derived from the source, so it is left out of ==.
    std::string name_;

    bool operator==(const select_item& o) const { return expr_ == o.expr_ && alias_ == o.alias_; }
};

enum class table_ref_kind : std::uint8_t {
    table,         // [db_.]name_ [AS alias_]
    derived,       // (derived_) [AS] alias_
    qserv_result,  // qserv_result(result_id_) [AS alias_]
    join,          // operands_[0] join_ operands_[1] [ON on_ | USING (using_)]
};

enum class join_kind : std::uint8_t {
    inner,          // [INNER] JOIN
    cross,          // CROSS JOIN
    left,           // LEFT [OUTER] JOIN
    right,          // RIGHT [OUTER] JOIN
    natural,        // NATURAL [INNER] JOIN
    natural_left,   // NATURAL LEFT [OUTER] JOIN
    natural_right,  // NATURAL RIGHT [OUTER] JOIN
    straight,       // STRAIGHT_JOIN
};

struct table_ref {
    table_ref_kind kind_ = table_ref_kind::table;
    join_kind join_ = join_kind::inner;
    source_span span_;
    std::string db_;
    std::string name_;
    std::string alias_;                  // "" when none
    box<select_stmt> derived_;
    std::optional<expr> result_id_;
    std::vector<table_ref> operands_;
    std::optional<expr> on_;
    std::vector<std::string> using_;

    bool operator==(const table_ref&) const = default;
};

enum class lock_mode : std::uint8_t { none, for_update, for_share };  // FOR SHARE = LOCK IN SHARE MODE

struct union_member;

// A query expression: one SELECT block, optionally followed by UNION members, then the
// ORDER BY / LIMIT / locking clause of the whole. For a plain SELECT the block fields
// are the query; order_by_ and limit_ always apply to the whole statement.
struct select_stmt {
    // Block modifiers. DISTINCTROW is distinct_; SQL_CACHE is rejected as in MySQL 8.0.
    bool distinct_ = false;
    bool high_priority_ = false;
    bool straight_join_ = false;
    bool sql_small_result_ = false;
    bool sql_big_result_ = false;
    bool sql_buffer_result_ = false;
    bool sql_no_cache_ = false;
    bool sql_calc_found_rows_ = false;
    std::vector<select_item> items_;
    std::vector<table_ref> from_;        // comma-separated references; empty without FROM (or FROM DUAL)
    std::optional<expr> where_;
    std::vector<order_item> group_by_;   // ASC/DESC accepted as MySQL 5.7 did
    bool with_rollup_ = false;
    std::optional<expr> having_;
    // Set when the first member was written in parentheses with its own ORDER BY / LIMIT /
    // UNION, e.g. `(SELECT a FROM t LIMIT 1) UNION SELECT b`; the block fields are then empty.
    box<select_stmt> nested_;
    std::vector<union_member> unions_;
    std::vector<order_item> order_by_;
    std::optional<limit_clause> limit_;
    lock_mode lock_ = lock_mode::none;

    bool operator==(const select_stmt&) const = default;
};

// UNION [ALL|DISTINCT] select_; a member with its own ORDER BY/LIMIT/UNION is printed in parentheses.
struct union_member {
    bool all_ = false;
    select_stmt select_;

    bool operator==(const union_member&) const = default;
};

}  // namespace qproxy::sql
