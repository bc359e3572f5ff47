// Operators as SQLite text: arithmetic through MySQL's functions, comparisons
// with MySQL's choice of string, temporal or numeric comparison, IN, CASE, CAST.
#include "parser/print_sqlite_impl.hpp"

#include "parser/parser.hpp"

#include <fmt/format.h>

namespace qproxy::sql::sqlite_printer {

namespace {

std::string_view comparison_operator(op o) {
    switch (o) {
    case op::eq: return " = ";
    case op::null_safe_eq: return " IS ";
    case op::ne: return " <> ";
    case op::lt: return " < ";
    case op::le: return " <= ";
    case op::gt: return " > ";
    case op::ge: return " >= ";
    default: return " = ";
    }
}

bool is_comparison(op o) {
    return o == op::eq || o == op::null_safe_eq || o == op::ne || o == op::lt || o == op::le || o == op::gt || o == op::ge;
}

// How two operands compare in MySQL (Arg_comparator's choice).
enum class compare_mode { natural, text_ci, binary, datetime, time, temporal_number, number_left, number_right };

compare_mode choose(const column_meta& a, const column_meta& b) {
    if (a.type == field_type::null || b.type == field_type::null) return compare_mode::natural;
    const bool sa = is_string_type(a), sb = is_string_type(b);
    const bool ta = is_temporal_type(a), tb = is_temporal_type(b);
    if (sa && sb) return is_binary_string(a) || is_binary_string(b) ? compare_mode::binary : compare_mode::text_ci;
    if ((ta && (tb || sb)) || (tb && sa)) {
        if (a.type == field_type::time || b.type == field_type::time) return compare_mode::time;
        if (a.type == b.type && a.decimals == b.decimals) return compare_mode::natural;
        return compare_mode::datetime;
    }
    if (ta || tb) return compare_mode::temporal_number;
    if (sa) return compare_mode::number_left;
    if (sb) return compare_mode::number_right;
    return compare_mode::natural;
}

}  // namespace

sql_status printer::compare(op o, const expr& a, const expr& b) {
    BOOST_OUTCOME_TRY(ta, type(a));
    BOOST_OUTCOME_TRY(tb, type(b));
    const auto side = [&](const expr& x, bool left, compare_mode mode) -> sql_status {
        switch (mode) {
        case compare_mode::natural:
        case compare_mode::text_ci: return value(x);
        case compare_mode::binary: out("CAST("); PRINT_TRY(value(x)); out(" AS BLOB)"); return ok();
        case compare_mode::datetime: out("mysql_to_datetime("); PRINT_TRY(value(x)); out(", 6)"); return ok();
        case compare_mode::time: out("mysql_time_to_sec("); PRINT_TRY(value(x)); out(")"); return ok();
        case compare_mode::temporal_number: return number(x);
        case compare_mode::number_left:
        case compare_mode::number_right:
            if ((mode == compare_mode::number_left) != left) return number(x);
            out("mysql_to_number(");
            PRINT_TRY(value(x));
            out(")");
            return ok();
        }
        return ok();
    };
    const compare_mode mode = choose(ta, tb);
    out("(");
    PRINT_TRY(side(a, true, mode));
    out(comparison_operator(o));
    PRINT_TRY(side(b, false, mode));
    // A literal takes the other operand's collation (MySQL's coercibility).
    if (mode == compare_mode::text_ci) out(fmt::format(" COLLATE {}", collation_for(b.kind_ == expr_kind::string_lit ? ta : tb)));
    out(")");
    return ok();
}

sql_status printer::binary(const expr& e) {
    const expr& a = e.args_[0];
    const expr& b = e.args_[1];
    if (is_comparison(e.op_)) return compare(e.op_, a, b);
    if (e.op_ == op::assign) return assignment(e);
    PRINT_TRY(type(e));
    auto call = [&](std::string_view fn, bool integers) -> sql_status {
        out(fn);
        out("(");
        PRINT_TRY(integers ? integer(a) : number(a));
        out(", ");
        PRINT_TRY(integers ? integer(b) : number(b));
        out(")");
        return ok();
    };
    auto infix = [&](std::string_view o) -> sql_status {
        out("(");
        PRINT_TRY(number(a));
        out(o);
        PRINT_TRY(number(b));
        out(")");
        return ok();
    };
    switch (e.op_) {
    case op::and_: case op::or_:
        out("(");
        PRINT_TRY(value(a));
        out(e.op_ == op::and_ ? " AND " : " OR ");
        PRINT_TRY(value(b));
        out(")");
        return ok();
    case op::xor_:
        out("((NOT ");
        PRINT_TRY(value(a));
        out(") <> (NOT ");
        PRINT_TRY(value(b));
        out("))");
        return ok();
    case op::add:
    case op::sub:
        if (b.kind_ == expr_kind::interval) return date_add(*this, a, b.args_[0], b.unit_, e.op_ == op::add ? 1 : -1);
        if (a.kind_ == expr_kind::interval && e.op_ == op::add) return date_add(*this, b, a.args_[0], a.unit_, 1);
        return infix(e.op_ == op::add ? " + " : " - ");
    case op::mul: return infix(" * ");
    case op::div: return call("mysql_div", false);
    case op::int_div: return call("mysql_intdiv", false);
    case op::mod: return call("mysql_mod", false);
    case op::bit_and: return call("mysql_bitand", true);
    case op::bit_or: return call("mysql_bitor", true);
    case op::bit_xor: return call("mysql_bitxor", true);
    case op::shift_left: return call("mysql_shl", true);
    case op::shift_right: return call("mysql_shr", true);
    case op::sounds_like:
        out("(mysql_soundex(");
        PRINT_TRY(string(a));
        out(") = mysql_soundex(");
        PRINT_TRY(string(b));
        out("))");
        return ok();
    default: return unsupported(to_mysql(e));
    }
}

sql_status printer::in_list(const expr& e) {
    PRINT_TRY(type(e));
    out(e.negated_ ? "(NOT (" : "((");
    for (std::size_t i = 1; i < e.args_.size(); ++i) {
        if (i > 1) out(" OR ");
        PRINT_TRY(compare(op::eq, e.args_[0], e.args_[i]));
    }
    out("))");
    return ok();
}

sql_status printer::case_when(const expr& e) {
    BOOST_OUTCOME_TRY(result, type(e));
    const std::size_t first = e.has_operand_ ? 1 : 0;
    const std::size_t whens_end = e.args_.size() - (e.has_else_ ? 1 : 0);
    out("CASE");
    for (std::size_t i = first; i < whens_end; i += 2) {
        out(" WHEN ");
        if (e.has_operand_) PRINT_TRY(compare(op::eq, e.args_[0], e.args_[i]));
        else PRINT_TRY(value(e.args_[i]));
        out(" THEN ");
        PRINT_TRY(as_type(e.args_[i + 1], result));
    }
    if (e.has_else_) {
        out(" ELSE ");
        PRINT_TRY(as_type(e.args_.back(), result));
    }
    out(" END");
    return ok();
}

sql_status printer::cast(const expr& e) {
    BOOST_OUTCOME_TRY(result, type(e));
    const expr& x = e.args_[0];
    using k = cast_type::kind_t;
    auto wrap = [&](std::string_view fn, auto&& inner, std::string_view tail) -> sql_status {
        out(fn);
        PRINT_TRY(inner(x));
        out(tail);
        return ok();
    };
    auto as_int = [&](const expr& v) { return integer(v); };
    auto as_num = [&](const expr& v) { return number(v); };
    auto as_str = [&](const expr& v) { return string(v); };
    auto as_val = [&](const expr& v) { return value(v); };
    switch (e.cast_.kind_) {
    case k::signed_:
    case k::unsigned_: return wrap("mysql_to_integer(", as_int, ")");
    case k::decimal: return wrap("mysql_to_decimal(", as_num, fmt::format(", {}, {})", result.length - (result.decimals ? 2 : 1), result.decimals));
    case k::double_: case k::real: case k::float_: return wrap("mysql_to_number(", as_num, ")");
    case k::date: return wrap("mysql_to_date(", as_val, ")");
    case k::datetime: return wrap("mysql_to_datetime(", as_val, fmt::format(", {})", result.decimals));
    case k::time: return wrap("mysql_to_time(", as_val, fmt::format(", {})", result.decimals));
    case k::binary:
        if (e.cast_.length_) return wrap("mysql_rpad(CAST(", as_str, fmt::format(" AS BLOB), {}, X'00')", *e.cast_.length_));
        return wrap("CAST(", as_str, " AS BLOB)");
    case k::char_:
    case k::nchar:
        if (result.charset == charset::binary) return wrap("CAST(", as_str, " AS BLOB)");
        if (e.cast_.length_) return wrap("mysql_left(CAST(", as_str, fmt::format(" AS TEXT), {})", *e.cast_.length_));
        return wrap("CAST(", as_str, " AS TEXT)");
    default: return unsupported(to_mysql(e));
    }
}

}  // namespace qproxy::sql::sqlite_printer
