// information_schema.PROCESSLIST and QUERIES: Qserv's live tables over the
// czar's executing queries and the query history (ASYNC_API.md). PROCESSLIST
// is small and served as ordinary rows; QUERIES may hold 100,000s of rows
// and is its own virtual-table module that reads history.sqlite3 directly,
// turning constraints on ID into a point lookup or an id range.
#pragma once

#include "storage/live_queries.hpp"
#include "storage/schema_rows.hpp"
#include "storage/sqlite.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace qproxy::storage {

class schema_query_context;

// PROCESSLIST's rows; with owner, only that user's queries.
std::vector<schema_row> processlist_rows(std::span<const live_query> live, std::optional<std::string_view> owner);

// The module creating QUERIES; registered on db, it reads the history and the
// live progress from context (which must outlive db).
inline constexpr std::string_view queries_module = "qproxy_queries";
[[nodiscard]] sql_status register_queries_module(database& db, schema_query_context& context);

}  // namespace qproxy::storage
