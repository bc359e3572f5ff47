// Everything sessions share: the stores, the server-wide variables and
// counters, the registry of live connections. All members are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace qproxy::storage {
class account_store;
class catalog;
class chunk_store;
}  // namespace qproxy::storage
namespace qproxy::czar {
class czar;
}
namespace qproxy::auth {
class sha2_cache;
class rsa_key;
}  // namespace qproxy::auth

namespace qproxy::session {

class global_variables;

// Server-wide counters behind SHOW GLOBAL STATUS and COM_STATISTICS.
struct server_stats {
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::atomic<std::uint64_t> connections{0};        // attempts, as MySQL's Connections
    std::atomic<std::uint64_t> aborted_connects{0};
    std::atomic<std::uint64_t> questions{0};
    std::atomic<std::uint64_t> bytes_received{0};
    std::atomic<std::uint64_t> bytes_sent{0};
    std::atomic<std::uint64_t> threads_connected{0};
    std::atomic<std::uint64_t> max_used_connections{0};
    std::uint64_t uptime_seconds() const;
};

// Live client connections, for KILL and the connection limit.
class connection_registry {
public:
    struct entry {
        std::string user;
        std::string host;
        // Runs on the connection's own strand: closes it, or only interrupts its statement.
        std::function<void(bool query_only)> kill;
    };

    void add(std::uint32_t id, entry e);
    void remove(std::uint32_t id);
    std::optional<entry> find(std::uint32_t id) const;
    std::size_t size() const;
    std::uint32_t next_id() { return next_id_.fetch_add(1) + 1; }

private:
    mutable std::mutex mutex_;
    std::map<std::uint32_t, entry> entries_;
    std::atomic<std::uint32_t> next_id_{0};
};


struct server_context {
    storage::account_store& accounts;
    storage::catalog& catalog;
    global_variables& globals;
    auth::sha2_cache& sha2_cache;
    const auth::rsa_key& rsa;
    connection_registry& connections;
    server_stats& stats;
    std::uint64_t max_allowed_packet;
    czar::czar* czar = nullptr;  // null: no user tables (unit tests of the session alone)
    storage::chunk_store* chunks = nullptr;  // table DDL and loads; null as czar
};

}  // namespace qproxy::session
