// The catalog the session answers metadata from: databases (and, with later
// issues, their partitioned tables), plus information_schema. State lives in
// system.sqlite3 and is mirrored in memory at open: reads never touch disk,
// changes write through. Thread-safe.
#pragma once

#include "parser/types.hpp"
#include "storage/schema_query.hpp"
#include "storage/schema_types.hpp"
#include "storage/sqlite.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
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
    // information_schema cannot be dropped (1044).
    [[nodiscard]] sql_status drop_database(std::string_view name, bool if_exists, bool& existed);

    // Runs one read-only SQLite SELECT (already translated from MySQL) over
    // the information_schema tables, which SQLite sees as
    // information_schema.<TABLE> (upper-case names). Rows come back in MySQL
    // text form; columns that are information_schema columns carry their
    // MySQL metadata, others are typed from their values. With a viewer,
    // rows are limited to what that account may see and the *_PRIVILEGES
    // tables show its grants (without one: everything, no privilege rows).
    // Runs on the caller's thread and never blocks on disk, but a costly
    // query costs CPU: call it from a worker pool, not an I/O thread.
    [[nodiscard]] sql_result<result_set> query_information_schema(std::string_view sqlite_select,
                                                                  const schema_viewer* viewer = nullptr) const;

private:
    struct db_entry {
        database_info info;
        std::map<std::string, table_info, std::less<>> tables;  // filled by later issues
    };

    catalog(database db, std::map<std::string, db_entry, std::less<>> databases);
    void rebuild_rows();  // under the exclusive lock

    mutable std::shared_mutex mutex_;
    database db_;  // used only under the exclusive lock
    std::map<std::string, db_entry, std::less<>> databases_;
    std::string opened_at_;                    // CREATE_TIME where the catalog keeps none
    std::shared_ptr<const schema_rows> rows_;  // information_schema for the current state
    std::unique_ptr<schema_query_engine> engine_;
};

}  // namespace qproxy::storage
