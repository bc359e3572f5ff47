// The catalog the session answers metadata from: databases, their tables
// (replicated, director, child) and the chunks holding their rows, plus
// information_schema. State lives in system.sqlite3 and is mirrored in memory
// at open: reads never touch disk, changes write through. Thread-safe.
//
// The catalog keeps metadata only. Creating or dropping a table or database
// together with its embedded rows goes through chunk_store, which calls the
// catalog and then changes the files.
#pragma once

#include "parser/types.hpp"
#include "storage/live_queries.hpp"
#include "storage/schema_query.hpp"
#include "storage/schema_types.hpp"
#include "storage/sqlite.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::storage {

class catalog {
public:
    [[nodiscard]] static sql_result<std::unique_ptr<catalog>> open(const std::filesystem::path& data_dir);
    ~catalog();
    catalog(const catalog&) = delete;
    catalog& operator=(const catalog&) = delete;

    // information_schema first, then the rest by name (SHOW DATABASES order).
    std::vector<database_info> databases() const;
    std::optional<database_info> find_database(std::string_view name) const;
    // information_schema's own tables are listed too (kind "system view").
    std::vector<table_info> tables(std::string_view db) const;
    // Names are case-sensitive, except information_schema's (database and
    // table names alike), as in MySQL on Linux.
    std::optional<table_info> find_table(std::string_view db, std::string_view table) const;

    // 1007 "Can't create database 'x'; database exists" unless if_not_exists
    // (existed tells the caller to warn). New databases are utf8mb4.
    [[nodiscard]] sql_status create_database(std::string_view name, bool if_not_exists, bool& existed);
    // 1008 "Can't drop database 'x'; database doesn't exist" unless if_exists;
    // information_schema cannot be dropped (1044). Drops its tables and
    // chunk list too.
    [[nodiscard]] sql_status drop_database(std::string_view name, bool if_exists, bool& existed);

    // t gives db, name, comment, part and the columns as declared (name,
    // column_type, nullable, collation, key, default_value, extra, comment);
    // the rest is derived (define_table in table_definition.hpp): kind,
    // engine, chunk columns, metadata, create_sql. Errors: 1049 unknown
    // database; 1050 "Table 't' already exists" unless if_not_exists
    // (existed tells the caller to warn) — also for a name differing only in
    // letter case, which SQLite chunk files cannot tell apart; 1824 for a
    // child whose director is missing, in another database or not a director
    // with a key; define_table's errors.
    [[nodiscard]] sql_status create_table(table_info t, bool if_not_exists, bool& existed);
    // 1051 "Unknown table 'db.t'" unless if_exists; 3730 for a director
    // that child tables still reference.
    [[nodiscard]] sql_status drop_table(std::string_view db, std::string_view name, bool if_exists, bool& existed);

    // The chunks of db holding rows of its partitioned tables, ascending
    // (empty for an unknown database).
    std::vector<std::int32_t> chunks(std::string_view db) const;

    // Loads. Each load of a database has a number, written into every row
    // it adds and raised into the user_version of every file it writes
    // (storage/chunk_schema.hpp). A query sees the rows numbered up to the
    // database's published load when it was planned: a load is visible
    // whole, once publish_load() lists its chunks and publishes its number
    // in one transaction. `last` is the newest load whose commit began
    // (durably, before its first file commits): last > published means a
    // commit was cut short and its rows must go (chunk_store::recover).
    // Unknown databases: zeros.
    load_numbers loads(std::string_view db) const;
    [[nodiscard]] sql_status begin_load_commit(std::string_view db, std::int64_t load);
    // Adds ids to db's chunk list (ids already listed are kept once) and publishes `load`.
    [[nodiscard]] sql_status publish_load(std::string_view db, std::int64_t load, std::span<const std::int32_t> ids);
    // Empties db's chunk list (its last partitioned table was dropped).
    [[nodiscard]] sql_status clear_chunks(std::string_view db);

    // Runs one read-only SQLite SELECT (already translated from MySQL) over
    // the information_schema tables, which SQLite sees as
    // information_schema.<TABLE> (upper-case names). Rows come back in MySQL
    // text form; columns that are information_schema columns carry their
    // MySQL metadata, others are typed from their values. With a viewer,
    // rows are limited to what that account may see and the *_PRIVILEGES
    // tables show its grants (without one: everything, no privilege rows).
    // Runs on the caller's thread and never blocks on disk, but a costly
    // query costs CPU: call it from a worker pool, not an I/O thread.
    // Changes with every table or database created or dropped: holders of open
    // chunk files (czar/chunk_connections.hpp) reopen them after a change.
    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

    // Where information_schema.PROCESSLIST / QUERIES read (the czar's registry
    // and history); they must outlive the catalog's queries.
    void set_query_sources(query_sources sources);
    [[nodiscard]] sql_result<result_set> query_information_schema(std::string_view sqlite_select,
                                                                  const schema_viewer* viewer = nullptr) const;

private:
    struct db_entry {
        database_info info;
        std::map<std::string, table_info, std::less<>> tables;
        std::set<std::int32_t> chunks;
        load_numbers loads;
    };
    using db_map = std::map<std::string, db_entry, std::less<>>;

    catalog(database db, db_map databases);
    [[nodiscard]] static sql_status load_tables(database& db, db_map& databases);
    [[nodiscard]] sql_status check_director(const db_entry& entry, const table_info& child) const;
    [[nodiscard]] sql_status insert_table(const table_info& t);
    void rebuild_rows();  // under the exclusive lock; bumps generation_

    mutable std::shared_mutex mutex_;
    database db_;  // used only under the exclusive lock
    db_map databases_;
    std::string opened_at_;                    // CREATE_TIME where the catalog keeps none
    std::shared_ptr<const schema_rows> rows_;  // information_schema for the current state
    std::atomic<std::uint64_t> generation_{0};
    std::unique_ptr<schema_query_engine> engine_;
};

}  // namespace qproxy::storage
