// Query results, qservResult.result_<id>: one SQLite file per result under
// <data_dir>/results/, so deleting a result frees its disk space at once.
//
// A result is built in result_<id>.building with journal and syncs off (a
// crash can only lose a file nobody may read yet); complete() syncs it and
// renames it to result_<id>.sqlite3. The name is the completeness marker:
// a file under the final name is whole and durable, and opening the store
// deletes whatever .building files a crash left behind.
//
// Inside a file: table `result` holds the rows in columns c0…cN-1, declared
// without type so values keep their SQLite storage class; table `meta` holds
// every field of each column's column_meta, in column order.
#pragma once

#include "parser/types.hpp"
#include "storage/sqlite.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace qproxy::storage {

// ERROR 1146 (42S02) "Table 'qservResult.result_<id>' doesn't exist": an
// unknown, deleted, expired or unfinished result.
sql_error no_such_result(std::int64_t id);

// A completed result opened for streaming; holds the file open, so a
// concurrent remove() does not cut the stream short.
class result_reader {
public:
    // Reads a result database's `meta` and starts its rows.
    [[nodiscard]] static sql_result<result_reader> over(database db);
    // The same for a database whose columns are known (a transient result's).
    [[nodiscard]] static sql_result<result_reader> over(database db, std::vector<column_meta> columns);

    const std::vector<column_meta>& columns() const noexcept { return columns_; }
    // SELECT * FROM result ORDER BY rowid: step it to stream the rows.
    statement& rows() noexcept { return rows_; }

private:
    result_reader(database db, std::vector<column_meta> columns, statement rows) noexcept
        : db_(std::move(db)), columns_(std::move(columns)), rows_(std::move(rows)) {}

    database db_;  // declared first: destroyed after the statement
    std::vector<column_meta> columns_;
    statement rows_;
};

// A result being built. The czar runs its own INSERT and merge statements
// in db(), then calls complete(); destroying an incomplete writer deletes
// the file.
class result_writer {
public:
    result_writer(result_writer&& other) noexcept;
    result_writer& operator=(result_writer&&) = delete;
    result_writer(const result_writer&) = delete;
    result_writer& operator=(const result_writer&) = delete;
    ~result_writer();

    database& db() noexcept { return db_; }
    bool transient() const noexcept { return final_.empty(); }
    // Size of the file so far (max_result_bytes checks).
    [[nodiscard]] sql_result<std::int64_t> bytes();
    // Closes the database (no transaction may be open, and every statement
    // on it must be finalized), syncs the file and publishes it under its
    // final name. After a failure the writer still deletes the file.
    [[nodiscard]] sql_status complete();
    // A transient result (result_store::create_transient) is read where it
    // was written: no transaction may be open, every statement finalized.
    [[nodiscard]] sql_result<result_reader> into_reader() &&;

private:
    friend class result_store;
    result_writer(database db, std::filesystem::path building, std::filesystem::path final_path,
                  std::vector<column_meta> columns = {}) noexcept;

    database db_;
    std::filesystem::path building_, final_;  // empty: transient
    std::vector<column_meta> columns_;        // transient: kept here, not in a `meta` table
    bool completed_ = false;
};

// Stateless beyond its directory: safe to share between threads.
class result_store {
public:
    // Creates <data_dir>/results if needed and deletes unfinished results.
    [[nodiscard]] static sql_result<result_store> open(const std::filesystem::path& data_dir);

    // Where the completed result lives.
    std::filesystem::path path_of(std::int64_t id) const;
    bool exists(std::int64_t id) const;

    // Starts result <id> (an id never used before) with its `result` and `meta` tables.
    // Result connections are plain (plain_open_scope): no MySQL functions
    // unless the writer registers them for a merge.
    [[nodiscard]] sql_result<result_writer> create(std::int64_t id, std::span<const column_meta> columns) const;
    // A result streamed once and then dropped (a synchronous query's): an
    // SQLite temporary database, in memory until it outgrows its cache, then
    // in an unnamed temporary file. No file is created, synced, renamed or
    // reopened — every open in a process holding thousands of chunk files
    // open walks SQLite's list of open inodes.
    [[nodiscard]] static sql_result<result_writer> create_transient(std::span<const column_meta> columns);
    // 1146 unless the result is complete.
    [[nodiscard]] sql_result<result_reader> open_result(std::int64_t id) const;
    // 1146 unless the result is complete.
    [[nodiscard]] sql_status remove(std::int64_t id) const;
    // Removes the results completed more than `retention` ago; returns their ids, ascending.
    [[nodiscard]] sql_result<std::vector<std::int64_t>> purge_expired(std::chrono::seconds retention) const;

private:
    explicit result_store(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::filesystem::path dir_;
};

}  // namespace qproxy::storage
