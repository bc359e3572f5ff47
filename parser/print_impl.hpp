// The canonical MySQL printer shared by print_*.cpp (internal header).
#pragma once

#include "parser/ast.hpp"

#include <string>
#include <string_view>

namespace qproxy::sql::detail {

// Binding strength of printed expressions, loosest first (MySQL's precedence table).
enum level : int {
    l_assign = 1, l_or, l_xor, l_and, l_not, l_truth, l_compare, l_predicate,
    l_bit_or, l_bit_and, l_shift, l_add, l_mul, l_bit_xor, l_unary, l_collate, l_primary,
};

class mysql_printer {
public:
    std::string out_;

    void ident(std::string_view name);          // backquoted when needed
    void string_lit(std::string_view value);    // '…' with MySQL escapes
    void word(std::string_view w) { out_ += w; }
    void expr(const sql::expr& e, int min_level = l_assign);
    void exprs(const std::vector<sql::expr>& es);
    void order(const std::vector<order_item>& items);
    void limit(const limit_clause& l);
    void select(const select_stmt& s);
    void table(const table_ref& t);
    void table_name(const sql::table_name& t);
    void user(const user_spec& u);
    void statement(const sql::statement& s);

    void cast(const cast_type& c);

private:
    void func(const sql::expr& e);
    void binary(const sql::expr& e);
    void block(const select_stmt& s);
};

int expr_level(const expr& e);

// One overload per statement kind; definitions in print_stmt.cpp and print_ddl.cpp.
struct statement_printer {
    mysql_printer& p;
    void operator()(const empty_stmt&) const {}
    void operator()(const select_stmt& s) const;
    void operator()(const submit_stmt& s) const;
    void operator()(const cancel_stmt& s) const;
    void operator()(const kill_stmt& s) const;
    void operator()(const call_stmt& s) const;
    void operator()(const set_stmt& s) const;
    void operator()(const use_stmt& s) const;
    void operator()(const show_stmt& s) const;
    void operator()(const describe_stmt& s) const;
    void operator()(const explain_stmt& s) const;
    void operator()(const transaction_stmt& s) const;
    void operator()(const lock_tables_stmt& s) const;
    void operator()(const unlock_tables_stmt& s) const;
    void operator()(const flush_stmt& s) const;
    void operator()(const do_stmt& s) const;
    void operator()(const create_database_stmt& s) const;
    void operator()(const drop_database_stmt& s) const;
    void operator()(const create_table_stmt& s) const;
    void operator()(const drop_table_stmt& s) const;
    void operator()(const load_data_stmt& s) const;
    void operator()(const insert_stmt& s) const;
    void operator()(const update_stmt& s) const;
    void operator()(const delete_stmt& s) const;
    void operator()(const create_user_stmt& s) const;
    void operator()(const alter_user_stmt& s) const;
    void operator()(const drop_user_stmt& s) const;
    void operator()(const grant_stmt& s) const;
    void operator()(const revoke_stmt& s) const;

    void data_type(const sql::data_type& t) const;
    void column(const column_def& c) const;
    void key(const key_def& k) const;
    void assignments(const std::vector<column_assignment>& as) const;
    void user_auths(const std::vector<user_auth>& users, tls_require require) const;
    void grant_target(const std::vector<privilege>& privs, const grant_object& o) const;
};

// Keyword spellings for the enums of the AST.
std::string_view op_text(op o);
std::string_view unit_text(interval_unit u);
std::string_view scope_text(var_scope s);
std::string_view join_text(join_kind k);
std::string_view area_text(area_shape a);
std::string_view type_text(type_name t);
std::string_view show_text(show_kind k);
std::string_view isolation_text(isolation_level l);

}  // namespace qproxy::sql::detail
