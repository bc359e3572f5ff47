#include "czar/dispatcher.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

namespace qproxy::czar {

dispatcher::dispatcher(unsigned workers, run_fn run, finish_fn finish) : run_(std::move(run)), finish_(std::move(finish)) {
    for (unsigned i = 0; i < std::max(1u, workers); ++i) threads_.emplace_back([this] {
        pthread_setname_np(pthread_self(), "qproxy-chunks");
        work();
    });
}

dispatcher::~dispatcher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_cv_.notify_all();
    for (auto& t : threads_) t.join();
}

void dispatcher::enqueue(std::shared_ptr<query_job> job) {
    {
        std::lock_guard lock(mutex_);
        ready_.push_back(std::move(job));
    }
    ready_cv_.notify_one();
}

std::size_t dispatcher::queued() const {
    std::lock_guard lock(mutex_);
    return ready_.size();
}

void dispatcher::work() {
    // Chunk work yields the CPU to the connections' event loops: a SUBMIT or a
    // status query answers at once while scans run (Linux nice is per thread).
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
    std::unique_lock lock(mutex_);
    for (;;) {
        ready_cv_.wait(lock, [&] { return stopping_ || !ready_.empty(); });
        if (stopping_) return;
        auto job = std::move(ready_.front());
        ready_.pop_front();
        const bool stop = job->cancelled() || job->satisfied.load(std::memory_order_relaxed);
        std::optional<std::size_t> chunk;
        if (!stop && job->next_chunk < job->chunks_total()) chunk = job->next_chunk++;
        // Round robin: the query waits behind the others for its next chunk.
        if (chunk && job->next_chunk < job->chunks_total()) {
            ready_.push_back(job);
            ready_cv_.notify_one();
        }
        if (chunk) {
            ++job->in_flight;
            lock.unlock();
            run_(*job, *chunk);
            lock.lock();
            --job->in_flight;
        }
        const bool exhausted = job->next_chunk >= job->chunks_total() || job->cancelled() ||
                               job->satisfied.load(std::memory_order_relaxed);
        // The last worker out finishes the query, exactly once.
        if (exhausted && job->in_flight == 0 && job->next_chunk != SIZE_MAX) {
            job->next_chunk = SIZE_MAX;
            lock.unlock();
            finish_(job);
            lock.lock();
        }
    }
}

}  // namespace qproxy::czar
