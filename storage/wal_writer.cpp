#include "storage/wal_writer.hpp"

#include <pthread.h>
#include <optional>
#include <utility>

namespace qproxy::storage {

namespace {

// SQLite's own autocheckpoint threshold, in WAL pages.
constexpr int checkpoint_pages = 1000;
// Past this many WAL pages the writer itself restarts the WAL (restart_wal).
constexpr int restart_pages = 8 * checkpoint_pages;
// What the WAL file is cut back to when it restarts (after a burst).
constexpr const char* wal_size_limit = "PRAGMA journal_size_limit = 67108864";

}  // namespace

sql_result<std::unique_ptr<wal_writer>> wal_writer::open(const std::filesystem::path& path) {
    BOOST_OUTCOME_TRY(db, database::open(path));
    BOOST_OUTCOME_TRY(db.exec("PRAGMA synchronous = NORMAL"));
    BOOST_OUTCOME_TRY(db.exec(wal_size_limit));
    BOOST_OUTCOME_TRY(checkpointer, database::open(path));
    std::unique_ptr<wal_writer> w(new wal_writer(std::move(db)));
    // The hook replaces SQLite's autocheckpoint, which would run (and fsync)
    // inside whichever commit crossed the threshold.
    sqlite3_wal_hook(w->db_.handle(), &wal_writer::on_commit, w.get());
    w->checkpointer_ = std::move(checkpointer);
    w->checkpoint_thread_ = std::thread([raw = w.get()] {
        pthread_setname_np(pthread_self(), "qproxy-ckpt");
        raw->checkpoint_loop();
    });
    w->write_thread_ = std::thread([raw = w.get()] {
        pthread_setname_np(pthread_self(), "qproxy-wal");
        raw->write_loop();
    });
    return w;
}

wal_writer::~wal_writer() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_writes_ = true;
    }
    queued_.notify_one();
    write_thread_.join();
    {
        std::lock_guard lock(checkpoint_mutex_);
        stopping_ = true;
    }
    checkpoint_wanted_.notify_one();
    checkpoint_thread_.join();
}

void wal_writer::write_async(operation op, completion done) {
    {
        std::lock_guard lock(queue_mutex_);
        pending_.push_back({std::move(op), std::move(done), std::nullopt});
    }
    queued_.notify_one();
}

sql_status wal_writer::write(operation op) {
    std::mutex mutex;
    std::condition_variable ended;
    std::optional<sql_status> result;
    write_async(std::move(op), [&](sql_status r) {
        // Notified under the lock: the waiter cannot return (and destroy
        // these) before notify_one is done with them.
        std::lock_guard lock(mutex);
        result = std::move(r);
        ended.notify_one();
    });
    std::unique_lock lock(mutex);
    ended.wait(lock, [&] { return result.has_value(); });
    return std::move(*result);
}

void wal_writer::write_loop() {
    std::vector<request> batch;
    std::unique_lock lock(queue_mutex_);
    for (;;) {
        queued_.wait(lock, [this] { return !pending_.empty() || stopping_writes_; });
        if (pending_.empty()) return;  // stopping, and everything queued is committed
        batch.swap(pending_);
        lock.unlock();
        restart_wal();
        commit(batch);
        for (auto& r : batch) r.done(std::move(*r.result));
        batch.clear();
        lock.lock();
    }
}

void wal_writer::commit(std::vector<request>& batch) {
    const auto fail_all = [&](const sql_error& e) {
        for (auto& r : batch) r.result = e;
    };
    if (auto began = db_.exec("BEGIN IMMEDIATE"); !began) return fail_all(began.error());
    for (auto& r : batch) {
        r.result = r.op(db_);
        // Some failures (disk full, I/O) end the whole transaction: then
        // nothing of the batch was written.
        if (!*r.result && sqlite3_get_autocommit(db_.handle())) return fail_all(r.result->error());
    }
    if (auto committed = db_.exec("COMMIT"); !committed) {
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        fail_all(committed.error());
    }
}

// SQLite appends to the WAL until a write transaction begins with every
// frame checkpointed; under a steady stream of commits the background
// checkpoints never catch up with the last one, and the WAL grows without
// end (half a gigabyte after 15,000 point lookups; every append then
// allocates blocks the kernel zeroes first). Between two transactions, the
// only writer can checkpoint the few frames left: the next transaction
// restarts the WAL. SQLite lets one checkpoint run at a time, so this one
// waits for the background one to end (on a busy disk they would otherwise
// keep meeting, and the WAL never restart). It syncs, on this thread: once
// per restart_pages, and again only checkpoint_pages later when readers
// still held old frames.
void wal_writer::restart_wal() {
    if (wal_pages_ < restart_at_ || wal_pages_ < restart_pages) return;
    int log = 0, done = 0;
    std::unique_lock lock(checkpoint_mutex_);
    checkpoint_idle_.wait(lock, [this] { return !checkpointing_; });
    const int rc = sqlite3_wal_checkpoint_v2(db_.handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    lock.unlock();
    if (rc != SQLITE_BUSY && done < log) restart_at_ = wal_pages_ + checkpoint_pages;
}

int wal_writer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
    // Runs on the writer's thread. While commits keep coming, a PASSIVE
    // checkpoint cannot restart the WAL, which grows past the threshold: ask
    // again each checkpoint_pages more, not at every commit (each checkpoint
    // syncs the files).
    auto* w = static_cast<wal_writer*>(self);
    w->wal_pages_ = wal_pages;
    if (wal_pages < checkpoint_pages) w->checkpoint_at_ = checkpoint_pages, w->restart_at_ = 0;  // restarted
    if (wal_pages >= w->checkpoint_at_) {
        w->checkpoint_at_ = wal_pages + checkpoint_pages;
        {
            std::lock_guard lock(w->checkpoint_mutex_);
            w->checkpoint_due_ = true;
        }
        w->checkpoint_wanted_.notify_one();
    }
    return SQLITE_OK;
}

void wal_writer::checkpoint_loop() {
    std::unique_lock lock(checkpoint_mutex_);
    for (;;) {
        checkpoint_wanted_.wait(lock, [this] { return checkpoint_due_ || stopping_; });
        if (stopping_) return;
        checkpoint_due_ = false;
        checkpointing_ = true;
        lock.unlock();
        // PASSIVE runs alongside writers and readers. A failure only leaves
        // the WAL longer; the next commit asks again.
        sqlite3_wal_checkpoint_v2(checkpointer_.handle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
        checkpointing_ = false;
        checkpoint_idle_.notify_all();
    }
}

}  // namespace qproxy::storage
