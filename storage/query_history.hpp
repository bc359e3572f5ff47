// The query history, <data_dir>/history.sqlite3: one row per query ever run,
// in Qserv's QInfo shape, behind information_schema.QUERIES. Ids continue
// AUTOINCREMENT's sequence (handed out in memory, stored with the row), so
// they are positive, increasing, persisted and never reused once recorded
// (not even after a purge). Thread-safe: writes go through a wal_writer
// (group commit on a thread of its own, no fsync on the way), reads lease
// pooled read-only connections and never wait for writers.
#pragma once

#include "storage/sqlite.hpp"
#include "storage/wal_writer.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::storage {

enum class query_type : std::uint8_t { sync, async };
enum class query_status : std::uint8_t { executing, completed, failed, failed_lr, aborted };

// 'SYNC', 'COMPLETED'…: the words stored in the history and shown to users.
std::string_view to_string(query_type t);
std::string_view to_string(query_status s);

// 'YYYY-MM-DD HH:MM:SS' in local time, as MySQL's NOW() prints it.
std::string local_datetime(std::chrono::system_clock::time_point t);

struct query_start {
    query_type type = query_type::async;
    std::string user;  // the account's user name: who may see the query
    std::string dbs;   // databases the query reads, comma-separated
    std::string query;
    std::int64_t chunks = 0;
};

struct query_totals {
    std::int64_t chunks = 0, bytes = 0, rows_collected = 0, rows = 0;
};

struct query_record {
    std::int64_t id = 0;
    query_type type = query_type::async;
    std::string czar;
    std::int64_t czar_id = 0;
    std::string user;
    query_status status = query_status::executing;
    std::string submitted;
    std::optional<std::string> completed, returned;
    query_totals totals;
    std::string dbs, query;
    std::optional<std::string> error;
    std::string result_location;  // 'table:result_<id>'
};

// The columns of a history_scan row: information_schema.QUERIES' order, then
// the owner.
enum class history_column : int {
    id, type, czar, czar_id, status, submitted, completed, returned, chunks, bytes, rows_collected, rows, dbs,
    query, error, user,
};

class query_history;

// Rows of the history in id order, streamed from a leased connection that
// goes back to the pool when the scan is destroyed. The history must outlive
// its scans.
class history_scan {
public:
    history_scan(history_scan&& other) noexcept;
    history_scan& operator=(history_scan&&) = delete;
    history_scan(const history_scan&) = delete;
    history_scan& operator=(const history_scan&) = delete;
    ~history_scan();

    // true: row() holds the next row; false: the scan is done.
    [[nodiscard]] sql_result<bool> next() { return stmt_->step(); }
    // Read with history_column indexes; valid until the next call to next().
    const statement& row() const noexcept { return *stmt_; }

private:
    struct reader;
    friend class query_history;
    history_scan(const query_history& owner, std::unique_ptr<reader> r, statement& stmt) noexcept;

    const query_history* owner_;
    std::unique_ptr<reader> reader_;
    statement* stmt_;
};

class query_history {
public:
    // Opens (creating and migrating) history.sqlite3. Queries left EXECUTING
    // by a previous run become ABORTED: see aborted_at_start().
    [[nodiscard]] static sql_result<std::unique_ptr<query_history>> open(const std::filesystem::path& data_dir,
                                                                        std::string czar_name, std::int64_t czar_id);
    ~query_history();
    query_history(const query_history&) = delete;
    query_history& operator=(const query_history&) = delete;

    // The queries open() aborted: their partial results are the caller's to delete.
    const std::vector<std::int64_t>& aborted_at_start() const noexcept { return aborted_at_start_; }
    const std::string& czar_name() const noexcept { return czar_name_; }
    std::int64_t czar_id() const noexcept { return czar_id_; }

    // A new query's id, taken from the sequence in memory; begin() records it.
    std::int64_t reserve_id() noexcept { return next_id_.fetch_add(1, std::memory_order_relaxed); }
    // Queues the insert of query `id` as EXECUTING, submitted now; done gets
    // the outcome on the history's writer thread once it committed (see
    // wal_writer::write_async). The writes of one query are applied in the
    // order they are called.
    void begin(std::int64_t id, const query_start& q, wal_writer::completion done);
    // Returns once every write queued before the call has ended.
    void flush();
    // Ends an EXECUTING query: completed now, with its totals and error.
    // false when the query is unknown or already ended (the first end wins,
    // so a cancel racing a completion cannot rewrite it).
    [[nodiscard]] sql_result<bool> finish(std::int64_t id, query_status status, const query_totals& totals,
                                          std::optional<std::string_view> error = std::nullopt);
    // Sets RETURNED on the first fetch; later fetches keep it.
    [[nodiscard]] sql_status mark_returned(std::int64_t id);
    [[nodiscard]] sql_result<std::optional<query_record>> find(std::int64_t id) const;
    // Deletes the queries completed before older_than; returns how many.
    [[nodiscard]] sql_result<std::size_t> purge(std::chrono::system_clock::time_point older_than);

    // Rows with low <= id <= high, ascending or descending; with user, only
    // that user's queries.
    [[nodiscard]] sql_result<history_scan> scan(std::int64_t low = std::numeric_limits<std::int64_t>::min(),
                                                std::int64_t high = std::numeric_limits<std::int64_t>::max(),
                                                std::optional<std::string_view> user = std::nullopt,
                                                bool descending = false) const;

private:
    friend class history_scan;
    using reader = history_scan::reader;

    query_history(std::filesystem::path path, std::string czar_name, std::int64_t czar_id);
    [[nodiscard]] sql_result<std::unique_ptr<reader>> acquire() const;
    void release(std::unique_ptr<reader> r) const noexcept;

    std::filesystem::path path_;
    std::string czar_name_;
    std::int64_t czar_id_;
    std::vector<std::int64_t> aborted_at_start_;
    std::atomic<std::int64_t> next_id_{1};

    std::unique_ptr<wal_writer> writer_;
    statement insert_, finish_, returned_;  // on writer_, used only inside its writes

    mutable std::mutex pool_mutex_;
    mutable std::vector<std::unique_ptr<reader>> idle_;
};

}  // namespace qproxy::storage
