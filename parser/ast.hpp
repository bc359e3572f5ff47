// The statement tree qproxy works on: every statement kind the parser accepts,
// as plain values (copy a tree to rewrite it). `==` compares meaning and ignores
// where the text came from (see source_span).
#pragma once

#include "parser/ast_ddl.hpp"
#include "parser/ast_expr.hpp"
#include "parser/ast_select.hpp"
#include "parser/ast_session.hpp"
#include "parser/ast_users.hpp"

#include <variant>

namespace qproxy::sql {

using statement = std::variant<
    empty_stmt, select_stmt, submit_stmt, cancel_stmt, kill_stmt, call_stmt, set_stmt, use_stmt, show_stmt,
    describe_stmt, explain_stmt, transaction_stmt, lock_tables_stmt, unlock_tables_stmt, create_database_stmt,
    drop_database_stmt, create_table_stmt, drop_table_stmt, load_data_stmt, create_user_stmt, alter_user_stmt,
    drop_user_stmt, grant_stmt, revoke_stmt, insert_stmt, update_stmt, delete_stmt, flush_stmt, do_stmt>;

// Same tree, ignoring source spans and select items' derived names (what `==` does;
// named for tests and readers).
[[nodiscard]] inline bool same_tree(const statement& a, const statement& b) { return a == b; }
[[nodiscard]] inline bool same_tree(const expr& a, const expr& b) { return a == b; }

}  // namespace qproxy::sql
