// The user variables one statement assigns (`@v := e`), while it runs. The
// printed SQL calls mysql_assign(site, e) and mysql_user_var(site, ?seed)
// (parser/print_sqlite.hpp, sqlite_variable_site); those functions find the
// store through a thread-local pointer, because the statement runs
// synchronously on the thread that installed the store — SQLite calls
// functions on the stepping thread, for the embedded engine's connections and
// storage's information_schema engine alike. The session sees the values only
// after the statement succeeded (hand_back), so a failing statement assigns
// nothing, as in MySQL.
#pragma once

#include "czar/local_engine.hpp"
#include "parser/print_sqlite.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace qproxy::czar {

class statement_variables {
public:
    // Installs the store on this thread until destruction (stores nest: the
    // previous one comes back). `sites` must outlive the store.
    explicit statement_variables(const std::vector<sql::sqlite_variable_site>& sites);
    ~statement_variables();
    statement_variables(const statement_variables&) = delete;
    statement_variables& operator=(const statement_variables&) = delete;

    // Gives the session every variable the statement assigned: its last value,
    // typed as the expression that assigned it.
    void hand_back(session_view& session) const;

    // The store of the statement running on this thread, or nullptr.
    [[nodiscard]] static statement_variables* current();

    // For the functions (udf::assign, udf::user_var); false when `site` is not one of
    // this statement's sites of the right kind.
    [[nodiscard]] bool assign(std::int64_t site, sqlite3_value* value);
    // The value assigned so far, converted for the read site's type; false
    // when none was (the caller returns the session's seed).
    [[nodiscard]] bool read(std::int64_t site, sqlite3_context* ctx) const;

private:
    struct assigned {
        std::string name;  // as the assignment spelled it
        cell value;        // MySQL text form
        column_meta type;
    };
    [[nodiscard]] const sql::sqlite_variable_site* site(std::int64_t i, bool assigns) const;

    const std::vector<sql::sqlite_variable_site>& sites_;
    std::map<std::string, assigned> values_;  // by lower-cased name
    statement_variables* previous_;
};

}  // namespace qproxy::czar
