// Expressions as SQLite text with MySQL's meaning: literals, operators,
// comparisons, CASE and CAST. Calls are in print_sqlite_functions.cpp, SELECT
// in print_sqlite_select.cpp.
#include "parser/print_sqlite_impl.hpp"

#include "parser/parser.hpp"

#include <fmt/format.h>

#include <charconv>

namespace qproxy::sql {

std::string sqlite_quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

sql_result<sqlite_query> to_sqlite(const expr& e, const sqlite_print_options& options) {
    sqlite_printer::printer p(options);
    p.find_assignments(e);
    PRINT_TRY(p.value(e));
    return p.take();
}

namespace sqlite_printer {

namespace {

std::string hex_blob(std::string_view bytes) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out = "X'";
    for (unsigned char c : bytes) out += {digits[c >> 4], digits[c & 15]};
    return out + "'";
}

// The bytes of X'…' (hex digits) or B'…' (binary digits).
std::string literal_bytes(const expr& e) {
    std::string bytes;
    if (e.kind_ == expr_kind::hex_lit) {
        const std::string digits = e.text_.size() % 2 ? "0" + e.text_ : e.text_;
        for (std::size_t i = 0; i < digits.size(); i += 2) bytes += static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16));
        return bytes;
    }
    std::string bits = std::string((8 - e.text_.size() % 8) % 8, '0') + e.text_;
    for (std::size_t i = 0; i < bits.size(); i += 8) bytes += static_cast<char>(std::stoi(bits.substr(i, 8), nullptr, 2));
    return bytes;
}

// An int64 as SQLite reads it back exactly (SQLite cannot parse -9223372036854775808 directly).
std::string int64_literal(std::int64_t v) {
    if (v == INT64_MIN) return "(-9223372036854775807 - 1)";
    return v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v);
}

}  // namespace

std::string_view collation_for(const column_meta& m) {
    const bool no_pad = m.charset >= 255 && m.charset <= 323;  // the utf8mb4_*0900* collations
    return no_pad ? "mysql_ci" : "mysql_ci_pad";
}

void printer::literal(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) {
        out("CAST(" + hex_blob(text) + " AS TEXT)");
        return;
    }
    std::string q = "'";
    for (char c : text) {
        if (c == '\'') q += '\'';
        q += c;
    }
    out(q + "'");
}

sql_status printer::session_value(const expr& e) {
    if (!options_.bindings) return unsupported(to_mysql(e));
    BOOST_OUTCOME_TRY(value, options_.bindings->value_of(e));
    BOOST_OUTCOME_TRY(meta, type(e));
    query_.params.push_back({std::move(value), std::move(meta)});
    out("?" + std::to_string(query_.params.size()));
    return ok();
}

sql_status printer::value(const expr& e) {
    switch (e.kind_) {
    case expr_kind::null_lit: out("NULL"); return ok();
    case expr_kind::bool_lit: out(e.value_ ? "1" : "0"); return ok();
    case expr_kind::int_lit: {
        std::uint64_t v = 0;
        const auto [p, ec] = std::from_chars(e.text_.data(), e.text_.data() + e.text_.size(), v);
        if (ec != std::errc() || p != e.text_.data() + e.text_.size()) out(e.text_ + ".0");  // beyond BIGINT UNSIGNED: DECIMAL
        else out(int64_literal(static_cast<std::int64_t>(v)));  // BIGINT UNSIGNED keeps its 64 bits
        return ok();
    }
    case expr_kind::decimal_lit: {
        std::string t = e.text_;
        if (t.front() == '.') t.insert(t.begin(), '0');
        if (t.back() == '.') t += '0';
        out(t);
        return ok();
    }
    case expr_kind::float_lit: out(e.text_); return ok();
    case expr_kind::string_lit:
        if (e.name_ == "binary") out(hex_blob(e.text_));
        else literal(e.text_);
        return ok();
    case expr_kind::hex_lit:
    case expr_kind::bit_lit:
        if (!e.name_.empty() && e.name_ != "binary") literal(literal_bytes(e));
        else out(hex_blob(literal_bytes(e)));
        return ok();
    case expr_kind::temporal_lit: {
        const char* f = e.temporal_ == temporal::date ? "mysql_to_date(" : e.temporal_ == temporal::time ? "mysql_to_time(" : "mysql_to_datetime(";
        out(f);
        literal(e.text_);
        out(")");
        return ok();
    }
    case expr_kind::column:
        PRINT_TRY(type(e));  // unknown columns are reported as MySQL does
        if (!e.table_.empty()) out(sqlite_quote_identifier(e.table_) + ".");
        out(sqlite_quote_identifier(e.name_));
        return ok();
    case expr_kind::user_var: return user_variable(e);
    case expr_kind::sys_var: return session_value(e);
    case expr_kind::unary: {
        PRINT_TRY(type(e));
        switch (e.op_) {
        case op::neg: {
            // -9223372036854775808 is a BIGINT; larger literals negate as DECIMAL.
            const expr& a = e.args_[0];
            const bool beyond_bigint = a.kind_ == expr_kind::int_lit &&
                                       (a.text_.size() > 19 || (a.text_.size() == 19 && a.text_ > "9223372036854775807"));
            if (beyond_bigint) {
                out(a.text_ == "9223372036854775808" ? int64_literal(INT64_MIN) : "(-" + a.text_ + ".0)");
                return ok();
            }
            out("(- ");
            PRINT_TRY(number(e.args_[0]));
            out(")");
            return ok();
        }
        case op::plus: return value(e.args_[0]);
        case op::not_: out("(NOT "); PRINT_TRY(value(e.args_[0])); out(")"); return ok();
        case op::bit_not: out("mysql_bitnot("); PRINT_TRY(integer(e.args_[0])); out(")"); return ok();
        case op::binary_: out("CAST("); PRINT_TRY(string(e.args_[0])); out(" AS BLOB)"); return ok();
        default: return unsupported(to_mysql(e));
        }
    }
    case expr_kind::binary: return binary(e);
    case expr_kind::is_test: {
        static constexpr std::string_view tests[] = {"NULL", "TRUE", "FALSE", "NULL"};
        out("(");
        PRINT_TRY(value(e.args_[0]));
        out(fmt::format(" IS {}{})", e.negated_ ? "NOT " : "", tests[static_cast<int>(e.truth_)]));
        return ok();
    }
    case expr_kind::between:
        out(e.negated_ ? "(NOT (" : "((");
        PRINT_TRY(compare(op::ge, e.args_[0], e.args_[1]));
        out(" AND ");
        PRINT_TRY(compare(op::le, e.args_[0], e.args_[2]));
        out("))");
        return ok();
    case expr_kind::in_list: return in_list(e);
    case expr_kind::like:
        out(e.negated_ ? "(NOT mysql_like(" : "(mysql_like(");
        for (std::size_t i = 0; i < e.args_.size(); ++i) {
            if (i) out(", ");
            PRINT_TRY(string(e.args_[i]));
        }
        out("))");
        return ok();
    case expr_kind::regexp:
        out(e.negated_ ? "(NOT mysql_regexp(" : "(mysql_regexp(");
        PRINT_TRY(string(e.args_[0]));
        out(", ");
        PRINT_TRY(string(e.args_[1]));
        out("))");
        return ok();
    case expr_kind::case_when: return case_when(e);
    case expr_kind::cast: return cast(e);
    case expr_kind::convert_using: {
        PRINT_TRY(type(e));
        out("CAST(");
        PRINT_TRY(string(e.args_[0]));
        out(e.name_ == "binary" ? " AS BLOB)" : " AS TEXT)");
        return ok();
    }
    case expr_kind::collate: {
        const bool binary = e.name_ == "binary" || e.name_.ends_with("_bin");
        out("(");
        PRINT_TRY(value(e.args_[0]));
        out(binary ? " COLLATE BINARY)" : fmt::format(" COLLATE {})", e.name_.find("0900") != std::string::npos ? "mysql_ci" : "mysql_ci_pad"));
        return ok();
    }
    case expr_kind::func: return function(e);
    case expr_kind::exists:
        out("EXISTS (");
        PRINT_TRY(select(*e.query_));
        out(")");
        return ok();
    case expr_kind::subquery:
        out("(");
        PRINT_TRY(select(*e.query_));
        out(")");
        return ok();
    case expr_kind::in_subquery:
        out("(");
        PRINT_TRY(value(e.args_[0]));
        out(e.negated_ ? " NOT IN (" : " IN (");
        PRINT_TRY(select(*e.query_));
        out("))");
        return ok();
    case expr_kind::row:
        out("(");
        for (std::size_t i = 0; i < e.args_.size(); ++i) {
            if (i) out(", ");
            PRINT_TRY(value(e.args_[i]));
        }
        out(")");
        return ok();
    case expr_kind::interval: return unsupported("INTERVAL outside date arithmetic");
    case expr_kind::quantified: return unsupported("ANY/ALL subqueries");
    case expr_kind::placeholder: return unsupported("?");
    case expr_kind::areaspec: return unsupported("qserv_areaspec outside a partitioned query");
    default: return unsupported(to_mysql(e));
    }
}

sql_status printer::string(const expr& e) {
    BOOST_OUTCOME_TRY(m, type(e));
    if (e.kind_ == expr_kind::hex_lit || e.kind_ == expr_kind::bit_lit) return value(e);
    const char* wrap = is_decimal_type(m)                        ? "mysql_format_decimal("
                       : is_real_type(m)                         ? "mysql_format_double("
                       : is_integer_type(m) && is_unsigned(m)    ? "mysql_format_unsigned("
                                                                 : nullptr;
    if (!wrap) return value(e);
    out(wrap);
    PRINT_TRY(value(e));
    out(is_decimal_type(m) ? fmt::format(", {})", m.decimals) : std::string(")"));
    return ok();
}

sql_status printer::number(const expr& e) {
    BOOST_OUTCOME_TRY(m, type(e));
    if ((e.kind_ == expr_kind::hex_lit || e.kind_ == expr_kind::bit_lit) && e.name_.empty()) {
        std::uint64_t v = 0;
        for (unsigned char c : literal_bytes(e)) v = (v << 8) | c;
        out(std::to_string(static_cast<std::int64_t>(v)));
        return ok();
    }
    if (is_temporal_type(m)) {
        out("mysql_temporal_number(");
        PRINT_TRY(value(e));
        out(")");
        return ok();
    }
    return value(e);
}

sql_status printer::integer(const expr& e) {
    BOOST_OUTCOME_TRY(m, type(e));
    if (!is_decimal_type(m)) return number(e);
    out("mysql_round(");
    PRINT_TRY(value(e));
    out(", 0, 1)");
    return ok();
}

sql_status printer::as_type(const expr& e, const column_meta& result) {
    return is_string_type(result) ? string(e) : value(e);
}

}  // namespace sqlite_printer
}  // namespace qproxy::sql
