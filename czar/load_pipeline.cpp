#include "czar/load_pipeline.hpp"

namespace qproxy::czar {

load_pipeline::~load_pipeline() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        queue_.clear();
    }
    work_.notify_one();
    thread_.join();
}

sql_status load_pipeline::status() const {
    if (error_) return *error_;
    return ok();
}

sql_status load_pipeline::submit(std::size_t bytes, job j) {
    std::unique_lock lock(mutex_);
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    // One job may exceed the budget alone: it waits for an empty queue.
    done_.wait(lock, [&] { return error_ || queue_.empty() || queued_bytes_ + bytes <= max_bytes_; });
    BOOST_OUTCOME_TRY(status());
    queued_bytes_ += bytes;
    queue_.emplace_back(bytes, std::move(j));
    lock.unlock();
    work_.notify_one();
    return ok();
}

sql_status load_pipeline::drain() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return queue_.empty() && !busy_; });
    return status();
}

void load_pipeline::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        auto [bytes, j] = std::move(queue_.front());
        queue_.pop_front();
        busy_ = true;
        lock.unlock();
        auto done = j();
        j = nullptr;  // frees the job's rows before they stop counting
        lock.lock();
        busy_ = false;
        queued_bytes_ -= bytes;
        if (!done && !error_) {
            error_ = done.error();
            for (const auto& [b, _] : queue_) queued_bytes_ -= b;
            queue_.clear();
        }
        done_.notify_all();
    }
}

}  // namespace qproxy::czar
