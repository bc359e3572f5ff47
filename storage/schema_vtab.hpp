// information_schema's tables as SQLite virtual tables in an attached
// schema named `information_schema`: declared with MySQL's column names and
// SQLite collations (NOCASE where MySQL's is case-insensitive), read-only,
// rows served from memory. Later issues add live tables (PROCESSLIST,
// QUERIES) the same way: a module plus a CREATE VIRTUAL TABLE.
#pragma once

#include "storage/schema_rows.hpp"
#include "storage/sqlite.hpp"

#include <functional>
#include <optional>

namespace qproxy::storage {

// What one query reads. The connection owning it refills it per query.
class schema_query_context {
public:
    // Catalog-derived rows, shared.
    std::shared_ptr<const schema_rows> rows;
    // Who asks (privilege rows, visibility); null: everything, no privilege rows.
    const account_store* accounts = nullptr;
    std::string user, host;

    // The rows of table t for this query, filtered by the viewer.
    const std::vector<schema_row>& rows_for(is_table t);
    void clear();

private:
    std::array<std::optional<std::vector<schema_row>>, is_table_count> per_query_;
};

// Registers the module on db and creates every information_schema table as a
// virtual table in the (already attached) schema `information_schema`.
// context must outlive db.
[[nodiscard]] sql_status install_schema_tables(database& db, schema_query_context& context);

}  // namespace qproxy::storage
