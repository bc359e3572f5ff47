// Operator precedence and associativity, checked against MySQL 8.0's documented table
// (https://dev.mysql.com/doc/refman/8.0/en/operator-precedence.html) by printing every
// operator node fully parenthesised.
#include "test_util.hpp"

using namespace qproxy;
using namespace qproxy::sql;
using namespace qproxy::sql::test;

namespace {

std::string full(const expr& e);

std::string full_args(const expr& e, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < e.args_.size(); ++i) out += (i > from ? ", " : "") + full(e.args_[i]);
    return out;
}

// Every operator application in parentheses; leaves as the canonical printer prints them.
std::string full(const expr& e) {
    const auto& a = e.args_;
    switch (e.kind_) {
        case expr_kind::binary: {
            static const std::pair<qproxy::sql::op, const char*> names[] = {
                {op::assign, ":="}, {op::or_, "OR"}, {op::xor_, "XOR"}, {op::and_, "AND"}, {op::eq, "="},
                {op::null_safe_eq, "<=>"}, {op::ge, ">="}, {op::gt, ">"}, {op::le, "<="}, {op::lt, "<"},
                {op::ne, "<>"}, {op::sounds_like, "SOUNDS LIKE"}, {op::member_of, "MEMBER OF"},
                {op::bit_or, "|"}, {op::bit_and, "&"}, {op::shift_left, "<<"}, {op::shift_right, ">>"},
                {op::add, "+"}, {op::sub, "-"}, {op::mul, "*"}, {op::div, "/"}, {op::int_div, "DIV"},
                {op::mod, "%"}, {op::bit_xor, "^"}, {op::json_extract, "->"}, {op::json_unquote, "->>"}};
            for (auto& [o, text] : names) {
                if (o != e.op_) continue;
                std::string out = "(" + full(a[0]);
                for (std::size_t i = 1; i < a.size(); ++i) out += std::string(" ") + text + " " + full(a[i]);
                return out + ")";
            }
            return to_mysql(e);
        }
        case expr_kind::unary: {
            const char* text = e.op_ == op::not_ ? "NOT " : e.op_ == op::neg ? "-" : e.op_ == op::plus ? "+"
                             : e.op_ == op::bit_not ? "~" : "BINARY ";
            return "(" + std::string(text) + full(a[0]) + ")";
        }
        case expr_kind::is_test: {
            const char* t = e.truth_ == truth::null_ ? "NULL" : e.truth_ == truth::true_ ? "TRUE"
                          : e.truth_ == truth::false_ ? "FALSE" : "UNKNOWN";
            return "(" + full(a[0]) + (e.negated_ ? " IS NOT " : " IS ") + t + ")";
        }
        case expr_kind::between:
            return "(" + full(a[0]) + (e.negated_ ? " NOT BETWEEN " : " BETWEEN ") + full(a[1]) + " AND " +
                   full(a[2]) + ")";
        case expr_kind::in_list:
            return "(" + full(a[0]) + (e.negated_ ? " NOT IN (" : " IN (") + full_args(e, 1) + "))";
        case expr_kind::like:
            return "(" + full(a[0]) + (e.negated_ ? " NOT LIKE " : " LIKE ") + full(a[1]) +
                   (a.size() > 2 ? " ESCAPE " + full(a[2]) : "") + ")";
        case expr_kind::regexp:
            return "(" + full(a[0]) + (e.negated_ ? " NOT REGEXP " : " REGEXP ") + full(a[1]) + ")";
        case expr_kind::collate: return "(" + full(a[0]) + " COLLATE " + e.name_ + ")";
        case expr_kind::interval: return "INTERVAL " + full(a[0]) + " " + to_mysql(e).substr(to_mysql(e).rfind(' ') + 1);
        default: return to_mysql(e);
    }
}

std::string parens(std::string_view sql) { return full(select_expr(sql)); }

}  // namespace

TEST_CASE("precedence: MySQL 8.0's table, level by level", "[parser][precedence]") {
    const std::pair<const char*, const char*> cases[] = {
        // arithmetic and bit operators
        {"1 + 2 * 3", "(1 + (2 * 3))"},
        {"1 * 2 + 3", "((1 * 2) + 3)"},
        {"1 - 2 - 3", "((1 - 2) - 3)"},
        {"1 / 2 * 3", "((1 / 2) * 3)"},
        {"7 DIV 2 MOD 3 % 4", "(((7 DIV 2) % 3) % 4)"},
        {"1 + 2 ^ 3 * 4", "(1 + ((2 ^ 3) * 4))"},
        {"- 2 ^ 2", "((-2) ^ 2)"},
        {"-a * b", "((-a) * b)"},
        {"~a ^ b", "((~a) ^ b)"},
        {"a | b & c", "(a | (b & c))"},
        {"a & b << c", "(a & (b << c))"},
        {"a << b + c", "(a << (b + c))"},
        {"a >> b >> c", "((a >> b) >> c)"},
        {"a | b ^ c & d", "(a | ((b ^ c) & d))"},
        // comparison, IS, predicates
        {"a = b + 1", "(a = (b + 1))"},
        {"a = b = c", "((a = b) = c)"},
        {"a < b <> c", "((a < b) <> c)"},
        {"a <=> b IS NULL", "((a <=> b) IS NULL)"},
        {"a IS NOT NULL = b", "((a IS NOT NULL) = b)"},
        {"a = b LIKE c", "(a = (b LIKE c))"},
        {"a LIKE b = c", "((a LIKE b) = c)"},
        {"a = b BETWEEN c AND d", "(a = (b BETWEEN c AND d))"},
        {"a IN (1, 2) = b", "((a IN (1, 2)) = b)"},
        {"a | b IN (1)", "((a | b) IN (1))"},
        {"a + 1 BETWEEN b AND c + 1", "((a + 1) BETWEEN b AND (c + 1))"},
        {"a BETWEEN b AND c BETWEEN d AND e", "(a BETWEEN b AND (c BETWEEN d AND e))"},
        {"a NOT LIKE b ESCAPE c", "(a NOT LIKE b ESCAPE c)"},
        {"a REGEXP b | c", "(a REGEXP (b | c))"},
        {"a NOT REGEXP b", "(a NOT REGEXP b)"},
        {"a RLIKE b", "(a REGEXP b)"},
        {"a = b IS TRUE", "((a = b) IS TRUE)"},
        {"a IS NULL IS NOT UNKNOWN", "((a IS NULL) IS NOT UNKNOWN)"},
        // NOT, !, logical operators
        {"NOT a = b", "(NOT (a = b))"},
        {"NOT a AND b", "((NOT a) AND b)"},
        {"NOT a IS TRUE", "(NOT (a IS TRUE))"},
        {"NOT NOT a", "(NOT (NOT a))"},
        {"!a = b", "((NOT a) = b)"},
        {"!a IS NULL", "((NOT a) IS NULL)"},
        {"! a + 1", "((NOT a) + 1)"},
        {"a OR b AND c", "(a OR (b AND c))"},
        {"a AND b OR c", "((a AND b) OR c)"},
        {"a XOR b AND c", "(a XOR (b AND c))"},
        {"a OR b XOR c", "(a OR (b XOR c))"},
        {"a || b && c", "(a OR (b AND c))"},
        {"a && b || c && d", "((a AND b) OR (c AND d))"},
        {"x BETWEEN 1 AND 2 AND y", "((x BETWEEN 1 AND 2) AND y)"},
        {"x NOT BETWEEN 1 AND 2 OR y", "((x NOT BETWEEN 1 AND 2) OR y)"},
        {"a OR b OR c", "((a OR b) OR c)"},
        {"(a OR b) OR (c OR d)", "((a OR b) OR (c OR d))"},
        {"a XOR b XOR c", "((a XOR b) XOR c)"},
        // BINARY, COLLATE, INTERVAL, assignment
        {"BINARY a = b", "((BINARY a) = b)"},
        {"-a COLLATE utf8mb4_bin", "(-(a COLLATE utf8mb4_bin))"},
        {"a COLLATE x = b", "((a COLLATE x) = b)"},
        {"d + INTERVAL 1 DAY", "(d + INTERVAL 1 DAY)"},
        {"d - INTERVAL 1 + 1 HOUR * 2", "((d - INTERVAL (1 + 1) HOUR) * 2)"},
        {"INTERVAL 1 DAY + d", "(INTERVAL 1 DAY + d)"},
        {"@a := 1 + 2", "(@a := (1 + 2))"},
        {"1 + @a := 2 OR 3", "(1 + (@a := (2 OR 3)))"},
    };
    for (auto& [sql, expected] : cases) {
        INFO(sql);
        CHECK(parens(sql) == expected);
    }
}

TEST_CASE("precedence: the printer adds exactly the parentheses the tree needs", "[parser][precedence]") {
    const std::pair<const char*, const char*> cases[] = {
        {"(1 + 2) * 3", "(1 + 2) * 3"},
        {"1 + (2 * 3)", "1 + 2 * 3"},
        {"1 - (2 - 3)", "1 - (2 - 3)"},
        {"(a OR b) AND c", "(a OR b) AND c"},
        {"NOT (a AND b)", "NOT (a AND b)"},
        {"(NOT a) = b", "(NOT a) = b"},
        {"!a = b", "(NOT a) = b"},
        {"-(-1)", "- -1"},
        {"(a = b) = c", "a = b = c"},
        {"a = (b = c)", "a = (b = c)"},
        {"(a BETWEEN 1 AND 2) BETWEEN 3 AND 4", "(a BETWEEN 1 AND 2) BETWEEN 3 AND 4"},
        {"(-a) COLLATE x", "(-a) COLLATE x"},
        {"a LIKE (b + 1)", "a LIKE (b + 1)"},
        {"x * (INTERVAL 1 DAY + d)", "x * (INTERVAL 1 DAY + d)"},
        {"(@a := 1) + 2", "(@a := 1) + 2"},
        {"a IN ((SELECT 1), 2)", "a IN ((SELECT 1), 2)"},
        {"a IN (SELECT 1)", "a IN (SELECT 1)"},
        {"((SELECT 1)) + 1", "(SELECT 1) + 1"},
        {"(a, b) = (1, 2)", "(a, b) = (1, 2)"},
        {"a = ANY (SELECT b FROM t)", "a = ANY (SELECT b FROM t)"},
        {"a <> SOME (SELECT b FROM t)", "a <> ANY (SELECT b FROM t)"},
        {"a >= ALL (SELECT b FROM t)", "a >= ALL (SELECT b FROM t)"},
    };
    for (auto& [sql, expected] : cases) {
        INFO(sql);
        CHECK(to_mysql(select_expr(sql)) == expected);
    }
}
