// Keyword spellings of the AST's enums, for the printers.
#include "parser/print_impl.hpp"

namespace qproxy::sql::detail {

std::string_view op_text(op o) {
    switch (o) {
        case op::assign: return ":=";
        case op::or_: return "OR";
        case op::xor_: return "XOR";
        case op::and_: return "AND";
        case op::eq: return "=";
        case op::null_safe_eq: return "<=>";
        case op::ge: return ">=";
        case op::gt: return ">";
        case op::le: return "<=";
        case op::lt: return "<";
        case op::ne: return "<>";
        case op::sounds_like: return "SOUNDS LIKE";
        case op::member_of: return "MEMBER OF";
        case op::bit_or: return "|";
        case op::bit_and: return "&";
        case op::shift_left: return "<<";
        case op::shift_right: return ">>";
        case op::add: return "+";
        case op::sub: return "-";
        case op::mul: return "*";
        case op::div: return "/";
        case op::int_div: return "DIV";
        case op::mod: return "%";
        case op::bit_xor: return "^";
        case op::json_extract: return "->";
        case op::json_unquote: return "->>";
        case op::not_: return "NOT";
        case op::neg: return "-";
        case op::plus: return "+";
        case op::bit_not: return "~";
        case op::binary_: return "BINARY";
        case op::none: break;
    }
    return "";
}

std::string_view unit_text(interval_unit u) {
    static constexpr std::string_view names[] = {
        "", "MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR",
        "SECOND_MICROSECOND", "MINUTE_MICROSECOND", "MINUTE_SECOND", "HOUR_MICROSECOND", "HOUR_SECOND",
        "HOUR_MINUTE", "DAY_MICROSECOND", "DAY_SECOND", "DAY_MINUTE", "DAY_HOUR", "YEAR_MONTH"};
    return names[static_cast<int>(u)];
}

std::string_view scope_text(var_scope s) {
    static constexpr std::string_view names[] = {"", "GLOBAL", "SESSION", "LOCAL", "PERSIST", "PERSIST_ONLY"};
    return names[static_cast<int>(s)];
}

std::string_view join_text(join_kind k) {
    static constexpr std::string_view names[] = {
        "JOIN", "CROSS JOIN", "LEFT JOIN", "RIGHT JOIN", "NATURAL JOIN", "NATURAL LEFT JOIN",
        "NATURAL RIGHT JOIN", "STRAIGHT_JOIN"};
    return names[static_cast<int>(k)];
}

std::string_view area_text(area_shape a) {
    static constexpr std::string_view names[] = {
        "qserv_areaspec_box", "qserv_areaspec_circle", "qserv_areaspec_ellipse", "qserv_areaspec_poly",
        "qserv_areaspec_hull"};
    return names[static_cast<int>(a)];
}

std::string_view type_text(type_name t) {
    static constexpr std::string_view names[] = {
        "BIT", "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "DECIMAL", "FLOAT", "DOUBLE", "BOOLEAN",
        "DATE", "DATETIME", "TIMESTAMP", "TIME", "YEAR",
        "CHAR", "VARCHAR", "BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB",
        "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET", "JSON",
        "GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
        "GEOMETRYCOLLECTION"};
    return names[static_cast<int>(t)];
}

std::string_view show_text(show_kind k) {
    static constexpr std::string_view names[] = {
        "DATABASES", "TABLES", "COLUMNS", "INDEX", "TABLE STATUS", "OPEN TABLES", "TRIGGERS", "EVENTS",
        "CREATE TABLE", "CREATE VIEW", "CREATE DATABASE", "VARIABLES", "STATUS", "WARNINGS", "ERRORS",
        "COUNT(*) WARNINGS", "COUNT(*) ERRORS", "COLLATION", "CHARACTER SET", "ENGINES", "ENGINE", "PLUGINS",
        "GRANTS", "PROCESSLIST", "PRIVILEGES", "PROCEDURE STATUS", "FUNCTION STATUS", "MASTER STATUS",
        "BINARY LOGS", "REPLICA STATUS", "PROFILES"};
    return names[static_cast<int>(k)];
}

std::string_view isolation_text(isolation_level l) {
    static constexpr std::string_view names[] = {
        "READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"};
    return names[static_cast<int>(l)];
}

}  // namespace qproxy::sql::detail
