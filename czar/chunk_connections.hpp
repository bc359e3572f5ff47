// Open chunk connections kept between chunk jobs (and the director indexes'
// between key lookups). Opening a chunk file costs
// more than scanning a small chunk (the file, its WAL index, the attached
// replicated files, registering MySQL's functions, compiling the statement),
// so a scan of a thousand chunks would spend most of its time opening them.
// Connections are kept idle per (database, chunk, attachments) with the
// statements they compiled; a catalog change (tables or databases created or
// dropped) retires them all, so none outlives the files it reads.
#pragma once

#include "storage/sqlite.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace qproxy::storage {
class catalog;
class chunk_store;
}  // namespace qproxy::storage

namespace qproxy::czar {

class chunk_connections {
    struct entry;

public:
    chunk_connections(const storage::catalog& catalog, const storage::chunk_store& store, std::size_t max_idle);
    ~chunk_connections();
    chunk_connections(const chunk_connections&) = delete;
    chunk_connections& operator=(const chunk_connections&) = delete;

    // A connection for one chunk job; back to the pool when the lease ends,
    // unless discard() was called (after an error or an interrupt).
    class lease {
    public:
        lease(chunk_connections& owner, std::string key, std::unique_ptr<entry> e);
        lease(lease&&) noexcept;
        lease& operator=(lease&&) = delete;
        ~lease();

        storage::database& db();
        // The compiled statement for `text`, reset (bindings cleared) when reused.
        [[nodiscard]] sql_result<storage::statement*> prepare(const std::string& text);
        // The newest load whose rows the connection's file-th file holds (its
        // user_version): main (0), then the attached replicated files (rep_0, …).
        [[nodiscard]] sql_result<std::int64_t> file_load(std::size_t file);
        void discard() { keep_ = false; }

    private:
        chunk_connections* owner_;
        std::string key_;
        std::unique_ptr<entry> entry_;
        bool keep_ = true;
    };

    // db empty: no chunk, only the replicated databases (over an in-memory main).
    [[nodiscard]] sql_result<lease> acquire(std::string_view db, std::int32_t chunk,
                                            std::span<const std::string> replicated_dbs);
    // The director index of db (the planner's key lookups).
    [[nodiscard]] sql_result<lease> acquire_director_index(std::string_view db);

private:
    template <class Open>
    [[nodiscard]] sql_result<lease> acquire_keyed(std::string key, Open open);
    void release(const std::string& key, std::unique_ptr<entry> e);

    const storage::catalog& catalog_;
    const storage::chunk_store& store_;
    const std::size_t max_idle_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::vector<std::unique_ptr<entry>>> idle_;
    std::size_t idle_count_ = 0;
};

}  // namespace qproxy::czar
