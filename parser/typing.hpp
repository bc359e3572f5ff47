// MySQL 8.0's result types for expressions: what a column-definition packet
// says about `SELECT <expr>` (type, length, decimals, charset, flags). The
// rules follow MySQL's Item::resolve_type() (sql/item*.cc, 8.0.35) — integer
// literals are BIGINT with one extra position for the sign, `/` is DECIMAL
// with div_precision_increment (4) more digits, strings take the connection
// collation (4 bytes a character for utf8mb4), and so on.
#pragma once

#include "parser/ast_expr.hpp"
#include "parser/ast_select.hpp"
#include "parser/error.hpp"
#include "parser/types.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace qproxy::sql {

// What an expression refers to beyond itself. The defaults describe a
// table-less statement on a fresh utf8mb4 session.
class type_env {
public:
    virtual ~type_env() = default;
    // A column reference: its metadata, or 1054 "Unknown column 'x' in 'field list'".
    [[nodiscard]] virtual sql_result<column_meta> column(const expr& ref) const;
    // @@[scope.]name: its metadata, or 1193 "Unknown system variable 'name'".
    [[nodiscard]] virtual sql_result<column_meta> system_variable(var_scope scope, std::string_view name) const;
    // @name: its metadata (an unset variable is a NULL of MySQL's blob type).
    [[nodiscard]] virtual column_meta user_variable(std::string_view name) const;
    // The current database ("" when none): unknown functions are reported against it.
    [[nodiscard]] virtual std::string_view database() const { return {}; }
    // collation_connection's id: string literals and string results take it.
    [[nodiscard]] virtual std::uint16_t collation() const { return charset::utf8mb4_0900_ai_ci; }
    // VERSION()'s text, whose length is part of the type.
    [[nodiscard]] virtual std::string_view version() const { return "8.0.35"; }
};

// MySQL's rule for GROUP BY, HAVING and ORDER BY: a name that is not a column
// of `base` may be an alias of the select list (typed as its expression).
class alias_env final : public type_env {
public:
    alias_env(const type_env& base, const std::vector<select_item>& items) : base_(base), items_(items) {}
    [[nodiscard]] sql_result<column_meta> column(const expr& ref) const override;
    [[nodiscard]] sql_result<column_meta> system_variable(var_scope scope, std::string_view name) const override {
        return base_.system_variable(scope, name);
    }
    [[nodiscard]] column_meta user_variable(std::string_view name) const override { return base_.user_variable(name); }
    [[nodiscard]] std::string_view database() const override { return base_.database(); }
    [[nodiscard]] std::uint16_t collation() const override { return base_.collation(); }
    [[nodiscard]] std::string_view version() const override { return base_.version(); }

private:
    const type_env& base_;
    const std::vector<select_item>& items_;
};

// The metadata MySQL 8.0 reports for `SELECT e` (name fields left empty), or
// the error MySQL raises while resolving it: 1054, 1193, 1305/1046 for an
// unknown function, 1582 for a wrong argument count, 1235 for what qproxy
// does not support.
[[nodiscard]] sql_result<column_meta> infer(const expr& e, const type_env& env);

// Type classes the printers and the engine decide on.
[[nodiscard]] bool is_integer_type(const column_meta& m);   // TINYINT…BIGINT, YEAR
[[nodiscard]] bool is_decimal_type(const column_meta& m);   // DECIMAL / NEWDECIMAL
[[nodiscard]] bool is_real_type(const column_meta& m);      // FLOAT, DOUBLE
[[nodiscard]] bool is_string_type(const column_meta& m);    // CHAR, VARCHAR, TEXT, BLOB, ENUM, SET, JSON
[[nodiscard]] bool is_binary_string(const column_meta& m);  // a string type with the binary charset
[[nodiscard]] bool is_temporal_type(const column_meta& m);  // DATE, DATETIME, TIMESTAMP, TIME
[[nodiscard]] bool is_unsigned(const column_meta& m);
[[nodiscard]] bool is_nullable(const column_meta& m);

// The type of a value chosen among several (CASE branches, UNION columns):
// MySQL's Item::aggregate_type() rules.
[[nodiscard]] column_meta aggregate_type(std::span<const column_meta> types, const type_env& env);

// Fractional digits INTERVAL arithmetic adds: 6 for the *MICROSECOND units, the
// amount's own digits for SECOND (INTERVAL 1.5 SECOND adds one), else none.
[[nodiscard]] unsigned interval_fsp(interval_unit unit, const column_meta& amount);

// MySQL's error for a name that is not a function: 1305 naming db.name, or
// 1046 when no database is selected.
[[nodiscard]] sql_error unknown_function(std::string_view name, const type_env& env);

}  // namespace qproxy::sql
