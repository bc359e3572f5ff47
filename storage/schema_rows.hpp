// The rows of information_schema, as SQLite values. Catalog-derived rows
// are built once per catalog change and shared, immutable, by every query;
// privilege rows depend on who asks and are built per query.
#pragma once

#include "storage/information_schema.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace qproxy::storage {

class account_store;

using schema_value = std::variant<std::monostate, std::int64_t, double, std::string>;  // monostate: NULL
using schema_row = std::vector<schema_value>;

struct schema_rows {
    std::array<std::vector<schema_row>, is_table_count> tables;
};

// databases and tables are the user's (information_schema's own entries
// are added here); create_time stands in for CREATE_TIME where the catalog
// keeps none ("YYYY-MM-DD hh:mm:ss").
std::shared_ptr<const schema_rows> build_schema_rows(std::span<const database_info> databases,
                                                     std::span<const table_info> tables,
                                                     std::string_view create_time);

// USER_ / SCHEMA_ / TABLE_ / COLUMN_PRIVILEGES for the account user@host:
// its own grants, or everyone's when it holds CREATE USER (MySQL shows all
// to those who may read the grant tables).
std::vector<schema_row> privilege_rows(is_table t, const account_store& accounts, std::string_view user,
                                       std::string_view host);

}  // namespace qproxy::storage
