// The MySQL functions the embedded engine adds to SQLite. The SQLite printer
// (parser/print_sqlite) emits calls to exactly these names; this is the one
// table that says what each name means.
#pragma once

#include "parser/error.hpp"

#include <sqlite3.h>

#include <span>
#include <string_view>

namespace qproxy::czar {

struct registered_function {
    std::string_view name;   // SQL name on the SQLite side ("mysql_left")
    int min_args = 0;
    int max_args = 0;        // -1: any number from min_args
    bool deterministic = true;
    void (*scalar)(sqlite3_context*, int, sqlite3_value**) = nullptr;
    void (*step)(sqlite3_context*, int, sqlite3_value**) = nullptr;  // aggregates
    void (*final)(sqlite3_context*) = nullptr;
    bool all_ones = false;   // BIT_AND's identity (passed as user data)
};

// Every function register_mysql_functions() installs, scalar and aggregate.
std::span<const registered_function> mysql_functions();

// Installs the functions and the mysql_ci collation on a connection. The czar
// also installs them as an SQLite auto-extension when the program starts, so
// every connection the process opens (the embedded engine's, storage's
// information_schema connections) runs the printed SQL.
[[nodiscard]] sql_status register_mysql_functions(sqlite3* db);

}  // namespace qproxy::czar
