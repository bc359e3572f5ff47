// One query the czar runs: its plan, live progress, cancellation and outcome.
// Workers update it concurrently; sessions and information_schema read it.
#pragma once

#include "czar/milestone.hpp"
#include "czar/planner.hpp"
#include "storage/query_history.hpp"
#include "storage/result_store.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace qproxy::czar {

using storage::query_status;

class result_merger;

class query_job {
public:
    query_job(std::int64_t id, bool async, std::string user, std::string text, query_plan plan);
    ~query_job();

    const std::int64_t id;
    const bool async;
    const std::string user;  // the account's user name: isolation
    const std::string text;  // as submitted
    const query_plan plan;
    const std::chrono::system_clock::time_point submitted = std::chrono::system_clock::now();

    // Progress, updated by workers.
    std::size_t chunks_total() const { return plan.db.empty() ? 1 : plan.chunks.size(); }
    std::atomic<std::size_t> chunks_done{0};
    std::atomic<std::uint64_t> bytes{0};           // collected from the chunks
    std::atomic<std::uint64_t> rows_collected{0};
    std::atomic<std::int64_t> updated_ns{0};       // system_clock, last progress
    void touch();

    // Stops dispatching and interrupts running chunk statements; the query
    // ends ABORTED (unless it already ended). Thread-safe, idempotent.
    void cancel();
    bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
    // Set when a LIMIT without ORDER BY has all its rows: dispatching stops, the query completes.
    std::atomic<bool> satisfied{false};
    // Ends the query FAILED/FAILED_LR with `error` (first failure wins) and stops the rest.
    void fail(query_status status, std::string error);

    // A worker's running statement, so cancel() can interrupt it.
    void attach(sqlite3* db);
    void detach(sqlite3* db);

    // The query's history row is written (or could not be): only then does
    // the query run, and SUBMIT answers with its id. Callbacks run on the
    // history's writer thread (or at once when registered).
    void on_registered(std::function<void()> callback) { registered_.on_reached(std::move(callback)); }
    bool registered() const { return registered_.reached(); }
    // After registered(): why the row could not be written (then the query ended FAILED unrun).
    const std::optional<sql_error>& registration_error() const { return registration_error_; }
    void set_registered(std::optional<sql_error> error);

    // Called once, from the thread that finishes the query (or at once when done).
    void on_done(std::function<void()> callback) { finished_.on_reached(std::move(callback)); }
    bool done() const { return done_.load(std::memory_order_acquire); }
    // After done(): the outcome.
    query_status status() const;
    std::string error() const;
    std::uint64_t rows() const;

    // The dispatcher's bookkeeping.
    std::size_t next_chunk = 0;  // under the dispatcher's lock
    std::size_t in_flight = 0;   // under the dispatcher's lock
    std::shared_ptr<result_merger> merger;  // set once, by the first worker (merger_once)
    std::once_flag merger_once;
    // A completed SYNC query's rows (a transient result), set before done();
    // the session streaming them takes it.
    std::optional<storage::result_reader> transient_result;
    // Decides the outcome (a recorded failure, else ABORTED if cancelled, else
    // `status`) and marks the query done; notify() then runs the callbacks.
    query_status settle(query_status status, std::uint64_t rows);
    void notify();

private:
    mutable std::mutex mutex_;
    std::atomic<bool> cancelled_{false};
    std::atomic<bool> done_{false};
    query_status status_ = query_status::executing;
    std::optional<query_status> failure_;
    std::string error_;
    std::uint64_t rows_ = 0;
    std::vector<sqlite3*> running_;
    std::optional<sql_error> registration_error_;  // written before registered_ is reached
    milestone registered_, finished_;
};

}  // namespace qproxy::czar
