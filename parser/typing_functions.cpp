// Result types of MySQL's built-in functions: one table, one rule per name,
// with the argument counts MySQL accepts (a wrong count is error 1582).
#include "parser/typing_impl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace qproxy::sql::typing {

namespace {

using args_t = std::span<const column_meta>;
using rule = column_meta (*)(const expr&, args_t, const type_env&);

struct function_type {
    std::string_view name;
    int min_args;
    int max_args;  // -1: unbounded
    rule type;
};

// The value of an integer literal argument (or its negation), if it is one.
std::optional<std::int64_t> int_arg(const expr& call, std::size_t i) {
    if (i >= call.args_.size()) return std::nullopt;
    const expr* a = &call.args_[i];
    bool negative = false;
    if (a->kind_ == expr_kind::unary && a->op_ == op::neg) negative = true, a = &a->args_[0];
    if (a->kind_ != expr_kind::int_lit || a->text_.size() > 18) return std::nullopt;
    const std::int64_t v = std::stoll(a->text_);
    return negative ? -v : v;
}

bool nullable(args_t a) { return any_nullable(a); }
column_meta ll(std::uint32_t len, bool null, bool uns = false) { return make_longlong(len, null, uns); }
column_meta dbl(bool null) { return make_double(not_fixed_dec, null); }

// The collation of a string result: binary when a binary string takes part.
std::uint16_t result_collation(args_t a, const type_env& env) {
    for (const auto& m : a)
        if (is_binary_string(m)) return charset::binary;
    for (const auto& m : a)
        if (is_string_type(m)) return m.charset;
    return env.collation();
}
column_meta str(std::uint64_t chars, args_t a, const type_env& env, bool null) {
    return make_string(chars, result_collation(a, env), null);
}
column_meta text(std::uint64_t chars, const type_env& env, bool null) { return make_string(chars, env.collation(), null); }

// Fractional digits a temporal argument carries (Item::datetime_precision()).
unsigned fsp_of(const expr& e, const column_meta& m) {
    if (is_temporal_type(m)) return m.decimals;
    if (e.kind_ == expr_kind::string_lit) {
        const auto dot = e.text_.find('.');
        return dot == std::string::npos ? 0 : static_cast<unsigned>(std::min<std::size_t>(e.text_.size() - dot - 1, 6));
    }
    if (is_integer_type(m)) return 0;
    return std::min<unsigned>(m.decimals, 6);
}
unsigned fsp_arg(const expr& call, std::size_t i) { return static_cast<unsigned>(std::clamp<std::int64_t>(int_arg(call, i).value_or(0), 0, 6)); }

// Item_func_num1: the argument's numeric type (strings and doubles are DOUBLE).
column_meta num1(const column_meta& a) {
    if (is_integer_type(a)) return ll(a.length, is_nullable(a), is_unsigned(a));
    if (is_decimal_type(a)) return with_nullable(a, is_nullable(a));
    return make_double(a.decimals, is_nullable(a));
}

column_meta int_val(const expr&, args_t a, const type_env&) {  // CEIL, FLOOR
    if (is_integer_type(a[0])) return num1(a[0]);
    if (is_decimal_type(a[0])) {
        const unsigned precision = decimal_precision(a[0]) - a[0].decimals + 1;
        if (precision <= 18) return ll(precision_to_length(precision, 0, is_unsigned(a[0])), is_nullable(a[0]), is_unsigned(a[0]));
        return make_decimal(precision, 0, is_nullable(a[0]), is_unsigned(a[0]));
    }
    return make_double(0, is_nullable(a[0]));
}

template <bool Truncate>
column_meta round_type(const expr& call, args_t a, const type_env&) {
    const auto d = a.size() > 1 ? int_arg(call, 1) : std::optional<std::int64_t>(0);
    const bool null = nullable(a);
    if (is_integer_type(a[0])) return ll(a[0].length + (Truncate ? 0 : 1), null, is_unsigned(a[0]));
    if (is_decimal_type(a[0])) {
        const unsigned scale = d ? static_cast<unsigned>(std::clamp<std::int64_t>(*d, 0, decimal_max_scale)) : a[0].decimals;
        const unsigned intg = decimal_precision(a[0]) - a[0].decimals + (Truncate ? 0 : 1);
        return make_decimal(intg + scale, scale, null, is_unsigned(a[0]));
    }
    const auto dec = d ? static_cast<std::uint8_t>(std::clamp<std::int64_t>(*d, 0, 30)) : not_fixed_dec;
    return make_double(dec, null);
}

column_meta concat(const expr&, args_t a, const type_env& env) {
    std::uint64_t chars = 0;
    for (const auto& m : a) chars += char_length(m);
    return str(chars, a, env, nullable(a));
}

column_meta concat_ws(const expr&, args_t a, const type_env& env) {
    std::uint64_t chars = char_length(a[0]) * (a.size() > 2 ? a.size() - 2 : 0);
    for (std::size_t i = 1; i < a.size(); ++i) chars += char_length(a[i]);
    return str(chars, a, env, is_nullable(a[0]));
}

template <bool Right>
column_meta left_right(const expr& call, args_t a, const type_env& env) {
    std::uint64_t chars = char_length(a[0]);
    if (auto n = int_arg(call, 1)) chars = std::min<std::uint64_t>(chars, static_cast<std::uint64_t>(std::max<std::int64_t>(*n, 0)));
    return str(chars, a.first(1), env, nullable(a));
}

column_meta substring(const expr& call, args_t a, const type_env& env) {
    auto chars = static_cast<std::int64_t>(char_length(a[0]));
    if (auto start = int_arg(call, 1)) chars = *start < 0 ? std::min(chars, -*start) : std::max<std::int64_t>(chars - std::max<std::int64_t>(*start - 1, 0), 0);
    if (auto len = int_arg(call, 2)) chars = std::min(chars, std::max<std::int64_t>(*len, 0));
    return str(static_cast<std::uint64_t>(chars), a.first(1), env, nullable(a));
}

column_meta same_string(const expr&, args_t a, const type_env& env) { return str(char_length(a[0]), a.first(1), env, nullable(a)); }

column_meta pad(const expr& call, args_t a, const type_env& env) {
    const auto n = int_arg(call, 1);
    return str(n ? static_cast<std::uint64_t>(std::max<std::int64_t>(*n, 0)) : max_blob_width, a, env, true);
}

column_meta repeat(const expr& call, args_t a, const type_env& env) {
    const auto n = int_arg(call, 1);
    return str(n ? char_length(a[0]) * static_cast<std::uint64_t>(std::max<std::int64_t>(*n, 0)) : max_blob_width, a.first(1), env, nullable(a));
}

column_meta replace(const expr&, args_t a, const type_env& env) {
    std::uint64_t chars = char_length(a[0]);
    const auto from = char_length(a[1]), to = char_length(a[2]);
    if (to > from && from > 0) chars += chars / from * (to - from);
    return str(chars, a, env, nullable(a));
}

column_meta date_format(const expr& call, args_t a, const type_env& env) {
    // Item_func_date_format::format_length() for a constant format.
    const expr& f = call.args_[1];
    if (f.kind_ != expr_kind::string_lit) return text(char_length(a[1]) * 10, env, true);
    std::uint64_t chars = 0;
    for (std::size_t i = 0; i < f.text_.size(); ++i) {
        if (f.text_[i] != '%' || i + 1 == f.text_.size()) { ++chars; continue; }
        switch (f.text_[++i]) {
        case 'M': case 'W': chars += 9; break;
        case 'D': case 'Y': case 'X': case 'x': chars += 4; break;
        case 'a': case 'b': case 'j': chars += 3; break;
        case 'f': chars += 6; break;
        case 'r': chars += 11; break;
        case 'T': chars += 8; break;
        case 'w': chars += 1; break;
        default: chars += 2; break;
        }
    }
    return text(chars, env, true);
}

column_meta str_to_date(const expr& call, args_t, const type_env&) {
    const expr& f = call.args_[1];
    if (f.kind_ != expr_kind::string_lit) return make_temporal(field_type::datetime, 6, true);
    bool date = false, time = false, micro = false;
    for (std::size_t i = 0; i + 1 < f.text_.size(); ++i) {
        if (f.text_[i] != '%') continue;
        const char c = f.text_[++i];
        if (std::string_view("abcDdejMmUuVvWwXxYy").find(c) != std::string_view::npos) date = true;
        if (std::string_view("fHhIiklprSsT").find(c) != std::string_view::npos) time = true;
        micro = micro || c == 'f';
    }
    if (date && !time) return make_temporal(field_type::date, 0, true);
    return make_temporal(date ? field_type::datetime : field_type::time, micro ? 6 : 0, true);
}

column_meta unix_timestamp(const expr& call, args_t a, const type_env&) {
    if (a.empty()) return ll(11, false);
    const unsigned fsp = fsp_of(call.args_[0], a[0]);
    return fsp ? make_decimal(11 + fsp, fsp, true) : ll(11, true);
}

column_meta from_unixtime(const expr& call, args_t a, const type_env& env) {
    if (a.size() > 1) return date_format(call, a, env);
    return make_temporal(field_type::datetime, is_integer_type(a[0]) ? 0 : std::min<unsigned>(a[0].decimals, 6), true);
}

column_meta addtime(const expr& call, args_t a, const type_env& env) {
    const unsigned fsp = std::max(fsp_of(call.args_[0], a[0]), fsp_of(call.args_[1], a[1]));
    if (a[0].type == field_type::time) return make_temporal(field_type::time, fsp, true);
    if (is_temporal_type(a[0])) return make_temporal(field_type::datetime, fsp, true);
    return text(26, env, true);
}

column_meta extract(const expr& call, args_t, const type_env&) {
    switch (call.unit_) {
    case interval_unit::year: return ll(4, true);
    case interval_unit::year_month: case interval_unit::day_hour: return ll(6, true);
    case interval_unit::day_minute: case interval_unit::hour_second: return ll(8, true);
    case interval_unit::day_second: return ll(10, true);
    case interval_unit::microsecond: case interval_unit::minute_second: return ll(6, true);
    case interval_unit::day_microsecond: case interval_unit::hour_microsecond: case interval_unit::minute_microsecond:
    case interval_unit::second_microsecond: return ll(21, true);
    default: return ll(3, true);
    }
}

column_meta minmax(const expr&, args_t a, const type_env& env) { return aggregate(a, env.collation()); }

// A UDF returning REAL (Item_func_udf_float): DOUBLE sized by fix_num_length_and_dec()
// from the arguments, with the 31 decimals scisql's init functions set.
column_meta udf_real(args_t a, bool null) {
    std::uint8_t decimals = 0;
    std::uint32_t longest = 0;
    for (const auto& m : a) decimals = std::max(decimals, m.decimals), longest = std::max(longest, m.length);
    if (longest > float_length(decimals)) decimals = not_fixed_dec;
    auto m = make_double(decimals, null);
    m.decimals = not_fixed_dec;
    return m;
}

#define Q(expr_) [](const expr& call, args_t a, const type_env& env) -> column_meta { (void)call, (void)a, (void)env; return expr_; }

const std::unordered_map<std::string_view, function_type>& table() {
    static const std::unordered_map<std::string_view, function_type> t = [] {
        const function_type all[] = {
            // numbers
            {"ABS", 1, 1, Q(num1(a[0]))}, {"CEIL", 1, 1, int_val}, {"CEILING", 1, 1, int_val}, {"FLOOR", 1, 1, int_val},
            {"ROUND", 1, 2, round_type<false>}, {"TRUNCATE", 2, 2, round_type<true>}, {"SIGN", 1, 1, Q(ll(2, nullable(a)))},
            {"MOD", 2, 2, Q(arithmetic(op::mod, a[0], a[1]))}, {"POW", 2, 2, Q(dbl(true))}, {"POWER", 2, 2, Q(dbl(true))}, {"SQRT", 1, 1, Q(dbl(true))},
            {"EXP", 1, 1, Q(dbl(true))}, {"LN", 1, 1, Q(dbl(true))}, {"LOG", 1, 2, Q(dbl(true))}, {"LOG2", 1, 1, Q(dbl(true))},
            {"LOG10", 1, 1, Q(dbl(true))}, {"SIN", 1, 1, Q(dbl(true))}, {"COS", 1, 1, Q(dbl(true))}, {"TAN", 1, 1, Q(dbl(true))},
            {"ASIN", 1, 1, Q(dbl(true))}, {"ACOS", 1, 1, Q(dbl(true))}, {"ATAN", 1, 2, Q(dbl(true))}, {"ATAN2", 2, 2, Q(dbl(true))},
            {"COT", 1, 1, Q(dbl(true))}, {"DEGREES", 1, 1, Q(dbl(nullable(a)))}, {"RADIANS", 1, 1, Q(dbl(nullable(a)))},
            {"PI", 0, 0, Q([] { auto m = make_double(6, false); m.length = 8; return m; }())}, {"RAND", 0, 1, Q(dbl(false))}, {"CRC32", 1, 1, Q(ll(10, nullable(a), true))},
            {"CONV", 3, 3, Q(text(64, env, true))}, {"BIN", 1, 1, Q(text(64, env, nullable(a)))}, {"OCT", 1, 1, Q(text(64, env, nullable(a)))},
            {"HEX", 1, 1, Q(text(is_string_type(a[0]) ? a[0].length * 2 : 64, env, nullable(a)))},
            {"UNHEX", 1, 1, Q(make_string((a[0].length + 1) / 2, charset::binary, true))},
            {"FORMAT", 2, 3, Q(text(char_length(a[0]) + char_length(a[0]) / 3 + 32, env, nullable(a.first(2))))},
            {"GREATEST", 2, -1, minmax}, {"LEAST", 2, -1, minmax}, {"BIT_COUNT", 1, 1, Q(ll(2, nullable(a)))},
            // strings
            {"CONCAT", 1, -1, concat}, {"CONCAT_WS", 2, -1, concat_ws}, {"LEFT", 2, 2, left_right<false>},
            {"RIGHT", 2, 2, left_right<true>}, {"SUBSTRING", 2, 3, substring}, {"SUBSTR", 2, 3, substring}, {"MID", 3, 3, substring},
            {"SUBSTRING_INDEX", 3, 3, same_string}, {"UPPER", 1, 1, same_string}, {"UCASE", 1, 1, same_string},
            {"LOWER", 1, 1, same_string}, {"LCASE", 1, 1, same_string}, {"REVERSE", 1, 1, same_string},
            {"TRIM", 1, 2, same_string}, {"LTRIM", 1, 1, same_string}, {"RTRIM", 1, 1, same_string},
            {"LPAD", 3, 3, pad}, {"RPAD", 3, 3, pad}, {"REPEAT", 2, 2, repeat}, {"REPLACE", 3, 3, replace},
            {"SPACE", 1, 1, Q(text(int_arg(call, 0) ? static_cast<std::uint64_t>(std::max<std::int64_t>(*int_arg(call, 0), 0)) : max_blob_width, env, true))},
            {"INSERT", 4, 4, Q(str(char_length(a[0]) + char_length(a[3]), a, env, nullable(a)))},
            {"ELT", 2, -1, Q(with_nullable(aggregate(a.subspan(1), env.collation()), true))},
            {"FIELD", 2, -1, Q(ll(3, false))}, {"FIND_IN_SET", 2, 2, Q(ll(3, nullable(a)))},
            {"LOCATE", 2, 3, Q(ll(11, nullable(a)))}, {"INSTR", 2, 2, Q(ll(11, nullable(a)))}, {"POSITION", 2, 2, Q(ll(11, nullable(a)))},
            {"ASCII", 1, 1, Q(ll(3, nullable(a)))}, {"ORD", 1, 1, Q(ll(21, nullable(a)))}, {"STRCMP", 2, 2, Q(ll(2, nullable(a)))},
            {"LENGTH", 1, 1, Q(ll(10, nullable(a)))}, {"OCTET_LENGTH", 1, 1, Q(ll(10, nullable(a)))},
            {"CHAR_LENGTH", 1, 1, Q(ll(10, nullable(a)))}, {"CHARACTER_LENGTH", 1, 1, Q(ll(10, nullable(a)))},
            {"BIT_LENGTH", 1, 1, Q(ll(11, nullable(a)))}, {"QUOTE", 1, 1, Q(str(char_length(a[0]) * 2 + 2, a, env, false))},
            {"SOUNDEX", 1, 1, Q(str(std::max<std::uint64_t>(char_length(a[0]), 4), a, env, nullable(a)))},
            {"MD5", 1, 1, Q(text(32, env, nullable(a)))}, {"SHA1", 1, 1, Q(text(40, env, nullable(a)))},
            {"SHA", 1, 1, Q(text(40, env, nullable(a)))}, {"SHA2", 2, 2, Q(text(128, env, true))},
            {"TO_BASE64", 1, 1, Q(text((a[0].length + 2) / 3 * 4 + a[0].length / 57, env, nullable(a)))},
            {"FROM_BASE64", 1, 1, Q(make_string(a[0].length * 3 / 4 + 1, charset::binary, true))},
            {"CHAR", 1, -1, Q(make_string(a.size() * 4, charset::binary, false))},
            {"INET_ATON", 1, 1, Q(ll(21, true, true))}, {"INET_NTOA", 1, 1, Q(text(31, env, true))},
            {"UUID", 0, 0, Q(text(36, env, false))}, {"UUID_SHORT", 0, 0, Q(ll(21, false, true))},
            {"REGEXP_LIKE", 2, 2, Q(ll(1, nullable(a)))},
            // control flow
            {"IF", 3, 3, Q(with_nullable(aggregate(a.subspan(1), env.collation()), is_nullable(a[1]) || is_nullable(a[2])))},
            {"IFNULL", 2, 2, Q(with_nullable(aggregate(a, env.collation()), is_nullable(a[0]) && is_nullable(a[1])))},
            {"NULLIF", 2, 2, Q(with_nullable(a[0], true))}, {"ISNULL", 1, 1, Q(ll(1, false))},
            {"COALESCE", 1, -1, Q(with_nullable(aggregate(a, env.collation()), std::all_of(a.begin(), a.end(), is_nullable)))},
            // dates and times
            {"NOW", 0, 1, Q(make_temporal(field_type::datetime, fsp_arg(call, 0), false))},
            {"CURRENT_TIMESTAMP", 0, 1, Q(make_temporal(field_type::datetime, fsp_arg(call, 0), false))},
            {"LOCALTIME", 0, 1, Q(make_temporal(field_type::datetime, fsp_arg(call, 0), false))},
            {"LOCALTIMESTAMP", 0, 1, Q(make_temporal(field_type::datetime, fsp_arg(call, 0), false))},
            {"SYSDATE", 0, 1, Q(make_temporal(field_type::datetime, fsp_arg(call, 0), false))},
            {"UTC_TIMESTAMP", 0, 1, Q(make_temporal(field_type::datetime, fsp_arg(call, 0), false))},
            {"CURDATE", 0, 0, Q(make_temporal(field_type::date, 0, false))}, {"CURRENT_DATE", 0, 0, Q(make_temporal(field_type::date, 0, false))},
            {"UTC_DATE", 0, 0, Q(make_temporal(field_type::date, 0, false))},
            {"CURTIME", 0, 1, Q(make_temporal(field_type::time, fsp_arg(call, 0), false))},
            {"CURRENT_TIME", 0, 1, Q(make_temporal(field_type::time, fsp_arg(call, 0), false))},
            {"UTC_TIME", 0, 1, Q(make_temporal(field_type::time, fsp_arg(call, 0), false))},
            {"UNIX_TIMESTAMP", 0, 1, unix_timestamp}, {"FROM_UNIXTIME", 1, 2, from_unixtime},
            {"DATE", 1, 1, Q(make_temporal(field_type::date, 0, true))},
            {"TIME", 1, 1, Q(make_temporal(field_type::time, fsp_of(call.args_[0], a[0]), true))},
            {"TIMESTAMP", 1, 2, Q(make_temporal(field_type::datetime, fsp_of(call.args_[0], a[0]), true))},
            {"YEAR", 1, 1, Q(ll(4, true))}, {"MONTH", 1, 1, Q(ll(2, true))}, {"DAY", 1, 1, Q(ll(2, true))},
            {"DAYOFMONTH", 1, 1, Q(ll(2, true))}, {"HOUR", 1, 1, Q(ll(3, true))}, {"MINUTE", 1, 1, Q(ll(2, true))},
            {"SECOND", 1, 1, Q(ll(2, true))}, {"MICROSECOND", 1, 1, Q(ll(6, true))}, {"DAYOFWEEK", 1, 1, Q(ll(1, true))},
            {"WEEKDAY", 1, 1, Q(ll(1, true))}, {"DAYOFYEAR", 1, 1, Q(ll(3, true))}, {"QUARTER", 1, 1, Q(ll(1, true))},
            {"WEEK", 1, 2, Q(ll(2, true))}, {"WEEKOFYEAR", 1, 1, Q(ll(2, true))}, {"YEARWEEK", 1, 2, Q(ll(6, true))},
            {"DAYNAME", 1, 1, Q(text(9, env, true))}, {"MONTHNAME", 1, 1, Q(text(9, env, true))},
            {"LAST_DAY", 1, 1, Q(make_temporal(field_type::date, 0, true))}, {"TO_DAYS", 1, 1, Q(ll(6, true))},
            {"FROM_DAYS", 1, 1, Q(make_temporal(field_type::date, 0, true))}, {"TO_SECONDS", 1, 1, Q(ll(21, true))},
            {"MAKEDATE", 2, 2, Q(make_temporal(field_type::date, 0, true))},
            {"MAKETIME", 3, 3, Q(make_temporal(field_type::time, fsp_of(call.args_[2], a[2]), true))},
            {"SEC_TO_TIME", 1, 1, Q(make_temporal(field_type::time, fsp_of(call.args_[0], a[0]), true))},
            {"TIME_TO_SEC", 1, 1, Q(ll(10, true))}, {"DATEDIFF", 2, 2, Q(ll(11, true))},
            {"TIMEDIFF", 2, 2, Q(make_temporal(field_type::time, std::max(fsp_of(call.args_[0], a[0]), fsp_of(call.args_[1], a[1])), true))},
            {"ADDTIME", 2, 2, addtime}, {"SUBTIME", 2, 2, addtime},
            {"DATE_ADD", 2, 2, Q(date_add_type(a[0], call.args_[1].unit_, a[1], env.collation()))},
            {"DATE_SUB", 2, 2, Q(date_add_type(a[0], call.args_[1].unit_, a[1], env.collation()))},
            {"ADDDATE", 2, 2, Q(date_add_type(a[0], call.args_[1].kind_ == expr_kind::interval ? call.args_[1].unit_ : interval_unit::day, a[1], env.collation()))},
            {"SUBDATE", 2, 2, Q(date_add_type(a[0], call.args_[1].kind_ == expr_kind::interval ? call.args_[1].unit_ : interval_unit::day, a[1], env.collation()))},
            {"TIMESTAMPADD", 2, 2, Q(date_add_type(a[1], call.unit_, a[0], env.collation()))},
            {"TIMESTAMPDIFF", 2, 2, Q(ll(21, true))}, {"PERIOD_ADD", 2, 2, Q(ll(6, nullable(a)))},
            {"PERIOD_DIFF", 2, 2, Q(ll(6, nullable(a)))}, {"EXTRACT", 1, 1, extract},
            {"DATE_FORMAT", 2, 2, date_format}, {"TIME_FORMAT", 2, 2, date_format}, {"STR_TO_DATE", 2, 2, str_to_date},
            // session
            {"DATABASE", 0, 0, Q(text(64, env, true))}, {"SCHEMA", 0, 0, Q(text(64, env, true))},
            {"USER", 0, 0, Q(text(288, env, true))}, {"SESSION_USER", 0, 0, Q(text(288, env, true))},
            {"SYSTEM_USER", 0, 0, Q(text(288, env, true))}, {"CURRENT_USER", 0, 0, Q(text(288, env, true))},
            {"VERSION", 0, 0, Q(text(env.version().size(), env, false))}, {"CONNECTION_ID", 0, 0, Q(ll(21, false, true))},
            {"LAST_INSERT_ID", 0, 0, Q(ll(21, false, true))}, {"ROW_COUNT", 0, 0, Q(ll(21, false))},
            {"FOUND_ROWS", 0, 0, Q(ll(21, false))},
            // aggregates
            {"COUNT", 0, -1, Q(ll(21, false))},
            {"SUM", 1, 1, Q(numeric_context(a[0]) == numeric_class::real ? dbl(true) : make_decimal(decimal_precision(a[0]) + 22, is_decimal_type(a[0]) ? a[0].decimals : 0, true))},
            {"AVG", 1, 1, Q(numeric_context(a[0]) == numeric_class::real ? dbl(true) : make_decimal(decimal_precision(a[0]) + div_precision_increment, (is_decimal_type(a[0]) ? a[0].decimals : 0) + div_precision_increment, true))},
            {"MIN", 1, 1, Q(with_nullable(a[0], true))}, {"MAX", 1, 1, Q(with_nullable(a[0], true))},
            {"ANY_VALUE", 1, 1, Q(a[0])}, {"BIT_AND", 1, 1, Q(ll(21, false, true))}, {"BIT_OR", 1, 1, Q(ll(21, false, true))},
            {"BIT_XOR", 1, 1, Q(ll(21, false, true))}, {"STD", 1, 1, Q(dbl(true))}, {"STDDEV", 1, 1, Q(dbl(true))},
            {"STDDEV_POP", 1, 1, Q(dbl(true))}, {"STDDEV_SAMP", 1, 1, Q(dbl(true))}, {"VARIANCE", 1, 1, Q(dbl(true))},
            {"VAR_POP", 1, 1, Q(dbl(true))}, {"VAR_SAMP", 1, 1, Q(dbl(true))},
            // The czar's partial aggregate of a chunk: an opaque blob (czar/udf_partial.cpp).
            {"QPROXY_PARTIAL", 1, 1, Q([] { auto m = make_string(40, charset::binary, false); m.type = field_type::blob; return m; }())},
            {"GROUP_CONCAT", 1, -1, Q([&] { auto m = str(1024 * 16, a, env, true); m.type = field_type::long_blob; return m; }())},
            // The scisql library's UDFs: REAL ones (NULL-able, but angSep only with a NULL-able
            // argument) and INTEGER predicates (BIGINT, Item_func_udf_int). Argument pairs:
            // angSep takes 2 or 3 of them, s2PtInCPoly 4 to 21.
            {"SCISQL_ANGSEP", 4, 6, Q(udf_real(a, nullable(a)))}, {"SCISQL_S2PTINBOX", 6, 6, Q(ll(21, true))},
            {"SCISQL_S2PTINCIRCLE", 5, 5, Q(ll(21, true))}, {"SCISQL_S2PTINELLIPSE", 7, 7, Q(ll(21, true))},
            {"SCISQL_S2PTINCPOLY", 8, 42, Q(ll(21, true))}, {"SCISQL_FLUXTOABMAG", 1, 1, Q(udf_real(a, true))},
            {"SCISQL_FLUXTOABMAGSIGMA", 2, 2, Q(udf_real(a, true))}, {"SCISQL_ABMAGTOFLUX", 1, 1, Q(udf_real(a, true))},
            {"SCISQL_ABMAGTOFLUXSIGMA", 2, 2, Q(udf_real(a, true))}, {"SCISQL_NANOJANSKYTOABMAG", 1, 1, Q(udf_real(a, true))},
            {"SCISQL_NANOJANSKYTOABMAGSIGMA", 2, 2, Q(udf_real(a, true))},
            {"SCISQL_ABMAGTONANOJANSKY", 1, 1, Q(udf_real(a, true))},
            {"SCISQL_ABMAGTONANOJANSKYSIGMA", 2, 2, Q(udf_real(a, true))}, {"SCISQL_DNTOFLUX", 2, 2, Q(udf_real(a, true))},
            {"SCISQL_DNTOFLUXSIGMA", 4, 4, Q(udf_real(a, true))}, {"SCISQL_DNTOABMAG", 2, 2, Q(udf_real(a, true))},
            {"SCISQL_DNTOABMAGSIGMA", 4, 4, Q(udf_real(a, true))},
        };
        std::unordered_map<std::string_view, function_type> map;
        for (const auto& f : all) map.emplace(f.name, f);
        return map;
    }();
    return t;
}
#undef Q

// MySQL built-ins qproxy does not evaluate: 1235 rather than "does not exist".
bool known_mysql_function(std::string_view n) {
    static constexpr std::string_view names[] = {
        "AES_DECRYPT", "AES_ENCRYPT", "BENCHMARK", "BIN_TO_UUID", "CHARSET", "COERCIBILITY", "COLLATION",
        "COMPRESS", "CONVERT_TZ", "EXPORT_SET", "GET_FORMAT", "GET_LOCK", "ICU_VERSION", "INET6_ATON",
        "INET6_NTOA", "INTERVAL", "IS_FREE_LOCK", "IS_IPV4", "IS_IPV6", "IS_USED_LOCK", "IS_UUID", "LOAD_FILE",
        "MAKE_SET", "MASTER_POS_WAIT", "NAME_CONST", "RANDOM_BYTES", "REGEXP_INSTR", "REGEXP_REPLACE",
        "REGEXP_SUBSTR", "RELEASE_ALL_LOCKS", "RELEASE_LOCK", "ROLES_GRAPHML", "SLEEP", "STATEMENT_DIGEST",
        "STATEMENT_DIGEST_TEXT", "UNCOMPRESS", "UNCOMPRESSED_LENGTH", "UUID_TO_BIN", "VALIDATE_PASSWORD_STRENGTH",
        "WEIGHT_STRING", "ROW_NUMBER", "RANK", "DENSE_RANK", "LAG", "LEAD", "NTILE", "FIRST_VALUE", "LAST_VALUE",
        "NTH_VALUE", "PERCENT_RANK", "CUME_DIST", "GROUPING", "DEFAULT", "VALUES", "FORMAT_BYTES", "FORMAT_PICO_TIME",
    };
    if (n.starts_with("JSON_") || n.starts_with("ST_") || n.starts_with("MBR")) return true;
    return std::find(std::begin(names), std::end(names), n) != std::end(names);
}

// A wrong argument count: MySQL's parser rejects it for a built-in (1582); a scisql UDF's
// init function rejects it (1123), counting coordinate pairs where a range of them is allowed.
sql_error arity_error(const expr& call, const function_type& f) {
    if (!call.canonical_.starts_with("SCISQL_"))
        return sql_error{1582, "42000", fmt::format("Incorrect parameter count in the call to native function '{}'", call.name_)};
    const std::string expects = f.min_args == f.max_args ? fmt::format("exactly {} argument{}", f.min_args, f.min_args == 1 ? "" : "s")
                                : f.max_args == f.min_args + 2 ? fmt::format("{} or {} arguments", f.min_args, f.max_args)
                                                               : fmt::format("between {} and {} spherical coordinate pairs", f.min_args / 2, f.max_args / 2);
    return sql_error{1123, "HY000", fmt::format("Can't initialize function '{}'; {}() expects {}", call.name_, call.name_, expects)};
}

}  // namespace

column_meta date_add_type(const column_meta& date, interval_unit unit, const column_meta& amount,
                          std::uint16_t connection_collation) {
    const bool date_only = unit == interval_unit::year || unit == interval_unit::quarter || unit == interval_unit::month ||
                           unit == interval_unit::week || unit == interval_unit::day || unit == interval_unit::year_month;
    const unsigned fsp = std::max<unsigned>(is_temporal_type(date) ? date.decimals : 0, interval_fsp(unit, amount));
    if (date.type == field_type::date) return date_only ? make_temporal(field_type::date, 0, true) : make_temporal(field_type::datetime, fsp, true);
    if (date.type == field_type::datetime || date.type == field_type::timestamp) return make_temporal(field_type::datetime, fsp, true);
    if (date.type == field_type::time) return make_temporal(date_only ? field_type::datetime : field_type::time, fsp, true);
    return make_string(29, connection_collation, true);
}

sql_result<column_meta> infer_function(const expr& call, const type_env& env) {
    if (!call.db_.empty()) return unsupported("stored functions");
    const auto& t = table();
    const auto it = t.find(call.canonical_);
    if (it == t.end()) {
        if (known_mysql_function(call.canonical_)) return unsupported(fmt::format("function {}", call.canonical_));
        return unknown_function(call.name_, env);
    }
    const function_type& f = it->second;
    const auto n = static_cast<int>(call.args_.size()) + (call.star_ ? 1 : 0);
    const bool odd_pairs = call.canonical_.starts_with("SCISQL_") && f.min_args != f.max_args && n % 2 != 0;
    if (n < f.min_args || (f.max_args >= 0 && n > f.max_args) || odd_pairs) return arity_error(call, f);
    std::vector<column_meta> args;
    for (const auto& a : call.args_) {
        BOOST_OUTCOME_TRY(m, infer(a, env));
        args.push_back(std::move(m));
    }
    return f.type(call, args, env);
}

}  // namespace qproxy::sql::typing

namespace qproxy::sql {

unsigned interval_fsp(interval_unit unit, const column_meta& amount) {
    switch (unit) {
    case interval_unit::microsecond: case interval_unit::second_microsecond: case interval_unit::minute_microsecond:
    case interval_unit::hour_microsecond: case interval_unit::day_microsecond: return 6;
    case interval_unit::second: return is_integer_type(amount) ? 0 : std::min<unsigned>(amount.decimals, 6);
    default: return 0;
    }
}

}  // namespace qproxy::sql
