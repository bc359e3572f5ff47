// The czar: takes planned SELECTs, runs them as chunk jobs on the worker
// pool, merges their rows into result tables, and keeps the registry of
// executing queries (PROCESSLIST), the history (QUERIES), limits and
// retention. One per server; thread-safe.
#pragma once

#include "czar/chunk_connections.hpp"
#include "czar/dispatcher.hpp"
#include "czar/planner.hpp"
#include "czar/query_job.hpp"
#include "storage/live_queries.hpp"
#include "storage/query_history.hpp"
#include "storage/result_store.hpp"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <memory>
#include <mutex>
#include <thread>

namespace qproxy::storage {
class catalog;
class chunk_store;
}  // namespace qproxy::storage

namespace qproxy::czar {

struct czar_config {
    std::string name = "proxy";
    std::int64_t id = 1;
    unsigned workers = 0;  // 0: one per core
    std::uint64_t max_result_bytes = 5100ull << 20;
    std::chrono::seconds result_retention{3600};
    std::chrono::hours history_retention{24 * 30};
    std::size_t max_queries = 1024;
    std::size_t max_queries_per_user = 256;
    std::size_t max_open_chunks = 2048;  // idle chunk connections kept open (each a few file descriptors)
};

class czar final : public storage::live_queries {
public:
    [[nodiscard]] static sql_result<std::unique_ptr<czar>> open(const czar_config& config,
                                                               const std::filesystem::path& data_dir,
                                                               storage::catalog& catalog, storage::chunk_store& chunks);
    ~czar() override;

    const chunk_index& index() const { return *index_; }
    storage::query_history& history() { return *history_; }
    const storage::result_store& results() const { return results_; }
    const czar_config& config() const { return config_; }

    // Admits the query (limits give 4110) and queues its history row; it runs
    // once recorded (query_job::registered).
    [[nodiscard]] sql_result<std::shared_ptr<query_job>> start(query_plan plan, bool async, std::string user,
                                                               std::string text);
    // The executing query with this id, if any.
    std::shared_ptr<query_job> running(std::int64_t id) const;
    // Cancels an executing query the caller may see (own, or any with PROCESS); 4005 otherwise.
    [[nodiscard]] sql_status cancel(std::int64_t id, std::string_view user, bool any_user);

    std::vector<storage::live_query> snapshot() const override;

private:
    czar(const czar_config& config, storage::catalog& catalog, storage::chunk_store& chunks,
         std::unique_ptr<storage::query_history> history, storage::result_store results);
    [[nodiscard]] bool ensure_merger(query_job& job);
    void run_chunk(query_job& job, std::size_t chunk_index);
    void finish(const std::shared_ptr<query_job>& job);
    void housekeeping();

    czar_config config_;
    const storage::chunk_store& chunks_;
    std::unique_ptr<storage::query_history> history_;
    storage::result_store results_;
    std::unique_ptr<chunk_index> index_;
    chunk_connections connections_;

    // Admits a query within max_queries / max_queries_per_user (4110 past a
    // limit); release() gives the slot back.
    [[nodiscard]] sql_status admit(const std::string& user);
    void release(const std::string& user);

    mutable std::mutex mutex_;
    std::map<std::int64_t, std::shared_ptr<query_job>> running_;
    // Admitted queries, in total and per user: counted, not found by walking
    // running_ (thousands of queued SUBMITs would make every SUBMIT slower).
    std::size_t admitted_ = 0;
    std::unordered_map<std::string, std::size_t> admitted_by_user_;
    std::condition_variable stop_cv_;
    bool stopping_ = false;

    std::unique_ptr<dispatcher> dispatcher_;  // after the state its workers use
    std::thread housekeeper_;
};

}  // namespace qproxy::czar
