// One SQLite connection (WAL, synchronous=NORMAL) written by many threads.
// Writes that arrive together share one transaction (group commit): under
// load one WAL append serves many callers, and nobody waits behind a long
// line of single commits. Checkpoints run on a thread of their own, so their
// fsyncs never delay a commit. A crash of the process loses nothing
// committed; only an OS crash may lose the last commits.
#pragma once

#include "storage/sqlite.hpp"

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace qproxy::storage {

class wal_writer {
public:
    [[nodiscard]] static sql_result<std::unique_ptr<wal_writer>> open(const std::filesystem::path& path);
    ~wal_writer();
    wal_writer(const wal_writer&) = delete;
    wal_writer& operator=(const wal_writer&) = delete;

    // For set-up before the first write(): migrations, prepared statements.
    database& db() noexcept { return db_; }

    // Runs op(db()) in a transaction shared with the other pending writes and
    // returns once it committed, with op's own failure or the commit's.
    // SQLite undoes a failed statement, not the ones before it: an op should
    // write with one statement. op must not begin or end transactions, and
    // runs on whichever caller's thread leads the batch.
    [[nodiscard]] sql_status write(const std::function<sql_status(database&)>& op);

private:
    struct request;
    explicit wal_writer(database db) noexcept : db_(std::move(db)) {}
    void commit(const std::vector<request*>& batch);
    static int on_commit(void* self, sqlite3*, const char*, int wal_pages);
    void checkpoint_loop();

    database db_;
    std::mutex queue_mutex_;
    std::vector<request*> pending_;
    bool committing_ = false;  // a caller is leading a batch

    database checkpointer_;
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wanted_;
    bool checkpoint_due_ = false, stopping_ = false;
    std::thread checkpoint_thread_;
};

}  // namespace qproxy::storage
