// information_schema's tables as SQLite virtual tables in an attached
// schema named `information_schema`: declared with MySQL's column names and
// SQLite collations (NOCASE where MySQL's is case-insensitive), read-only,
// rows served from memory — except QUERIES, whose own module
// (query_tables.hpp) reads the query history.
#pragma once

#include "storage/live_queries.hpp"
#include "storage/schema_rows.hpp"
#include "storage/sqlite.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace qproxy::storage {

// What one query reads. The connection owning it refills it per query.
class schema_query_context {
public:
    // Catalog-derived rows, shared.
    std::shared_ptr<const schema_rows> rows;
    // Who asks (privilege rows, visibility); null: everything, no privilege rows.
    const account_store* accounts = nullptr;
    std::string user, host;
    // The executing queries and the history (PROCESSLIST, QUERIES).
    query_sources sources;

    // The rows of table t for this query, filtered by the viewer.
    const std::vector<schema_row>& rows_for(is_table t);
    // The executing queries sorted by id: one snapshot per query, so
    // PROCESSLIST and QUERIES agree within a statement.
    const std::vector<live_query>& live();
    // Whose queries the viewer sees: everyone's (nullopt) without a viewer
    // or with the PROCESS privilege, else only their own.
    std::optional<std::string_view> query_owner() const;
    void clear();

private:
    std::array<std::optional<std::vector<schema_row>>, is_table_count> per_query_;
    std::optional<std::vector<live_query>> live_;
};

// Registers the modules on db and creates every information_schema table as
// a virtual table in the (already attached) schema `information_schema`.
// context must outlive db.
[[nodiscard]] sql_status install_schema_tables(database& db, schema_query_context& context);

// For modules declaring an information_schema table: its CREATE TABLE for
// sqlite3_declare_vtab, and the xUpdate refusing every change. Having an
// xUpdate at all lets the authorizer see (and deny) writes, so they fail
// like any other forbidden statement.
std::string vtab_declaration(const table_info& t);
int read_only_update(sqlite3_vtab* vtab, int, sqlite3_value**, sqlite3_int64*);

}  // namespace qproxy::storage
