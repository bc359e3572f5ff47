// User-variable assignment inside a statement (`SELECT @a := 1, @a + 1`).
// MySQL assigns row by row and evaluates the select list left to right, so a
// read of @a after `@a := …` in the same row sees the new value. A parameter
// bound once at the start cannot do that; instead the printed SQL calls the
// engine's mysql_assign / mysql_user_var, which keep the values of one
// statement (czar/statement_variables.hpp). Both are registered as
// non-deterministic so SQLite evaluates them for every row, in place, rather
// than hoisting them out of the loop as constants.
#include "parser/print_sqlite_impl.hpp"

#include "parser/parser.hpp"
#include "parser/walk.hpp"

#include <cctype>

namespace qproxy::sql::sqlite_printer {

namespace {

// MySQL's user-variable names are case-insensitive (the session keys them the same way).
std::string folded(std::string_view name) {
    std::string out(name);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_assignment(const expr& e) { return e.kind_ == expr_kind::binary && e.op_ == op::assign; }

}  // namespace

void printer::find_assignments(const select_stmt& s) {
    for_each_expr(s, [&](const expr& e) {
        if (is_assignment(e)) assigned_.insert(folded(e.args_[0].name_));
    });
}

void printer::find_assignments(const expr& root) {
    for_each_expr(root, [&](const expr& e) {
        if (is_assignment(e)) assigned_.insert(folded(e.args_[0].name_));
    });
}

sql_status printer::assignment(const expr& e) {
    // Without bindings there is no session to receive the value (chunk queries).
    if (!options_.bindings) return unsupported(to_mysql(e));
    BOOST_OUTCOME_TRY(meta, type(e.args_[1]));
    query_.variables.push_back({e.args_[0].name_, std::move(meta), true});
    out("mysql_assign(" + std::to_string(query_.variables.size() - 1) + ", ");
    PRINT_TRY(value(e.args_[1]));
    out(")");
    return ok();
}

sql_status printer::user_variable(const expr& e) {
    if (!assigned_.contains(folded(e.name_))) return session_value(e);
    // The read keeps the type the variable had when the statement started (as
    // MySQL resolves it); the session's value is the seed until an assignment runs.
    BOOST_OUTCOME_TRY(meta, type(e));
    query_.variables.push_back({e.name_, std::move(meta), false});
    out("mysql_user_var(" + std::to_string(query_.variables.size() - 1) + ", ");
    PRINT_TRY(session_value(e));
    out(")");
    return ok();
}

}  // namespace qproxy::sql::sqlite_printer
