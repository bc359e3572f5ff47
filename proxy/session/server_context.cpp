#include "proxy/session/server_context.hpp"

namespace qproxy::session {

std::uint64_t server_stats::uptime_seconds() const {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count());
}

void connection_registry::add(std::uint32_t id, entry e) {
    std::lock_guard lock(mutex_);
    entries_[id] = std::move(e);
}

void connection_registry::remove(std::uint32_t id) {
    std::lock_guard lock(mutex_);
    entries_.erase(id);
}

std::optional<connection_registry::entry> connection_registry::find(std::uint32_t id) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(id);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

std::size_t connection_registry::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace qproxy::session
