// Internal to typing*.cpp: MySQL's metadata constructors and the helpers its
// resolve_type() functions share (Item::decimal_precision(), aggregate_type()).
#pragma once

#include "parser/typing.hpp"

#include <span>
#include <vector>

namespace qproxy::sql::typing {

inline constexpr std::uint8_t not_fixed_dec = 31;      // DECIMAL_NOT_SPECIFIED
inline constexpr unsigned decimal_max_precision = 65;
inline constexpr unsigned decimal_max_scale = 30;
inline constexpr unsigned div_precision_increment = 4;  // the session default
inline constexpr std::uint32_t max_blob_width = 4294967295u;

// Bytes per character of a collation id (utf8mb4 4, utf8mb3 3, latin1/binary 1).
unsigned mbmaxlen(std::uint16_t collation);

column_meta make_null();
column_meta make_longlong(std::uint32_t length, bool nullable, bool is_unsigned = false);
column_meta make_decimal(unsigned precision, unsigned scale, bool nullable, bool is_unsigned = false);
column_meta make_double(std::uint8_t decimals, bool nullable);
// A string of `chars` characters in `collation` (VARCHAR, or TEXT/BLOB when too long for one).
column_meta make_string(std::uint64_t chars, std::uint16_t collation, bool nullable);
column_meta make_temporal(field_type type, unsigned fsp, bool nullable);

// MySQL's my_decimal_precision_to_length_no_truncation and its inverse.
std::uint32_t precision_to_length(unsigned precision, unsigned scale, bool is_unsigned);
// Item::decimal_precision(): digits an exact value of this type can need.
unsigned decimal_precision(const column_meta& m);
// Characters of the value's text form (max_length / mbmaxlen for strings).
std::uint64_t char_length(const column_meta& m);
// DOUBLE's display length for `decimals` (float_length()).
std::uint32_t float_length(std::uint8_t decimals);

enum class numeric_class : std::uint8_t { integer, decimal, real };
// How an operand behaves in arithmetic (numeric_context_result_type()).
numeric_class numeric_context(const column_meta& m);

// The type of a value chosen among several (CASE, IF, COALESCE, GREATEST, UNION):
// MySQL's Item::aggregate_type() followed by its length/precision rules.
column_meta aggregate(std::span<const column_meta> types, std::uint16_t connection_collation);

column_meta with_nullable(column_meta m, bool nullable);
bool any_nullable(std::span<const column_meta> types);

// `a op b` for + - * / DIV % (Item_num_op::set_numeric_type() and result_precision()).
column_meta arithmetic(op o, const column_meta& a, const column_meta& b);

// Function typing (typing_functions.cpp): the call's arity is checked there too.
sql_result<column_meta> infer_function(const expr& call, const type_env& env);
// The INTERVAL arithmetic type shared by `d + INTERVAL …` and DATE_ADD.
column_meta date_add_type(const column_meta& date, interval_unit unit, const column_meta& amount,
                          std::uint16_t connection_collation);

}  // namespace qproxy::sql::typing
