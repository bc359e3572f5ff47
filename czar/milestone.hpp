// A point in a query's life that other threads wait for (its history row
// written, its end): callbacks registered before it run when it is reached,
// on the reaching thread; those registered after run at once.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

namespace qproxy::czar {

class milestone {
public:
    void on_reached(std::function<void()> callback) {
        {
            std::lock_guard lock(mutex_);
            if (!reached_) {
                callbacks_.push_back(std::move(callback));
                return;
            }
        }
        callback();
    }

    // Idempotent: the callbacks run once.
    void reach() {
        std::vector<std::function<void()>> callbacks;
        {
            std::lock_guard lock(mutex_);
            if (reached_) return;
            reached_ = true;
            callbacks.swap(callbacks_);
        }
        for (auto& c : callbacks) c();
    }

    bool reached() const {
        std::lock_guard lock(mutex_);
        return reached_;
    }

private:
    mutable std::mutex mutex_;
    bool reached_ = false;
    std::vector<std::function<void()>> callbacks_;
};

}  // namespace qproxy::czar
