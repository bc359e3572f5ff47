// Internal to print_sqlite*.cpp: the printer's state and the contexts an
// operand can be printed in.
#pragma once

#include "parser/print_sqlite.hpp"

#include <set>
#include <string>
#include <utility>

// Returns the error of a failed step; usable as a single statement (unlike BOOST_OUTCOME_TRY).
#define PRINT_TRY(...)                                      \
    do {                                                    \
        if (auto try_status_ = (__VA_ARGS__); !try_status_) \
            return try_status_.error();                     \
    } while (0)

namespace qproxy::sql::sqlite_printer {

// The SQLite collation for strings of a MySQL collation: mysql_ci for the NO PAD
// utf8mb4_0900_* family (MySQL 8.0's default), mysql_ci_pad for the PAD SPACE
// ones (utf8mb4_general_ci, utf8mb3_*, …) that ignore trailing spaces.
std::string_view collation_for(const column_meta& m);

class printer {
public:
    explicit printer(const sqlite_print_options& options) : options_(options), types_(options.types) {}

    [[nodiscard]] sql_status select(const select_stmt& s);
    // The expression as MySQL computes it, in the natural SQLite representation.
    [[nodiscard]] sql_status value(const expr& e);
    // In string context: DECIMAL/DOUBLE/unsigned values take MySQL's text, X'…' stays binary.
    [[nodiscard]] sql_status string(const expr& e);
    // In numeric context: temporal values become numbers (20200131…), X'…' an integer.
    [[nodiscard]] sql_status number(const expr& e);
    // In integer context: DECIMAL rounds half away from zero first, as MySQL converts it.
    [[nodiscard]] sql_status integer(const expr& e);
    // As a value of the given result type (string results print branches in string context).
    [[nodiscard]] sql_status as_type(const expr& e, const column_meta& result);
    // a <op> b with MySQL's comparison rules (string, temporal or numeric).
    [[nodiscard]] sql_status compare(op o, const expr& a, const expr& b);
    // A call of a MySQL function (print_sqlite_functions.cpp).
    [[nodiscard]] sql_status function(const expr& call);
    // A value from the session as the next parameter.
    [[nodiscard]] sql_status session_value(const expr& e);
    // Notes the @vars the statement assigns, before printing it: their reads
    // must follow the assignments row by row (print_sqlite_variables.cpp).
    void find_assignments(const select_stmt& s);
    void find_assignments(const expr& e);
    // `@v := e` and reads of an assigned @v (print_sqlite_variables.cpp).
    [[nodiscard]] sql_status assignment(const expr& e);
    [[nodiscard]] sql_status user_variable(const expr& e);

    [[nodiscard]] sql_result<column_meta> type(const expr& e) const { return infer(e, *types_); }
    void out(std::string_view text) { query_.text += text; }
    void literal(std::string_view text);  // 'text' quoted for SQLite
    [[nodiscard]] sqlite_query take() { return std::move(query_); }
    [[nodiscard]] const sqlite_print_options& options() const { return options_; }

private:
    [[nodiscard]] sql_status binary(const expr& e);
    [[nodiscard]] sql_status in_list(const expr& e);
    [[nodiscard]] sql_status case_when(const expr& e);
    [[nodiscard]] sql_status cast(const expr& e);
    [[nodiscard]] sql_status select_block(const select_stmt& s);
    [[nodiscard]] sql_status table_ref(const struct table_ref& t);
    [[nodiscard]] sql_status order_list(const std::vector<order_item>& keys, const std::vector<select_item>& items);
    // A GROUP BY / ORDER BY / DISTINCT key; a position refers to `items`.
    [[nodiscard]] sql_status sort_key(const expr& e, const std::vector<select_item>& items);

    // Prints `body` with the select list's aliases usable as columns (GROUP BY, HAVING, ORDER BY).
    template <class F>
    [[nodiscard]] sql_status with_aliases(const std::vector<select_item>& items, F&& body) {
        const alias_env aliases(*types_, items);
        const type_env* saved = std::exchange(types_, &aliases);
        auto status = body();
        types_ = saved;
        return status;
    }

    const sqlite_print_options& options_;
    const type_env* types_;
    sqlite_query query_;
    std::set<std::string> assigned_;  // lower-cased names of the @vars the statement assigns
};

// Lower-case SQL name of an INTERVAL unit ("day", "minute_second").
std::string_view unit_name(interval_unit u);
// Prints DATE_ADD(d, INTERVAL n unit) with the sign (+1 / -1).
[[nodiscard]] sql_status date_add(printer& p, const expr& date, const expr& amount, interval_unit unit, int sign);

}  // namespace qproxy::sql::sqlite_printer
