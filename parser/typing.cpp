// Result types of literals, operators, CASE, CAST and the other non-call
// expressions; calls are typed in typing_functions.cpp.
#include "parser/typing_impl.hpp"

#include "parser/ast_select.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace qproxy::sql {

using namespace typing;

sql_result<column_meta> type_env::column(const expr& ref) const {
    std::string name = ref.table_.empty() ? ref.name_ : ref.table_ + "." + ref.name_;
    if (!ref.db_.empty()) name = ref.db_ + "." + name;
    return sql_error{er::bad_field, "42S22", fmt::format("Unknown column '{}' in 'field list'", name)};
}

sql_result<column_meta> type_env::system_variable(var_scope, std::string_view name) const {
    return sql_error{er::unknown_system_variable, "HY000", fmt::format("Unknown system variable '{}'", name)};
}

column_meta type_env::user_variable(std::string_view) const {
    // An unset user variable is NULL typed as MySQL's LONGBLOB.
    return make_string(max_blob_width, charset::binary, true);
}

sql_result<column_meta> alias_env::column(const expr& ref) const {
    auto found = base_.column(ref);
    if (found || !ref.table_.empty()) return found;
    for (const auto& item : items_) {
        const auto& alias = item.alias_;
        if (alias && alias->size() == ref.name_.size() &&
            std::equal(alias->begin(), alias->end(), ref.name_.begin(),
                       [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); }))
            return infer(item.expr_, base_);
    }
    return found;
}

column_meta aggregate_type(std::span<const column_meta> types, const type_env& env) {
    return aggregate(types, env.collation());
}

sql_error unknown_function(std::string_view name, const type_env& env) {
    if (env.database().empty()) return {er::no_db, "3D000", "No database selected"};
    return {er::sp_does_not_exist, "42000", fmt::format("FUNCTION {}.{} does not exist", env.database(), name)};
}

namespace {

// Collation id of a character set named by an introducer or CONVERT … USING.
std::uint16_t charset_collation(std::string_view cs, std::uint16_t connection) {
    std::string lower(cs);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "binary") return charset::binary;
    if (lower == "utf8" || lower == "utf8mb3") return charset::utf8mb3_general_ci;
    if (lower == "latin1") return 8;
    if (lower == "ascii") return 11;
    if (lower == "utf8mb4") return mbmaxlen(connection) == 4 ? connection : charset::utf8mb4_0900_ai_ci;
    return charset::utf8mb4_0900_ai_ci;
}

// Digits of an unsigned integer literal, leading zeros dropped ("007" → "7").
std::string_view significant(std::string_view digits) {
    const auto first = digits.find_first_not_of('0');
    return first == std::string_view::npos ? digits.substr(digits.size() - 1) : digits.substr(first);
}

column_meta int_literal(const expr& e) {
    // Item_int keeps the written length plus a sign position; above BIGINT the
    // literal is BIGINT UNSIGNED (Item_uint), above that DECIMAL.
    const auto digits = significant(e.text_);
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    const auto written = static_cast<std::uint32_t>(e.text_.size());
    if (ec == std::errc::result_out_of_range || ptr != digits.data() + digits.size()) {
        // Item_decimal: the literal's own digits set the length, even beyond DECIMAL(65).
        auto m = make_decimal(static_cast<unsigned>(digits.size()), 0, false);
        m.length = precision_to_length(static_cast<unsigned>(digits.size()), 0, false);
        return m;
    }
    if (value > static_cast<std::uint64_t>(INT64_MAX)) return make_longlong(written, false, true);
    return make_longlong(written + 1, false);
}

column_meta decimal_literal(const expr& e) {
    // Precision counts every digit written (leading zeros included), scale those after the point.
    const auto dot = e.text_.find('.');
    const auto intg = static_cast<unsigned>(dot);
    const auto frac = static_cast<unsigned>(e.text_.size() - dot - 1);
    return make_decimal(intg + frac, frac, false);
}

column_meta string_literal(const expr& e, const type_env& env) {
    const std::uint16_t collation = e.national_ ? charset::utf8mb3_general_ci
                                    : e.name_.empty() ? env.collation()
                                                      : charset_collation(e.name_, env.collation());
    std::uint64_t chars = 0;
    if (collation == charset::binary) chars = e.text_.size();
    else
        for (unsigned char c : e.text_) chars += (c & 0xC0) != 0x80;
    auto m = make_string(chars, collation, false);
    if (collation == charset::binary) m.decimals = not_fixed_dec;
    return m;
}

column_meta binary_literal(const expr& e, const type_env& env) {
    // X'…' and B'…' are VARBINARY (MySQL marks them UNSIGNED, for numeric context).
    const std::size_t bytes = e.kind_ == expr_kind::hex_lit ? (e.text_.size() + 1) / 2 : (e.text_.size() + 7) / 8;
    if (!e.name_.empty() && charset_collation(e.name_, env.collation()) != charset::binary)
        return make_string(bytes, charset_collation(e.name_, env.collation()), false);
    auto m = make_string(bytes, charset::binary, false);
    m.decimals = 0;
    m.flags |= column_flag::unsigned_;
    return m;
}

column_meta temporal_literal(const expr& e) {
    const auto dot = e.text_.find('.');
    const unsigned fsp = dot == std::string::npos ? 0 : static_cast<unsigned>(e.text_.size() - dot - 1);
    switch (e.temporal_) {
    case temporal::date: return make_temporal(field_type::date, 0, false);
    case temporal::time: return make_temporal(field_type::time, fsp, false);
    case temporal::timestamp: return make_temporal(field_type::datetime, fsp, false);
    }
    return make_null();
}

column_meta boolean(bool nullable) { return make_longlong(1, nullable); }

column_meta negate(const expr& e, const column_meta& a) {
    if (numeric_context(a) == numeric_class::real || !(is_integer_type(a) || is_decimal_type(a)))
        return make_double(a.decimals, is_nullable(a));
    if (is_integer_type(a)) {
        // A literal beyond -BIGINT's range becomes DECIMAL (Item_func_neg::resolve_type).
        const auto& arg = e.args_[0];
        if (arg.kind_ == expr_kind::int_lit && is_unsigned(a) && significant(arg.text_) != "9223372036854775808")
            return make_decimal(decimal_precision(a), 0, is_nullable(a));
        std::uint32_t len = a.length + (is_unsigned(a) ? 1 : 0);
        return make_longlong(std::max<std::uint32_t>(len, 2), is_nullable(a));
    }
    auto m = a;
    m.length = a.length + (is_unsigned(a) ? 1 : 0);
    m.flags &= static_cast<std::uint16_t>(~column_flag::unsigned_);
    return m;
}

column_meta cast_to(const cast_type& c, const column_meta& a, const type_env& env) {
    using k = cast_type::kind_t;
    const bool nullable = is_nullable(a);
    switch (c.kind_) {
    case k::signed_:
    case k::unsigned_: {
        // Item_typecast_signed keeps the argument's integer digits (at most BIGINT's).
        const unsigned digits = std::min<unsigned>(decimal_precision(a) - std::min<unsigned>(decimal_precision(a), a.decimals == not_fixed_dec ? 0 : a.decimals), 20);
        const bool uns = c.kind_ == k::unsigned_;
        const std::uint32_t len = is_string_type(a) || a.type == field_type::null || is_real_type(a) ? 21 : precision_to_length(std::max(digits, 1u), 0, uns);
        return make_longlong(len, nullable, uns);
    }
    case k::decimal: {
        const unsigned precision = c.length_.value_or(10), scale = c.scale_.value_or(0);
        return make_decimal(precision, scale, nullable);
    }
    case k::double_:
    case k::real: return make_double(not_fixed_dec, nullable);
    case k::float_: {
        if (c.length_ && *c.length_ > 24) return make_double(not_fixed_dec, nullable);
        auto m = make_double(not_fixed_dec, nullable);
        m.type = field_type::float_;
        m.length = 12;
        return m;
    }
    case k::date: return make_temporal(field_type::date, 0, true);
    case k::datetime: return make_temporal(field_type::datetime, c.length_.value_or(0), true);
    case k::time: return make_temporal(field_type::time, c.length_.value_or(0), true);
    case k::char_:
    case k::nchar: {
        const std::uint16_t collation = c.kind_ == k::nchar ? charset::utf8mb3_general_ci
                                        : c.charset_.empty() ? env.collation()
                                                             : charset_collation(c.charset_, env.collation());
        return make_string(c.length_ ? *c.length_ : char_length(a), collation, nullable);
    }
    case k::binary: return make_string(c.length_ ? *c.length_ : a.length, charset::binary, nullable);
    case k::json:
    case k::year: break;
    }
    return make_null();
}

}  // namespace

namespace typing {
column_meta arithmetic(op o, const column_meta& a, const column_meta& b) {
    const bool nullable = is_nullable(a) || is_nullable(b) || o == op::div || o == op::int_div || o == op::mod;
    const numeric_class ca = numeric_context(a), cb = numeric_context(b);
    const unsigned pa = decimal_precision(a), pb = decimal_precision(b);
    const unsigned da = a.decimals == not_fixed_dec ? 0 : a.decimals, db = b.decimals == not_fixed_dec ? 0 : b.decimals;
    if (o == op::int_div) {
        const unsigned b_dec = b.decimals == not_fixed_dec ? pb : db;
        const unsigned precision = std::min(pa - std::min(pa, da) + b_dec, 21u);
        return make_longlong(precision_to_length(precision, 0, is_unsigned(a) || is_unsigned(b)), true,
                             is_unsigned(a) || is_unsigned(b));
    }
    if (ca == numeric_class::real || cb == numeric_class::real) {
        std::uint8_t dec = std::max(a.decimals, b.decimals);
        if (a.type == field_type::null || b.type == field_type::null) dec = std::max(da, db);
        if (o == op::div && dec != not_fixed_dec) dec = static_cast<std::uint8_t>(std::min<unsigned>(dec + div_precision_increment, not_fixed_dec));
        auto m = make_double(dec, nullable);
        if (o == op::div && dec != not_fixed_dec) m.length = std::min(a.length - da + dec, float_length(dec));
        return m;
    }
    const bool int_result = ca == numeric_class::integer && cb == numeric_class::integer && o != op::div;
    const bool uns = int_result ? (is_unsigned(a) || is_unsigned(b)) : (is_unsigned(a) && is_unsigned(b));
    unsigned precision = 0, scale = 0;
    switch (o) {
    case op::add:
    case op::sub:
        scale = std::max(da, db);
        precision = std::max(pa - std::min(pa, da), pb - std::min(pb, db)) + 1 + scale;
        break;
    case op::mul:
        scale = std::min(da + db, decimal_max_scale);
        precision = std::min(pa + pb, decimal_max_precision);
        break;
    case op::div:
        scale = std::min(da + div_precision_increment, decimal_max_scale);
        precision = std::min(pa + db + div_precision_increment, decimal_max_precision);
        break;
    case op::mod: {
        scale = std::max(da, db);
        precision = std::max(pa, pb);
        auto m = int_result ? make_longlong(precision_to_length(precision, 0, is_unsigned(a)), true, is_unsigned(a))
                            : make_decimal(precision, scale, true, is_unsigned(a));
        return m;
    }
    default: break;
    }
    if (int_result) return make_longlong(precision_to_length(precision, 0, uns), nullable, uns);
    return make_decimal(precision, scale, nullable, uns);
}

}  // namespace typing

sql_result<column_meta> infer(const expr& e, const type_env& env) {
    auto args = [&]() -> sql_result<std::vector<column_meta>> {
        std::vector<column_meta> out;
        for (const auto& a : e.args_) {
            BOOST_OUTCOME_TRY(m, infer(a, env));
            out.push_back(std::move(m));
        }
        return out;
    };
    switch (e.kind_) {
    case expr_kind::null_lit: return make_null();
    case expr_kind::bool_lit: return make_longlong(1, false);
    case expr_kind::int_lit: return int_literal(e);
    case expr_kind::decimal_lit: return decimal_literal(e);
    case expr_kind::float_lit: {
        auto m = make_double(not_fixed_dec, false);
        m.length = static_cast<std::uint32_t>(e.text_.size());
        return m;
    }
    case expr_kind::string_lit: return string_literal(e, env);
    case expr_kind::hex_lit:
    case expr_kind::bit_lit: return binary_literal(e, env);
    case expr_kind::temporal_lit: return temporal_literal(e);
    case expr_kind::column: return env.column(e);
    case expr_kind::user_var: return env.user_variable(e.name_);
    case expr_kind::sys_var: return env.system_variable(e.scope_, e.name_);
    case expr_kind::unary: {
        BOOST_OUTCOME_TRY(a, infer(e.args_[0], env));
        switch (e.op_) {
        case op::neg: return negate(e, a);
        case op::plus: return a;
        case op::not_: return boolean(is_nullable(a));
        case op::bit_not: return make_longlong(21, is_nullable(a), true);
        case op::binary_: return make_string(a.length, charset::binary, is_nullable(a));
        default: break;
        }
        break;
    }
    case expr_kind::binary: {
        BOOST_OUTCOME_TRY(a, args());
        const bool nullable = is_nullable(a[0]) || is_nullable(a[1]);
        switch (e.op_) {
        case op::or_: case op::xor_: case op::and_: case op::eq: case op::ge: case op::gt: case op::le:
        case op::lt: case op::ne: case op::sounds_like: return boolean(nullable);
        case op::null_safe_eq: return boolean(false);
        case op::assign: return a[1];  // `@v := e` is e's value, with e's type
        case op::bit_or: case op::bit_and: case op::bit_xor: case op::shift_left: case op::shift_right:
            return make_longlong(21, nullable, true);
        case op::add: case op::sub: case op::mul: case op::div: case op::int_div: case op::mod:
            if (e.args_[1].kind_ == expr_kind::interval) return date_add_type(a[0], e.args_[1].unit_, a[1], env.collation());
            if (e.args_[0].kind_ == expr_kind::interval) return date_add_type(a[1], e.args_[0].unit_, a[0], env.collation());
            return arithmetic(e.op_, a[0], a[1]);
        default: break;
        }
        break;
    }
    case expr_kind::is_test: {
        BOOST_OUTCOME_TRY(infer(e.args_[0], env));
        return boolean(false);
    }
    case expr_kind::between: case expr_kind::in_list: case expr_kind::like: case expr_kind::regexp: {
        BOOST_OUTCOME_TRY(a, args());
        return boolean(any_nullable(a));
    }
    case expr_kind::in_subquery: case expr_kind::quantified: {
        BOOST_OUTCOME_TRY(infer(e.args_[0], env));
        return boolean(true);
    }
    case expr_kind::exists: return boolean(false);
    case expr_kind::interval: return infer(e.args_[0], env);  // the amount; only an operand of + and -
    case expr_kind::case_when: {
        BOOST_OUTCOME_TRY(a, args());
        std::vector<column_meta> results;
        const std::size_t first = e.has_operand_ ? 1 : 0;
        const std::size_t whens_end = e.args_.size() - (e.has_else_ ? 1 : 0);
        for (std::size_t i = first + 1; i < whens_end; i += 2) results.push_back(a[i]);
        if (e.has_else_) results.push_back(a.back());
        auto m = aggregate(results, env.collation());
        return with_nullable(m, !e.has_else_ || any_nullable(results));
    }
    case expr_kind::cast: {
        BOOST_OUTCOME_TRY(a, infer(e.args_[0], env));
        if (e.cast_.kind_ == cast_type::kind_t::json || e.cast_.kind_ == cast_type::kind_t::year)
            return unsupported(e.cast_.kind_ == cast_type::kind_t::json ? "CAST AS JSON" : "CAST AS YEAR");
        return cast_to(e.cast_, a, env);
    }
    case expr_kind::convert_using: {
        BOOST_OUTCOME_TRY(a, infer(e.args_[0], env));
        return make_string(char_length(a), charset_collation(e.name_, env.collation()), is_nullable(a));
    }
    case expr_kind::collate: {
        BOOST_OUTCOME_TRY(a, infer(e.args_[0], env));
        return a;
    }
    case expr_kind::func: return infer_function(e, env);
    case expr_kind::subquery: {
        // The environment resolves the subquery's columns too (it knows every table in scope).
        const select_stmt* q = e.query_.get();
        while (q && q->nested_) q = q->nested_.get();
        if (!q || q->items_.size() != 1) return sql_error{1241, "21000", "Operand should contain 1 column(s)"};
        if (q->items_.front().expr_.kind_ == expr_kind::star) return unsupported("SELECT * as a scalar subquery");
        BOOST_OUTCOME_TRY(m, infer(q->items_.front().expr_, env));
        return with_nullable(m, true);
    }
    case expr_kind::row: return sql_error{1241, "21000", "Operand should contain 1 column(s)"};
    case expr_kind::placeholder: return unsupported("? outside a prepared statement's LIMIT");
    default: break;
    }
    return unsupported("this expression");
}

}  // namespace qproxy::sql
