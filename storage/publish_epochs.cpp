#include "storage/publish_epochs.hpp"

#include <utility>

namespace qproxy::storage {

namespace {
constexpr std::uint64_t in_progress_mask = 0xffffffffu;
constexpr std::uint64_t finished_one = std::uint64_t{1} << 32;
}  // namespace

publish_epochs::scope::scope(std::atomic<std::uint64_t>& epoch) noexcept : epoch_(&epoch) {
    epoch_->fetch_add(1, std::memory_order_acq_rel);
}

publish_epochs::scope::scope(scope&& other) noexcept : epoch_(std::exchange(other.epoch_, nullptr)) {}

publish_epochs::scope::~scope() {
    // One finished, one fewer in progress.
    if (epoch_) epoch_->fetch_add(finished_one - 1, std::memory_order_acq_rel);
}

std::atomic<std::uint64_t>& publish_epochs::slot(std::string_view db) {
    std::lock_guard lock(mutex_);
    auto it = epochs_.find(db);
    if (it == epochs_.end()) it = epochs_.emplace(std::string(db), std::make_unique<std::atomic<std::uint64_t>>(0)).first;
    return *it->second;
}

std::uint64_t publish_epochs::epoch(std::string_view db) { return slot(db).load(std::memory_order_acquire); }

publish_epochs::scope publish_epochs::publish(std::string_view db) { return scope(slot(db)); }

bool publish_epochs::consistent(std::uint64_t before, std::uint64_t after) noexcept {
    return (before & in_progress_mask) == 0 && after == before;
}

}  // namespace qproxy::storage
