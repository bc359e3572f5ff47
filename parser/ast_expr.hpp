// Expressions of MySQL 8.0 as a value tree. One node type with a kind and a
// uniform child vector, so the planner can walk and rewrite any expression
// without a visitor per node type; the per-kind layout is documented below.
#pragma once

#include "parser/box.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::sql {

struct select_stmt;
struct order_item;

// Byte range of a node in the text it was parsed from. Provenance, not meaning:
// two spans always compare equal, so `==` on any AST node compares trees the way
// `parse(to_mysql(x)) == x` needs. Nodes built by rewriting keep {0, 0}.
struct source_span {
    std::uint32_t offset_ = 0;
    std::uint32_t length_ = 0;

    [[nodiscard]] std::string_view in(std::string_view text) const { return text.substr(offset_, length_); }
    friend bool operator==(const source_span&, const source_span&) { return true; }
};

// Height of an expression subtree as the parser built it (1 for a leaf). The parser refuses
// taller trees (max_height in parser.hpp), so recursive walks over parsed trees stay shallow.
// Bookkeeping, not meaning: like source_span, it never makes two trees unequal.
struct tree_height {
    std::uint32_t value_ = 1;
    friend bool operator==(const tree_height&, const tree_height&) { return true; }
};

enum class expr_kind : std::uint8_t {
    null_lit,       // NULL, \N
    bool_lit,       // TRUE / FALSE: value_
    int_lit,        // text_: digits as written ("007", "18446744073709551616")
    decimal_lit,    // text_: as written ("1.50", ".5", "1.")
    float_lit,      // text_: as written ("1e10", "1.5E-3")
    string_lit,     // text_: the bytes after escapes and adjacent-literal concatenation;
                    // name_: introducer charset without '_' ("utf8mb4", "binary") or ""; national_: N'…'
    hex_lit,        // text_: hex digits (X'0a' and 0x0a both give "0a"); name_: introducer or ""
    bit_lit,        // text_: binary digits (B'101', 0b101); name_: introducer or ""
    temporal_lit,   // DATE|TIME|TIMESTAMP 'text_': temporal_
    column,         // [db_.][table_.]name_ ; also `t.col` written as a JSON path source
    star,           // `*` or `[db_.]table_.*`
    user_var,       // @name_
    sys_var,        // @@[scope_.]name_ (name_ may hold a component: "validate_password.policy")
    placeholder,    // `?`: index_ (0-based, in text order)
    default_value,  // DEFAULT (SET x = DEFAULT, INSERT … VALUES (DEFAULT)); DEFAULT(col) is func "DEFAULT"
    unary,          // op_ args_[0]
    binary,         // args_[0] op_ args_[1] (chains are left-deep: a OR b OR c is (a OR b) OR c)
    is_test,        // args_[0] IS [NOT] truth_
    between,        // args_[0] [NOT] BETWEEN args_[1] AND args_[2]
    in_list,        // args_[0] [NOT] IN (args_[1..])
    in_subquery,    // args_[0] [NOT] IN (query_)
    like,           // args_[0] [NOT] LIKE args_[1] [ESCAPE args_[2]]
    regexp,         // args_[0] [NOT] REGEXP args_[1]   (RLIKE is the same operator)
    quantified,     // args_[0] op_ ANY|ALL (query_): quantifier_
    case_when,      // CASE [args_[0] if has_operand_] (WHEN a THEN b)… [ELSE last if has_else_] END
    cast,           // CAST(args_[0] AS cast_), or CONVERT(args_[0], cast_) (same meaning)
    convert_using,  // CONVERT(args_[0] USING name_)
    collate,        // args_[0] COLLATE name_
    interval,       // INTERVAL args_[0] unit_ : only as an operand of + / - or an argument
    exists,         // EXISTS (query_)
    subquery,       // (query_) used as a scalar or row
    row,            // (args_[0], args_[1], …) or ROW(…)
    func,           // [db_.]name_(args_): see the function layout below
    areaspec,       // qserv_areaspec_<area_>(args_): Qserv's spatial restrictor
};

// Every MySQL operator. `||`/`&&`/`!=`/`%`/`!`/RLIKE are spellings of or_/and_/ne/mod/not_/regexp;
// `!` binds tighter than NOT but means the same, so the printer only needs the tree.
enum class op : std::uint8_t {
    none,
    // binary, lowest precedence first
    assign,        // @v := x
    or_, xor_, and_,
    eq, null_safe_eq, ge, gt, le, lt, ne,
    sounds_like,   // a SOUNDS LIKE b
    member_of,     // a MEMBER OF (json)
    bit_or, bit_and, shift_left, shift_right,
    add, sub, mul, div, int_div, mod, bit_xor,
    json_extract,  // col -> 'path'
    json_unquote,  // col ->> 'path'
    // unary
    not_,          // NOT x, !x
    neg,           // -x
    plus,          // +x
    bit_not,       // ~x
    binary_,       // BINARY x
};

enum class var_scope : std::uint8_t { none, global, session, local, persist, persist_only };
enum class truth : std::uint8_t { null_, true_, false_, unknown };
enum class temporal : std::uint8_t { date, time, timestamp };
enum class quantifier : std::uint8_t { any, all };  // SOME is ANY
enum class area_shape : std::uint8_t { box, circle, ellipse, poly, hull };
enum class trim_side : std::uint8_t { none, leading, trailing, both };

enum class interval_unit : std::uint8_t {
    none, microsecond, second, minute, hour, day, week, month, quarter, year,
    second_microsecond, minute_microsecond, minute_second, hour_microsecond, hour_second,
    hour_minute, day_microsecond, day_second, day_minute, day_hour, year_month,
};

// Target of CAST / CONVERT(x, type) / WEIGHT_STRING(x AS …).
struct cast_type {
    enum class kind_t : std::uint8_t {
        signed_, unsigned_, char_, nchar, binary, date, datetime, time, decimal, double_, float_,
        real, json, year,
    };
    kind_t kind_ = kind_t::signed_;
    std::optional<std::uint32_t> length_;  // CHAR(n), BINARY(n), DATETIME(fsp), TIME(fsp), DECIMAL(m), FLOAT(p)
    std::optional<std::uint32_t> scale_;   // DECIMAL(m, d)
    std::string charset_;                  // CHAR(n) CHARACTER SET cs ("binary" for CHAR … BYTE / ASCII→latin1)

    bool operator==(const cast_type&) const = default;
};

// Function layout (kind_ == func):
//  name_       the name as written ("count", "scisql_angSep"); canonical_ the same upper-cased.
//  db_         qualifier of a stored function (`scisql.f(x)`), else "".
//  args_       arguments in MySQL's positional order, with these special forms:
//   COUNT(*)                        star_ set, args_ empty
//   AGG(DISTINCT a, b)              distinct_ set
//   GROUP_CONCAT(... ORDER BY o SEPARATOR s)   order_by_, separator_
//   TRIM([side] [r] FROM s)         trim_: side; args_ = {s} or {s, r}; TRIM(s) has trim_ none, args_ {s}
//   SUBSTRING(s FROM a FOR b)       normalised to SUBSTRING(s, a, b)
//   POSITION(a IN b)                args_ = {a, b}
//   EXTRACT(u FROM d), TIMESTAMPADD(u, n, d), TIMESTAMPDIFF(u, a, b)   unit_ = u, args_ without it
//   GET_FORMAT(DATE, 'EUR')         args_[0] is a string_lit "DATE"|"TIME"|"DATETIME"|"TIMESTAMP" with
//                                   temporal_keyword_ set
//   CHAR(a, b USING cs)             using_charset_ = cs
//   WEIGHT_STRING(s AS CHAR(n))     cast_ holds the AS type when has_cast_
//   CURRENT_DATE, CURRENT_USER, …   written without parentheses: parsed as the call with no arguments
struct expr {
    expr_kind kind_ = expr_kind::null_lit;
    op op_ = op::none;
    var_scope scope_ = var_scope::none;
    truth truth_ = truth::null_;
    temporal temporal_ = temporal::date;
    quantifier quantifier_ = quantifier::any;
    area_shape area_ = area_shape::box;
    trim_side trim_ = trim_side::none;
    interval_unit unit_ = interval_unit::none;
    bool negated_ = false;      // IS NOT, NOT BETWEEN / IN / LIKE / REGEXP
    bool value_ = false;        // bool_lit
    bool national_ = false;     // string_lit N'…'
    bool has_operand_ = false;  // case_when
    bool has_else_ = false;     // case_when
    bool distinct_ = false;     // func
    bool star_ = false;         // func COUNT(*)
    bool has_cast_ = false;     // func WEIGHT_STRING(… AS type)
    bool temporal_keyword_ = false;  // string_lit standing for GET_FORMAT's DATE|TIME|DATETIME|TIMESTAMP
    std::uint32_t index_ = 0;   // placeholder
    source_span span_;
    tree_height height_;
    std::string text_;
    std::string name_;
    std::string canonical_;
    std::string db_;
    std::string table_;
    std::string using_charset_;
    std::vector<expr> args_;
    box<select_stmt> query_;    // in_subquery, quantified, exists, subquery
    cast_type cast_;            // cast, func WEIGHT_STRING
    std::vector<order_item> order_by_;       // func GROUP_CONCAT
    std::optional<std::string> separator_;   // func GROUP_CONCAT

    bool operator==(const expr&) const = default;
};

struct order_item {
    expr expr_;
    bool desc_ = false;

    bool operator==(const order_item&) const = default;
};

// LIMIT count_ [OFFSET offset_]; each an int_lit or a placeholder.
struct limit_clause {
    expr count_;
    std::optional<expr> offset_;

    bool operator==(const limit_clause&) const = default;
};

}  // namespace qproxy::sql
