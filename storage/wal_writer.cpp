#include "storage/wal_writer.hpp"

#include <optional>
#include <utility>

namespace qproxy::storage {

namespace {

// SQLite's own autocheckpoint threshold, in WAL pages.
constexpr int checkpoint_pages = 1000;

}  // namespace

struct wal_writer::request {
    explicit request(const std::function<sql_status(database&)>& o) : op(&o) {}
    const std::function<sql_status(database&)>* op;
    std::optional<sql_status> result;
    bool done = false, lead = false;
    std::condition_variable wake;  // done, or the next batch is ours to commit
};

sql_result<std::unique_ptr<wal_writer>> wal_writer::open(const std::filesystem::path& path) {
    BOOST_OUTCOME_TRY(db, database::open(path));
    BOOST_OUTCOME_TRY(db.exec("PRAGMA synchronous = NORMAL"));
    BOOST_OUTCOME_TRY(checkpointer, database::open(path));
    std::unique_ptr<wal_writer> w(new wal_writer(std::move(db)));
    // The hook replaces SQLite's autocheckpoint, which would run (and fsync)
    // inside whichever commit crossed the threshold.
    sqlite3_wal_hook(w->db_.handle(), &wal_writer::on_commit, w.get());
    w->checkpointer_ = std::move(checkpointer);
    w->checkpoint_thread_ = std::thread([raw = w.get()] { raw->checkpoint_loop(); });
    return w;
}

wal_writer::~wal_writer() {
    {
        std::lock_guard lock(checkpoint_mutex_);
        stopping_ = true;
    }
    checkpoint_wanted_.notify_one();
    checkpoint_thread_.join();
}

sql_status wal_writer::write(const std::function<sql_status(database&)>& op) {
    request r(op);
    std::unique_lock lock(queue_mutex_);
    pending_.push_back(&r);
    if (committing_) r.wake.wait(lock, [&] { return r.done || r.lead; });
    if (r.done) return std::move(*r.result);

    // We lead: commit everything pending, our request included, then wake
    // exactly the callers served and hand the lead to the first one waiting.
    // Notifying under the lock keeps each request alive until woken.
    committing_ = true;
    const auto batch = std::exchange(pending_, {});
    lock.unlock();
    commit(batch);
    lock.lock();
    for (auto* b : batch) {
        b->done = true;
        if (b != &r) b->wake.notify_one();
    }
    if (pending_.empty()) {
        committing_ = false;
    } else {
        pending_.front()->lead = true;
        pending_.front()->wake.notify_one();
    }
    return std::move(*r.result);
}

void wal_writer::commit(const std::vector<request*>& batch) {
    const auto fail_all = [&](const sql_error& e) {
        for (auto* r : batch) r->result = e;
    };
    if (auto began = db_.exec("BEGIN IMMEDIATE"); !began) return fail_all(began.error());
    for (auto* r : batch) {
        r->result = (*r->op)(db_);
        // Some failures (disk full, I/O) end the whole transaction: then
        // nothing of the batch was written.
        if (!*r->result && sqlite3_get_autocommit(db_.handle())) return fail_all(r->result->error());
    }
    if (auto committed = db_.exec("COMMIT"); !committed) {
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        fail_all(committed.error());
    }
}

int wal_writer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
    if (wal_pages >= checkpoint_pages) {
        auto* w = static_cast<wal_writer*>(self);
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
        lock.unlock();
        // PASSIVE runs alongside writers and readers. A failure only leaves
        // the WAL longer; the next commit asks again.
        sqlite3_wal_checkpoint_v2(checkpointer_.handle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
    }
}

}  // namespace qproxy::storage
