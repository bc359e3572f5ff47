// MySQL function calls as SQLite text: one table from MySQL name to the SQLite
// function printed and the context each argument is printed in; the calls
// whose shape changes (argument order, units, flags, session values) have a
// printer of their own below.
#include "parser/print_sqlite_impl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace qproxy::sql::sqlite_printer {

namespace {

// Argument contexts: s string, n number, i integer, v value as is; the last repeats.
struct mapping {
    std::string_view sqlite;
    std::string_view contexts;
};

// clang-format off
const std::unordered_map<std::string_view, mapping>& mappings() {
    static const std::unordered_map<std::string_view, mapping> m = {
        {"ABS", {"abs", "n"}}, {"CEIL", {"ceil", "n"}}, {"CEILING", {"ceil", "n"}}, {"FLOOR", {"floor", "n"}},
        {"SIGN", {"sign", "n"}}, {"POW", {"pow", "n"}}, {"POWER", {"pow", "n"}}, {"SQRT", {"sqrt", "n"}},
        {"EXP", {"exp", "n"}}, {"LN", {"mysql_ln", "n"}}, {"LOG", {"mysql_log", "n"}}, {"LOG2", {"mysql_log2", "n"}},
        {"LOG10", {"mysql_log10", "n"}}, {"SIN", {"sin", "n"}}, {"COS", {"cos", "n"}}, {"TAN", {"tan", "n"}},
        {"ASIN", {"asin", "n"}}, {"ACOS", {"acos", "n"}}, {"ATAN2", {"atan2", "n"}}, {"DEGREES", {"degrees", "n"}},
        {"RADIANS", {"radians", "n"}}, {"RAND", {"mysql_rand", "i"}}, {"CRC32", {"mysql_crc32", "s"}},
        {"CONV", {"mysql_conv", "sii"}}, {"BIN", {"mysql_bin", "i"}}, {"OCT", {"mysql_oct", "i"}},
        {"UNHEX", {"mysql_unhex", "s"}}, {"CONCAT_WS", {"mysql_concat_ws", "s"}}, {"LEFT", {"mysql_left", "si"}},
        {"RIGHT", {"mysql_right", "si"}}, {"SUBSTRING", {"mysql_substring", "sii"}}, {"SUBSTR", {"mysql_substring", "sii"}},
        {"MID", {"mysql_substring", "sii"}}, {"SUBSTRING_INDEX", {"mysql_substring_index", "ssi"}},
        {"UPPER", {"mysql_upper", "s"}}, {"UCASE", {"mysql_upper", "s"}}, {"LOWER", {"mysql_lower", "s"}},
        {"LCASE", {"mysql_lower", "s"}}, {"REVERSE", {"mysql_reverse", "s"}}, {"LTRIM", {"ltrim", "s"}},
        {"RTRIM", {"rtrim", "s"}}, {"LPAD", {"mysql_lpad", "sis"}}, {"RPAD", {"mysql_rpad", "sis"}},
        {"REPEAT", {"mysql_repeat", "si"}}, {"REPLACE", {"replace", "s"}}, {"SPACE", {"mysql_space", "i"}},
        {"INSERT", {"mysql_insert", "siis"}}, {"ELT", {"mysql_elt", "is"}}, {"FIELD", {"mysql_field", "v"}},
        {"FIND_IN_SET", {"mysql_find_in_set", "s"}}, {"LOCATE", {"mysql_locate", "ssi"}},
        {"POSITION", {"mysql_locate", "s"}}, {"ASCII", {"mysql_ascii", "s"}}, {"ORD", {"mysql_ord", "s"}},
        {"STRCMP", {"mysql_strcmp", "s"}}, {"LENGTH", {"mysql_octet_length", "s"}},
        {"OCTET_LENGTH", {"mysql_octet_length", "s"}}, {"CHAR_LENGTH", {"length", "s"}},
        {"CHARACTER_LENGTH", {"length", "s"}}, {"BIT_LENGTH", {"mysql_bit_length", "s"}},
        {"QUOTE", {"mysql_quote", "s"}}, {"SOUNDEX", {"mysql_soundex", "s"}}, {"MD5", {"mysql_md5", "s"}},
        {"SHA1", {"mysql_sha1", "s"}}, {"SHA", {"mysql_sha1", "s"}}, {"SHA2", {"mysql_sha2", "si"}},
        {"TO_BASE64", {"mysql_to_base64", "s"}}, {"FROM_BASE64", {"mysql_from_base64", "s"}},
        {"INET_ATON", {"mysql_inet_aton", "s"}}, {"INET_NTOA", {"mysql_inet_ntoa", "i"}},
        {"UUID", {"mysql_uuid", ""}}, {"UUID_SHORT", {"mysql_uuid_short", ""}}, {"REGEXP_LIKE", {"mysql_regexp", "s"}},
        {"IFNULL", {"ifnull", "v"}},
        {"DATE", {"mysql_to_date", "v"}}, {"TIME", {"mysql_to_time", "v"}}, {"YEAR", {"mysql_year", "v"}},
        {"MONTH", {"mysql_month", "v"}}, {"DAY", {"mysql_day", "v"}}, {"DAYOFMONTH", {"mysql_day", "v"}},
        {"HOUR", {"mysql_hour", "v"}}, {"MINUTE", {"mysql_minute", "v"}}, {"SECOND", {"mysql_second", "v"}},
        {"MICROSECOND", {"mysql_microsecond", "v"}}, {"DAYOFWEEK", {"mysql_dayofweek", "v"}},
        {"WEEKDAY", {"mysql_weekday", "v"}}, {"DAYOFYEAR", {"mysql_dayofyear", "v"}}, {"QUARTER", {"mysql_quarter", "v"}},
        {"WEEK", {"mysql_week", "vi"}}, {"YEARWEEK", {"mysql_yearweek", "vi"}}, {"DAYNAME", {"mysql_dayname", "v"}},
        {"MONTHNAME", {"mysql_monthname", "v"}}, {"LAST_DAY", {"mysql_last_day", "v"}}, {"TO_DAYS", {"mysql_to_days", "v"}},
        {"FROM_DAYS", {"mysql_from_days", "i"}}, {"TO_SECONDS", {"mysql_to_seconds", "v"}},
        {"MAKEDATE", {"mysql_makedate", "i"}}, {"MAKETIME", {"mysql_maketime", "iin"}},
        {"SEC_TO_TIME", {"mysql_sec_to_time", "n"}}, {"TIME_TO_SEC", {"mysql_time_to_sec", "v"}},
        {"DATEDIFF", {"mysql_datediff", "v"}}, {"TIMEDIFF", {"mysql_timediff", "v"}},
        {"DATE_FORMAT", {"mysql_date_format", "vs"}}, {"TIME_FORMAT", {"mysql_time_format", "vs"}},
        {"PERIOD_ADD", {"mysql_period_add", "i"}}, {"PERIOD_DIFF", {"mysql_period_diff", "i"}},
        {"BIT_AND", {"mysql_agg_bit_and", "i"}}, {"BIT_OR", {"mysql_agg_bit_or", "i"}}, {"BIT_XOR", {"mysql_agg_bit_xor", "i"}},
        {"STD", {"mysql_std", "n"}}, {"STDDEV", {"mysql_std", "n"}}, {"STDDEV_POP", {"mysql_std", "n"}},
        {"STDDEV_SAMP", {"mysql_stddev_samp", "n"}}, {"VARIANCE", {"mysql_var_pop", "n"}},
        {"VAR_POP", {"mysql_var_pop", "n"}}, {"VAR_SAMP", {"mysql_var_samp", "n"}},
        // The scisql library's UDFs: every argument a DOUBLE (REAL_RESULT).
        {"SCISQL_ANGSEP", {"scisql_angsep", "n"}}, {"SCISQL_S2PTINBOX", {"scisql_s2ptinbox", "n"}},
        {"SCISQL_S2PTINCIRCLE", {"scisql_s2ptincircle", "n"}}, {"SCISQL_S2PTINELLIPSE", {"scisql_s2ptinellipse", "n"}},
        {"SCISQL_S2PTINCPOLY", {"scisql_s2ptincpoly", "n"}}, {"SCISQL_FLUXTOABMAG", {"scisql_fluxtoabmag", "n"}},
        {"SCISQL_FLUXTOABMAGSIGMA", {"scisql_fluxtoabmagsigma", "n"}}, {"SCISQL_ABMAGTOFLUX", {"scisql_abmagtoflux", "n"}},
        {"SCISQL_ABMAGTOFLUXSIGMA", {"scisql_abmagtofluxsigma", "n"}},
        {"SCISQL_NANOJANSKYTOABMAG", {"scisql_nanojanskytoabmag", "n"}},
        {"SCISQL_NANOJANSKYTOABMAGSIGMA", {"scisql_nanojanskytoabmagsigma", "n"}},
        {"SCISQL_ABMAGTONANOJANSKY", {"scisql_abmagtonanojansky", "n"}},
        {"SCISQL_ABMAGTONANOJANSKYSIGMA", {"scisql_abmagtonanojanskysigma", "n"}},
        {"SCISQL_DNTOFLUX", {"scisql_dntoflux", "n"}}, {"SCISQL_DNTOFLUXSIGMA", {"scisql_dntofluxsigma", "n"}},
        {"SCISQL_DNTOABMAG", {"scisql_dntoabmag", "n"}}, {"SCISQL_DNTOABMAGSIGMA", {"scisql_dntoabmagsigma", "n"}},
    };
    return m;
}
// clang-format on

// Functions whose value comes from the session (bound as parameters).
bool session_function(std::string_view n) {
    static constexpr std::string_view names[] = {
        "DATABASE", "SCHEMA", "USER", "SESSION_USER", "SYSTEM_USER", "CURRENT_USER", "VERSION", "CONNECTION_ID",
        "LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT", "NOW", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP",
        "SYSDATE", "UTC_TIMESTAMP", "CURDATE", "CURRENT_DATE", "UTC_DATE", "CURTIME", "CURRENT_TIME", "UTC_TIME",
    };
    return std::find(std::begin(names), std::end(names), n) != std::end(names);
}

class call_printer {
public:
    call_printer(printer& p, const expr& call) : p_(p), call_(call) {}

    // fn(arg, …) with each argument in its context.
    sql_status args(std::string_view fn, std::string_view contexts) {
        p_.out(fn);
        p_.out("(");
        return list(contexts);
    }
    // The arguments separated by commas, without parentheses.
    sql_status list(std::string_view contexts) {
        for (std::size_t i = 0; i < call_.args_.size(); ++i) {
            if (i) p_.out(", ");
            const char c = contexts.empty() ? 'v' : contexts[std::min(i, contexts.size() - 1)];
            PRINT_TRY(arg(c, call_.args_[i]));
        }
        return ok();
    }
    sql_status arg(char context, const expr& a) {
        switch (context) {
        case 's': return p_.string(a);
        case 'n': return p_.number(a);
        case 'i': return p_.integer(a);
        default: return p_.value(a);
        }
    }
    sql_status close() {
        p_.out(")");
        return ok();
    }
    void extra(std::string_view text) { p_.out(", "), p_.out(text); }
    void extra_literal(std::string_view text) { p_.out(", "), p_.literal(text); }

private:
    printer& p_;
    const expr& call_;
};

// 1 when MySQL treats the value as exact (DECIMAL, BIGINT): ROUND and FORMAT round it half away.
sql_result<int> exact(printer& p, const expr& x) {
    BOOST_OUTCOME_TRY(m, p.type(x));
    return is_integer_type(m) || is_decimal_type(m) ? 1 : 0;
}

std::string_view temporal_kind(const column_meta& m) {
    switch (m.type) {
    case field_type::date: return "date";
    case field_type::datetime: case field_type::timestamp: return "datetime";
    case field_type::time: return "time";
    default: return "";
    }
}

sql_status aggregate(printer& p, const expr& call, std::string_view fn) {
    if (call.star_) {
        p.out("count(*)");
        return ok();
    }
    if (call.distinct_ && call.args_.size() > 1) return unsupported(fmt::format("{}(DISTINCT with several expressions)", call.name_));
    p.out(fn);
    p.out(call.distinct_ ? "(DISTINCT " : "(");
    const bool numeric = fn == "sum" || fn == "avg" || fn == "qproxy_partial";
    if (numeric) PRINT_TRY(p.number(call.args_[0]));
    else PRINT_TRY(p.value(call.args_[0]));
    BOOST_OUTCOME_TRY(m, p.type(call.args_[0]));
    // MIN, MAX and COUNT(DISTINCT) compare strings as MySQL does.
    if (!numeric && is_string_type(m) && !is_binary_string(m)) p.out(fmt::format(" COLLATE {}", collation_for(m)));
    p.out(")");
    return ok();
}

sql_status group_concat(printer& p, const expr& call) {
    p.out("mysql_group_concat(");
    for (std::size_t i = 0; i < call.args_.size(); ++i) {
        if (i) p.out(" || ");
        PRINT_TRY(p.string(call.args_[i]));
    }
    p.out(", ");
    p.literal(call.separator_.value_or(","));
    p.out(call.distinct_ ? ", 1" : ", 0");
    for (const auto& o : call.order_by_) {
        p.out(", ");
        PRINT_TRY(p.value(o.expr_));
        p.out(o.desc_ ? ", 1" : ", 0");
    }
    p.out(")");
    return ok();
}

}  // namespace

std::string_view unit_name(interval_unit u) {
    static constexpr std::string_view names[] = {
        "", "microsecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
        "second_microsecond", "minute_microsecond", "minute_second", "hour_microsecond", "hour_second",
        "hour_minute", "day_microsecond", "day_second", "day_minute", "day_hour", "year_month",
    };
    return names[static_cast<int>(u)];
}

sql_status date_add(printer& p, const expr& date, const expr& amount, interval_unit unit, int sign) {
    BOOST_OUTCOME_TRY(m, p.type(date));
    BOOST_OUTCOME_TRY(amount_type, p.type(amount));
    p.out("mysql_date_add(");
    PRINT_TRY(p.value(date));
    p.out(", ");
    PRINT_TRY(p.value(amount));
    p.out(fmt::format(", '{}', {}, '{}', {})", unit_name(unit), sign, temporal_kind(m), interval_fsp(unit, amount_type)));
    return ok();
}

sql_status printer::function(const expr& call) {
    BOOST_OUTCOME_TRY(result, type(call));  // arity, unknown functions and unsupported ones fail here
    const std::string& n = call.canonical_;
    call_printer c(*this, call);
    if (const auto it = mappings().find(n); it != mappings().end()) {
        PRINT_TRY(c.args(it->second.sqlite, it->second.contexts));
        return c.close();
    }
    if (session_function(n) || (n == "UNIX_TIMESTAMP" && call.args_.empty())) return session_value(call);
    const auto tz = options_.bindings ? options_.bindings->time_zone() : std::string("SYSTEM");
    if (n == "COUNT") return aggregate(*this, call, "count");
    if (n == "SUM") return aggregate(*this, call, "sum");
    if (n == "AVG") return aggregate(*this, call, "avg");
    if (n == "MIN") return aggregate(*this, call, "min");
    if (n == "MAX") return aggregate(*this, call, "max");
    // The czar's chunk-side COUNT(*), COUNT(x), SUM(x) in one step (czar/udf_partial.cpp).
    if (n == "QPROXY_PARTIAL") return aggregate(*this, call, "qproxy_partial");
    if (n == "ANY_VALUE") return value(call.args_[0]);
    if (n == "GROUP_CONCAT") return group_concat(*this, call);
    if (n == "CONCAT") {
        out("(");
        for (std::size_t i = 0; i < call.args_.size(); ++i) {
            if (i) out(" || ");
            PRINT_TRY(string(call.args_[i]));
        }
        out(")");
        return ok();
    }
    if (n == "IF") {
        out("CASE WHEN ");
        PRINT_TRY(value(call.args_[0]));
        out(" THEN ");
        PRINT_TRY(as_type(call.args_[1], result));
        out(" ELSE ");
        PRINT_TRY(as_type(call.args_[2], result));
        out(" END");
        return ok();
    }
    if (n == "COALESCE" || n == "GREATEST" || n == "LEAST") {
        // SQLite's coalesce() wants two arguments or more; max()/min() with several
        // arguments are NULL when one is, as GREATEST/LEAST.
        if (call.args_.size() == 1) return as_type(call.args_[0], result);
        const bool numeric = !is_string_type(result) && !is_temporal_type(result) && n != "COALESCE";
        out(n == "COALESCE" ? "coalesce(" : n == "GREATEST" ? "max(" : "min(");
        for (std::size_t i = 0; i < call.args_.size(); ++i) {
            if (i) out(", ");
            PRINT_TRY(numeric ? number(call.args_[i]) : as_type(call.args_[i], result));
            if (i == 0 && n != "COALESCE" && is_string_type(result) && !is_binary_string(result)) out(fmt::format(" COLLATE {}", collation_for(result)));
        }
        out(")");
        return ok();
    }
    if (n == "NULLIF") {
        out("CASE WHEN ");
        PRINT_TRY(compare(op::eq, call.args_[0], call.args_[1]));
        out(" THEN NULL ELSE ");
        PRINT_TRY(value(call.args_[0]));
        out(" END");
        return ok();
    }
    if (n == "ISNULL") {
        out("(");
        PRINT_TRY(value(call.args_[0]));
        out(" IS NULL)");
        return ok();
    }
    if (n == "MOD") {
        expr e;
        e.kind_ = expr_kind::binary;
        e.op_ = op::mod;
        e.args_ = call.args_;
        return value(e);
    }
    if (n == "PI") {
        out("3.141592653589793");
        return ok();
    }
    if (n == "ATAN") {
        PRINT_TRY(c.args(call.args_.size() == 2 ? "atan2" : "atan", "n"));
        return c.close();
    }
    if (n == "COT") {
        out("(1.0 / tan(");
        PRINT_TRY(number(call.args_[0]));
        out("))");
        return ok();
    }
    if (n == "HEX") {
        // Numbers print their (rounded) integer value in base 16, anything else its bytes.
        BOOST_OUTCOME_TRY(m, type(call.args_[0]));
        const bool numeric = is_integer_type(m) || is_decimal_type(m) || is_real_type(m);
        PRINT_TRY(c.args("mysql_hex", numeric ? "i" : "s"));
        return c.close();
    }
    if (n == "ROUND" || n == "TRUNCATE" || n == "FORMAT") {
        BOOST_OUTCOME_TRY(is_exact, exact(*this, call.args_[0]));
        out(n == "ROUND" ? "mysql_round(" : n == "TRUNCATE" ? "mysql_truncate(" : "mysql_format(");
        PRINT_TRY(number(call.args_[0]));
        out(", ");
        if (call.args_.size() > 1) PRINT_TRY(integer(call.args_[1]));
        else out("0");
        out(fmt::format(", {})", is_exact));
        return ok();
    }
    if (n == "INSTR") {  // INSTR(str, sub) is LOCATE(sub, str)
        out("mysql_locate(");
        PRINT_TRY(string(call.args_[1]));
        out(", ");
        PRINT_TRY(string(call.args_[0]));
        out(")");
        return ok();
    }
    if (n == "TRIM") {
        if (call.args_.size() == 1 && call.trim_ == trim_side::none) {
            PRINT_TRY(c.args("trim", "s"));
            c.extra("' '");
            return c.close();
        }
        PRINT_TRY(c.args("mysql_trim", "s"));
        if (call.args_.size() == 1) c.extra("' '");
        c.extra(call.trim_ == trim_side::leading ? "1" : call.trim_ == trim_side::trailing ? "2" : "0");
        return c.close();
    }
    if (n == "CHAR") {
        if (!call.using_charset_.empty() && call.using_charset_ != "binary") out("CAST(");
        PRINT_TRY(c.args("mysql_char", "i"));
        PRINT_TRY(c.close());
        if (!call.using_charset_.empty() && call.using_charset_ != "binary") out(" AS TEXT)");
        return ok();
    }
    if (n == "WEEKOFYEAR") {
        PRINT_TRY(c.args("mysql_week", "v"));
        c.extra("3");
        return c.close();
    }
    if (n == "TIMESTAMP") {
        PRINT_TRY(c.args(call.args_.size() == 2 ? "mysql_timestamp" : "mysql_to_datetime", "v"));
        return c.close();
    }
    if (n == "ADDTIME" || n == "SUBTIME") {
        PRINT_TRY(c.args("mysql_addtime", "v"));
        c.extra(n == "ADDTIME" ? "1" : "-1");
        return c.close();
    }
    if (n == "DATE_ADD" || n == "DATE_SUB" || n == "ADDDATE" || n == "SUBDATE") {
        const int sign = n == "DATE_ADD" || n == "ADDDATE" ? 1 : -1;
        const expr& amount = call.args_[1];
        if (amount.kind_ == expr_kind::interval) return date_add(*this, call.args_[0], amount.args_[0], amount.unit_, sign);
        return date_add(*this, call.args_[0], amount, interval_unit::day, sign);
    }
    if (n == "TIMESTAMPADD") return date_add(*this, call.args_[1], call.args_[0], call.unit_, 1);
    if (n == "TIMESTAMPDIFF" || n == "EXTRACT") {
        out(fmt::format("mysql_{}('{}', ", n == "EXTRACT" ? "extract" : "timestampdiff", unit_name(call.unit_)));
        PRINT_TRY(c.list("v"));
        return c.close();
    }
    if (n == "STR_TO_DATE") {
        PRINT_TRY(c.args("mysql_str_to_date", "s"));
        c.extra(fmt::format("'{}', {}", temporal_kind(result), result.decimals));
        return c.close();
    }
    if (n == "UNIX_TIMESTAMP" || n == "FROM_UNIXTIME") {
        out(n == "UNIX_TIMESTAMP" ? "mysql_unix_timestamp(" : "mysql_from_unixtime(");
        PRINT_TRY(n == "UNIX_TIMESTAMP" ? value(call.args_[0]) : number(call.args_[0]));
        out(", ");
        literal(tz);
        if (call.args_.size() > 1) {
            out(", ");
            PRINT_TRY(string(call.args_[1]));
        }
        out(")");
        return ok();
    }
    return unsupported(fmt::format("function {}", call.name_));
}

const std::vector<std::string_view>& extension_functions() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> v;
        for (const auto& [mysql, m] : mappings())
            if (m.sqlite.starts_with("mysql_") || m.sqlite.starts_with("scisql_")) v.push_back(m.sqlite);
        for (std::string_view extra : {"mysql_like", "mysql_regexp", "mysql_format_decimal", "mysql_format_double",
                                       "mysql_format_unsigned", "mysql_round", "mysql_truncate", "mysql_format",
                                       "mysql_to_number", "mysql_to_integer", "mysql_to_decimal", "mysql_to_datetime",
                                       "mysql_temporal_number", "mysql_div", "mysql_intdiv", "mysql_mod", "mysql_bitand",
                                       "mysql_bitor", "mysql_bitxor", "mysql_bitnot", "mysql_shl", "mysql_shr",
                                       "mysql_soundex", "mysql_hex", "mysql_locate", "mysql_trim", "mysql_char",
                                       "mysql_week", "mysql_timestamp", "mysql_addtime", "mysql_date_add",
                                       "mysql_timestampdiff", "mysql_extract", "mysql_str_to_date",
                                       "mysql_unix_timestamp", "mysql_from_unixtime", "mysql_group_concat",
                                       "mysql_time_to_sec", "mysql_left", "mysql_rpad", "mysql_assign",
                                       "mysql_user_var", "qproxy_partial"})
            v.push_back(extra);
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        return v;
    }();
    return names;
}

}  // namespace qproxy::sql::sqlite_printer

namespace qproxy::sql {
const std::vector<std::string_view>& sqlite_extension_functions() { return sqlite_printer::extension_functions(); }
}  // namespace qproxy::sql
