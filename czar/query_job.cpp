#include "czar/query_job.hpp"

#include "czar/result_merger.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace qproxy::czar {

query_job::query_job(std::int64_t id_, bool async_, std::string user_, std::string text_, query_plan plan_)
    : id(id_), async(async_), user(std::move(user_)), text(std::move(text_)), plan(std::move(plan_)) {
    touch();
}

query_job::~query_job() = default;

void query_job::touch() {
    updated_ns.store(std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count(),
                     std::memory_order_relaxed);
}

void query_job::cancel() {
    std::lock_guard lock(mutex_);
    if (cancelled_.exchange(true)) return;
    for (auto* db : running_) sqlite3_interrupt(db);
}

void query_job::fail(query_status status, std::string error) {
    {
        std::lock_guard lock(mutex_);
        if (failure_ || cancelled_) return;
        failure_ = status;
        error_ = std::move(error);
    }
    cancel();
}

void query_job::attach(sqlite3* db) {
    std::lock_guard lock(mutex_);
    running_.push_back(db);
    if (cancelled_) sqlite3_interrupt(db);
}

void query_job::detach(sqlite3* db) {
    std::lock_guard lock(mutex_);
    running_.erase(std::remove(running_.begin(), running_.end(), db), running_.end());
}

void query_job::set_registered(std::optional<sql_error> error) {
    registration_error_ = std::move(error);
    registered_.reach();
}

query_status query_job::settle(query_status status, std::uint64_t rows) {
    std::lock_guard lock(mutex_);
    if (done_) return status_;
    status_ = failure_ ? *failure_ : cancelled_ ? query_status::aborted : status;
    if (status_ == query_status::aborted && error_.empty()) error_ = "cancelled by the user";
    rows_ = rows;
    done_.store(true, std::memory_order_release);
    return status_;
}

void query_job::notify() {
    touch();
    finished_.reach();
}

query_status query_job::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

std::string query_job::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

std::uint64_t query_job::rows() const {
    std::lock_guard lock(mutex_);
    return rows_;
}

}  // namespace qproxy::czar
