// From a validated SELECT to what the dispatcher runs: the chunks to visit,
// the SQLite text each chunk runs, the merge, and the result's MySQL columns.
#pragma once

#include "czar/local_engine.hpp"
#include "czar/partial_pack.hpp"
#include "parser/print_sqlite.hpp"
#include "storage/schema_types.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace qproxy::storage {
class catalog;
}

namespace qproxy::czar {

// What the planner asks of the chunk store: which chunks hold data, and the
// director index.
class chunk_index {
public:
    virtual ~chunk_index() = default;
    [[nodiscard]] virtual std::vector<std::int32_t> all_chunks(std::string_view db) const = 0;
    // Chunks of the director rows with these keys (MySQL text), unknown keys skipped.
    [[nodiscard]] virtual sql_result<std::vector<std::int32_t>> chunks_of_keys(const storage::table_info& director,
                                                                              std::span<const std::string> keys) const = 0;
    // Chunks of the director rows with lo <= key <= hi (numeric keys).
    [[nodiscard]] virtual sql_result<std::vector<std::int32_t>> chunks_of_range(const storage::table_info& director,
                                                                               double lo, double hi) const = 0;
    // The database's published load (storage/catalog.hpp, "Loads"): noted
    // before the chunk lists and the director index are read.
    [[nodiscard]] virtual std::int64_t published_load(std::string_view db) const = 0;
};

// Qserv's placeholder chunk: child rows whose director row is unknown live there.
inline constexpr std::int32_t dummy_chunk = 1234567890;

struct query_plan {
    // The database whose chunks are visited; empty when the query reads only
    // replicated tables (it then runs once).
    std::string db;
    std::vector<std::int32_t> chunks;
    // Databases whose replicated tables the query reads, attached in this order.
    std::vector<std::string> replicated_dbs;
    // The query's snapshot (czar/snapshot.hpp): the published load of db (0
    // without one), then of each of replicated_dbs, noted before the chunks
    // were chosen; and chunk_query reading only rows numbered up to them.
    std::vector<std::int64_t> loads;
    std::string snapshot_text;
    sql::sqlite_query chunk_query;
    std::size_t chunk_columns = 0;
    // The columns of `partial` from the chunk rows (czar/partial_pack.hpp); empty: the same columns.
    std::vector<partial_source> partial_sources;
    // Over the chunks' rows in table `partial` (c0…): the result. Empty: the
    // chunks' rows are the result (first `visible` columns, from `offset`, at most `limit`).
    std::optional<sql::sqlite_query> merge_query;
    std::size_t visible = 0;
    std::uint64_t offset = 0;
    std::optional<std::uint64_t> limit;
    std::vector<column_meta> columns;  // the result, as MySQL reports it
    std::vector<std::string> dbs;      // every database read, for the history
};

// Every table a SELECT names: FROM trees, derived tables, unions and the
// subqueries of its expressions.
[[nodiscard]] std::vector<const sql::table_ref*> referenced_tables(const sql::select_stmt& s);

// True when the SELECT reads a partitioned table or qserv_result, i.e. needs the czar.
[[nodiscard]] bool reads_partitioned(const sql::select_stmt& s, std::string_view current_db,
                                     const storage::catalog& catalog);

// Names are checked against the catalog with MySQL's errors (1049, 1146, 1054, 1052).
[[nodiscard]] sql_result<query_plan> plan_select(const sql::select_stmt& s, session_view& session,
                                                 const storage::catalog& catalog, const chunk_index& index);

}  // namespace qproxy::czar
