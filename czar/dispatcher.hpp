// A bounded pool of worker threads running chunk jobs. Queries take turns a
// chunk at a time (round robin), so a point lookup submitted behind a full
// scan starts as soon as a worker frees up instead of after the scan.
#pragma once

#include "czar/query_job.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace qproxy::czar {

class dispatcher {
public:
    // run: one chunk (by index in the plan) of a query; finish: after a query's
    // last chunk (or its cancellation), on the worker that ran it.
    using run_fn = std::function<void(query_job&, std::size_t chunk_index)>;
    using finish_fn = std::function<void(const std::shared_ptr<query_job>&)>;

    dispatcher(unsigned workers, run_fn run, finish_fn finish);
    ~dispatcher();  // waits for running chunks; queued queries are left unfinished
    dispatcher(const dispatcher&) = delete;
    dispatcher& operator=(const dispatcher&) = delete;

    void enqueue(std::shared_ptr<query_job> job);
    std::size_t queued() const;  // queries waiting for a worker

private:
    void work();

    run_fn run_;
    finish_fn finish_;
    mutable std::mutex mutex_;
    std::condition_variable ready_cv_;
    std::deque<std::shared_ptr<query_job>> ready_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace qproxy::czar
