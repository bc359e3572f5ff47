// A SELECT or an expression as SQLite text with MySQL's meaning. What SQLite
// lacks is printed as calls to the functions the embedded engine registers
// (czar/functions.cpp lists them: mysql_left, mysql_like, …); what cannot keep
// its meaning is refused with 1235 naming the construct. Values from outside
// the statement (@@vars, @vars, DATABASE(), NOW(), …) become SQL parameters,
// except the @vars the statement itself assigns (sqlite_variable_site below).
//
// How values travel: integers as INTEGER (BIGINT UNSIGNED keeps its 64 bits,
// read back through the column type), DECIMAL and DOUBLE as REAL (the column
// type restores MySQL's text), strings as TEXT, binary strings as BLOB,
// temporal values as their MySQL text. Strings compare through the mysql_ci
// collation (case- and accent-insensitive as utf8mb4_0900_ai_ci).
#pragma once

#include "parser/ast_select.hpp"
#include "parser/typing.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::sql {

// A parameter of the printed text (?1, ?2, … in order).
struct sqlite_param {
    cell value;        // MySQL text form; nullopt is NULL
    column_meta type;  // how to bind it (see above)
};

// Values the statement reads from its session.
class sqlite_bindings {
public:
    virtual ~sqlite_bindings() = default;
    // The value of @@var, @var, or a session function call (DATABASE(), USER(),
    // CURRENT_USER(), CONNECTION_ID(), LAST_INSERT_ID(), FOUND_ROWS(), ROW_COUNT(),
    // VERSION(), NOW()/CURDATE()/CURTIME()/UTC_*()/UNIX_TIMESTAMP()/SYSDATE() at
    // the statement's start, with the call's fsp), in MySQL text form.
    [[nodiscard]] virtual sql_result<cell> value_of(const expr& e) const = 0;
    // The session time zone: "SYSTEM" or "+hh:mm" (FROM_UNIXTIME, UNIX_TIMESTAMP(d)).
    [[nodiscard]] virtual std::string time_zone() const = 0;
};

struct sqlite_print_options {
    const type_env* types = nullptr;             // required: column and variable types
    const sqlite_bindings* bindings = nullptr;   // null: session values are refused (1235)
    // MySQL [db.]table → the SQLite name to print (quoted as needed); default: "db"."table".
    std::function<std::string(std::string_view db, std::string_view table)> table_name;
};

// A use of a user variable the statement assigns (`@v := e`): the assignment,
// or a read of such a @v, which must see the value assigned earlier in the
// same row rather than a parameter fixed at the start. The printed text calls
// mysql_assign(site, e) and mysql_user_var(site, ?seed), `site` being the
// position here; the engine keeps the values in a per-statement store
// (czar/statement_variables.hpp) and hands the last ones to the session.
struct sqlite_variable_site {
    std::string name;     // as written; user variables are case-insensitive
    column_meta type;     // an assignment: e's type; a read: @v's type at the statement's start
    bool assigns = false;
};

// Where the text names a table (a FROM table, printed through table_name):
// text[offset, offset + length) is the name; `aliased` when " AS alias"
// follows. db and table as the statement wrote them (db may be empty).
struct sqlite_table_site {
    std::size_t offset = 0, length = 0;
    std::string db, table;
    bool aliased = false;
};

struct sqlite_query {
    std::string text;
    std::vector<sqlite_param> params;
    std::vector<sqlite_variable_site> variables;
    std::vector<sqlite_table_site> tables;  // in text order
};

[[nodiscard]] sql_result<sqlite_query> to_sqlite(const select_stmt& s, const sqlite_print_options& options);
[[nodiscard]] sql_result<sqlite_query> to_sqlite(const expr& e, const sqlite_print_options& options);

// Every function name the printer may emit that SQLite does not define itself;
// the embedded engine must register each one (checked by the tests).
[[nodiscard]] const std::vector<std::string_view>& sqlite_extension_functions();

// "name" quoted for SQLite ("a""b" for a"b).
[[nodiscard]] std::string sqlite_quote_identifier(std::string_view name);

}  // namespace qproxy::sql
