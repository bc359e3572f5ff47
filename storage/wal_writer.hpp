// One SQLite connection (WAL, synchronous=NORMAL) written by a thread of its
// own on behalf of many: the writes queued while a transaction commits share
// the next one (group commit), so under load one WAL append serves many
// callers, and callers on event loops need not block (write_async).
// Checkpoints run on another thread, so their fsyncs never delay a commit.
// A crash of the process loses nothing committed; only an OS crash may lose
// the last commits.
#pragma once

#include "storage/sqlite.hpp"

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace qproxy::storage {

class wal_writer {
public:
    [[nodiscard]] static sql_result<std::unique_ptr<wal_writer>> open(const std::filesystem::path& path);
    ~wal_writer();  // commits what is queued first
    wal_writer(const wal_writer&) = delete;
    wal_writer& operator=(const wal_writer&) = delete;

    // For set-up before the first write(): migrations, prepared statements.
    database& db() noexcept { return db_; }

    using operation = std::function<sql_status(database&)>;
    using completion = std::function<void(sql_status)>;

    // Queues op(db()), run in a transaction shared with the other queued
    // writes, in the order queued; done gets op's own failure or the
    // commit's, on the writer's thread, once the transaction ended. SQLite
    // undoes a failed statement, not the ones before it: an op should write
    // with one statement. op must not begin or end transactions; done must
    // not wait for another write.
    void write_async(operation op, completion done);
    // write_async, waiting for the outcome.
    [[nodiscard]] sql_status write(operation op);

private:
    struct request {
        operation op;
        completion done;
        std::optional<sql_status> result;
    };
    explicit wal_writer(database db) noexcept : db_(std::move(db)) {}
    void write_loop();
    void commit(std::vector<request>& batch);
    void restart_wal();
    static int on_commit(void* self, sqlite3*, const char*, int wal_pages);
    void checkpoint_loop();

    database db_;
    std::mutex queue_mutex_;
    std::condition_variable queued_;
    std::vector<request> pending_;
    bool stopping_writes_ = false;
    std::thread write_thread_;
    // WAL pages; the writer's thread only (on_commit, restart_wal).
    int checkpoint_at_ = 0, wal_pages_ = 0, restart_at_ = 0;

    database checkpointer_;
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wanted_, checkpoint_idle_;
    bool checkpoint_due_ = false, stopping_ = false;
    bool checkpointing_ = false;  // the background checkpoint is running (restart_wal waits for it)
    std::thread checkpoint_thread_;
};

}  // namespace qproxy::storage
