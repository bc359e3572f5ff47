// SHOW forms over the catalog: DATABASES, TABLES, COLUMNS/DESCRIBE, INDEX,
// TABLE STATUS, CREATE TABLE, CREATE DATABASE.
#include "proxy/session/statement_executor.hpp"

#include "czar/local_engine.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"

#include <fmt/format.h>

namespace qproxy::session {

namespace {

column_meta uint_column(std::string name, std::uint32_t length) {
    auto c = bigint_column(std::move(name), true);
    c.length = length;
    return c;
}

std::string table_type(const storage::table_info& t) {
    return t.kind == "system view" ? "SYSTEM VIEW" : "BASE TABLE";
}

}  // namespace

sql_result<result_set> statement_executor::show_tables(const sql::show_stmt& s) {
    using k = sql::show_kind;
    result_set rs;
    if (s.kind_ == k::databases) {
        auto name = s.like_ ? fmt::format("Database ({})", *s.like_) : std::string("Database");
        rs.columns = {text_column(name, 64)};
        for (const auto& db : server_.catalog.databases())
            if (server_.accounts.can_see_db(state_.user, state_.account_host, db.name)) rs.rows.push_back({db.name});
        return rs;
    }
    if (s.kind_ == k::create_database) {
        auto db = server_.catalog.find_database(s.db_);
        if (!db) return sql_error{er::bad_db, "42000", fmt::format("Unknown database '{}'", s.db_)};
        BOOST_OUTCOME_TRY(check_db_access(db->name));
        rs.columns = {text_column("Database", 64), text_column("Create Database", 1024)};
        rs.rows.push_back({db->name, fmt::format("CREATE DATABASE {}`{}` /*!40100 DEFAULT CHARACTER SET {} COLLATE {} */ "
                                                 "/*!80016 DEFAULT ENCRYPTION='N' */",
                                                 s.if_not_exists_ ? "/*!32312 IF NOT EXISTS*/ " : "", db->name,
                                                 db->charset, db->collation)});
        return rs;
    }
    if (s.kind_ == k::create_table || s.kind_ == k::index) {
        BOOST_OUTCOME_TRY(db, resolve_db(s.db_));
        BOOST_OUTCOME_TRY(check_db_access(db));
        auto t = server_.catalog.find_table(db, s.table_);
        if (!t) return sql_error{er::no_such_table, "42S02", fmt::format("Table '{}.{}' doesn't exist", db, s.table_)};
        if (s.kind_ == k::create_table) {
            rs.columns = {text_column("Table", 64), text_column("Create Table", 1024)};
            rs.rows.push_back({t->name, t->create_sql});
            return rs;
        }
        rs.columns = {text_column("Table", 64),         bigint_column("Non_unique"),   text_column("Key_name", 64),
                      uint_column("Seq_in_index", 10),  text_column("Column_name", 64), text_column("Collation", 1),
                      bigint_column("Cardinality"),     bigint_column("Sub_part"),     text_column("Packed", 10),
                      text_column("Null", 3),           text_column("Index_type", 16), text_column("Comment", 8),
                      text_column("Index_comment", 2048), text_column("Visible", 3), text_column("Expression", 64)};
        std::uint32_t seq = 0;
        for (const auto& c : t->columns) {
            if (c.key != "PRI") continue;
            rs.rows.push_back({t->name, std::string("0"), std::string("PRIMARY"), std::to_string(++seq), c.name,
                               std::string("A"), std::nullopt, std::nullopt, std::nullopt,
                               std::string(c.nullable ? "YES" : ""), std::string("BTREE"), std::string(""),
                               std::string(""), std::string("YES"), std::nullopt});
        }
        return rs;
    }
    BOOST_OUTCOME_TRY(db, resolve_db(s.db_));
    if (!server_.catalog.find_database(db)) return sql_error{er::bad_db, "42000", fmt::format("Unknown database '{}'", db)};
    BOOST_OUTCOME_TRY(check_db_access(db));
    auto tables = server_.catalog.tables(db);
    if (s.kind_ == k::tables) {
        auto name = fmt::format("Tables_in_{}{}", db, s.like_ ? fmt::format(" ({})", *s.like_) : "");
        rs.columns = {text_column(name, 64)};
        if (s.full_) rs.columns.push_back(text_column("Table_type", 64));
        for (const auto& t : tables) {
            rs.rows.push_back({t.name});
            if (s.full_) rs.rows.back().push_back(table_type(t));
        }
        return rs;
    }
    // TABLE STATUS
    rs.columns = {text_column("Name", 64),           text_column("Engine", 64),        uint_column("Version", 2),
                  text_column("Row_format", 10),     uint_column("Rows", 21),          uint_column("Avg_row_length", 21),
                  uint_column("Data_length", 21),    uint_column("Max_data_length", 21), uint_column("Index_length", 21),
                  uint_column("Data_free", 21),      uint_column("Auto_increment", 21), datetime_column("Create_time"),
                  datetime_column("Update_time"),    datetime_column("Check_time"),    text_column("Collation", 64),
                  bigint_column("Checksum"),         text_column("Create_options", 256), text_column("Comment", 2048)};
    for (const auto& t : tables)
        rs.rows.push_back({t.name, t.engine, std::string("10"), std::string("Dynamic"), std::string("0"), std::string("0"),
                           std::string("0"), std::string("0"), std::string("0"), std::string("0"), std::nullopt,
                           std::nullopt, std::nullopt, std::nullopt, std::string("utf8mb4_0900_ai_ci"), std::nullopt,
                           std::string(""), t.comment});
    return rs;
}

sql_result<result_set> statement_executor::show_columns(const sql::table_name& name, bool full, std::string_view text) {
    BOOST_OUTCOME_TRY(db, resolve_db(name.db_));
    BOOST_OUTCOME_TRY(check_db_access(db));
    auto t = server_.catalog.find_table(db, name.name_);
    if (!t) return sql_error{er::no_such_table, "42S02", fmt::format("Table '{}.{}' doesn't exist", db, name.name_)};
    result_set rs;
    rs.columns = {text_column("Field", 64), text_column("Type", 1024)};
    if (full) rs.columns.push_back(text_column("Collation", 64));
    for (auto* n : {"Null", "Key"}) rs.columns.push_back(text_column(n, 3));
    rs.columns.push_back(text_column("Default", 1024));
    rs.columns.push_back(text_column("Extra", 256));
    if (full) {
        rs.columns.push_back(text_column("Privileges", 1024));
        rs.columns.push_back(text_column("Comment", 2048));
    }
    for (const auto& c : t->columns) {
        row r{c.name, c.column_type};
        if (full) r.push_back(c.collation ? cell(*c.collation) : cell(std::nullopt));
        r.push_back(std::string(c.nullable ? "YES" : "NO"));
        r.push_back(c.key);
        r.push_back(c.default_value ? cell(*c.default_value) : cell(std::nullopt));
        r.push_back(c.extra);
        if (full) {
            r.push_back(std::string("select"));
            r.push_back(c.comment);
        }
        rs.rows.push_back(std::move(r));
    }
    return rs;
}

outcome statement_executor::exec_describe(const sql::describe_stmt& s, std::string_view text) {
    auto rs = show_columns(s.table_, false, text);
    if (rs.has_error()) return rs.error();
    if (!s.column_) return std::move(rs).value();
    // DESCRIBE t col: a LIKE pattern on the field name.
    auto filtered = czar::filter(std::move(rs).value(), nullptr, std::string_view(*s.column_), text, *view_);
    if (filtered.has_error()) return filtered.error();
    return std::move(filtered).value();
}

}  // namespace qproxy::session
