// The second stage of a load: its SQLite bursts run on a thread of their own
// while the caller parses, converts and routes the next rows (about half of a
// load's time each). Jobs run one at a time, in the order submitted; the
// first error drops the rest and comes back from the next submit() or
// drain(). Memory stays bounded: submit() waits while the queued jobs hold
// more than max_bytes. The thread starts with the first job (a replicated
// table's load of a few rows, as INSERT's, never starts it).
#pragma once

#include "parser/error.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace qproxy::czar {

class load_pipeline {
public:
    using job = std::function<sql_status()>;

    explicit load_pipeline(std::size_t max_bytes) : max_bytes_(max_bytes) {}
    load_pipeline(const load_pipeline&) = delete;
    load_pipeline& operator=(const load_pipeline&) = delete;
    ~load_pipeline();  // finishes the running job, drops the others

    // Queues j, which holds `bytes` until it ends; the first error so far instead.
    [[nodiscard]] sql_status submit(std::size_t bytes, job j);
    // Waits for every job; the first error.
    [[nodiscard]] sql_status drain();

private:
    void run();
    [[nodiscard]] sql_status status() const;  // under mutex_

    const std::size_t max_bytes_;
    std::mutex mutex_;
    std::condition_variable work_, done_;  // a job queued (or stop); a job ended
    std::deque<std::pair<std::size_t, job>> queue_;
    std::size_t queued_bytes_ = 0;
    bool busy_ = false, stop_ = false;
    std::optional<sql_error> error_;
    std::thread thread_;
};

}  // namespace qproxy::czar
