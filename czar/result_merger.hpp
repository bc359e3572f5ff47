// Collects the chunks' rows into the query's result file as they arrive and,
// after the last chunk, runs the merge query into the result table. Memory
// stays bounded whatever the result size: rows go to SQLite at once, and the
// merge sorts and groups on disk.
#pragma once

#include "czar/query_job.hpp"
#include "storage/result_store.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <span>

namespace qproxy::czar {

// Rows copied out of a chunk statement (sqlite3_value_dup), freed on destruction.
class row_batch {
public:
    explicit row_batch(std::size_t columns) : columns_(columns) {}
    row_batch(const row_batch&) = delete;
    row_batch& operator=(const row_batch&) = delete;
    ~row_batch() { clear(); }

    void add(sqlite3_stmt* stmt);  // the current row's first `columns` values
    void clear();
    std::size_t rows() const { return columns_ ? values_.size() / columns_ : 0; }
    std::size_t columns() const { return columns_; }
    std::uint64_t bytes() const { return bytes_; }
    sqlite3_value* at(std::size_t row, std::size_t column) const { return values_[row * columns_ + column]; }

private:
    std::size_t columns_;
    std::vector<sqlite3_value*> values_;
    std::uint64_t bytes_ = 0;
};

class result_merger {
public:
    [[nodiscard]] static sql_result<std::shared_ptr<result_merger>> create(storage::result_writer writer,
                                                                           const query_plan& plan,
                                                                           std::uint64_t max_bytes);
    ~result_merger();

    // Appends a chunk's rows; thread-safe. Ok(false): the result needs no more
    // rows (a LIMIT without ORDER BY is reached). Exceeding max_result_bytes
    // fails the job FAILED_LR with Qserv's message.
    [[nodiscard]] sql_result<bool> append(const row_batch& batch, query_job& job, std::int32_t chunk);
    // After the last chunk: the merge, then the file is made durable (unless
    // transient). Returns the result's rows.
    [[nodiscard]] sql_result<std::uint64_t> finish();
    // After finish(), a transient result: its rows, read where they were written.
    [[nodiscard]] sql_result<storage::result_reader> take_transient();

private:
    result_merger(storage::result_writer writer, const query_plan& plan, std::uint64_t max_bytes);

    std::mutex mutex_;
    storage::result_writer writer_;
    const query_plan& plan_;
    std::uint64_t max_bytes_;
    storage::statement insert_;
    std::uint64_t seen_ = 0;  // append mode: rows offered so far (OFFSET skips the first ones)
    std::uint64_t kept_ = 0;
};

}  // namespace qproxy::czar
