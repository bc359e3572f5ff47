// loader::commit() and what only it needs (loader.hpp tells the steps).
#include "czar/loader.hpp"

#include <spdlog/spdlog.h>

namespace qproxy::czar {

sql_status loader::chunk_file::commit() {
    if (file.fresh()) insert = {}, overlap_insert = {};  // finalized before the file closes
    return file.commit();
}

sql_status loader::on_both_threads(std::size_t n, const std::function<sql_status(std::size_t)>& op) {
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 2) {
            BOOST_OUTCOME_TRY(pipeline_.submit(0, [&op, i] { return op(i); }));
            continue;
        }
        if (auto done = op(i); !done) {
            (void)pipeline_.drain();  // op must outlive the jobs; this error is the one to report
            return done;
        }
    }
    return pipeline_.drain();
}

sql_status loader::apply_staged(std::vector<std::filesystem::path>& committed) {
    std::unique_ptr<chunk_file> file;
    std::int32_t open_id = 0;
    // Committed, then closed without its checkpoint: commit()'s second step does it.
    const auto close = [&]() -> sql_status {
        if (!file) return ok();
        BOOST_OUTCOME_TRY(file->file.commit());  // its file exists (create_chunk_file): never a new one
        file->file.keep_wal_on_close();
        committed.push_back(file->file.path);
        file.reset();
        return ok();
    };
    BOOST_OUTCOME_TRY(staging_->read([&](std::int32_t chunk_id, bool overlap, const row_buffer& rows) -> sql_status {
        if (!file || chunk_id != open_id) {
            BOOST_OUTCOME_TRY(close());
            BOOST_OUTCOME_TRY(opened, open_file(store_.begin_chunk_load(table_.db, chunk_id, load_)));
            file = std::move(opened);
            open_id = chunk_id;
        }
        return write(*file, overlap, rows);
    }));
    return close();
}

sql_result<load_report> loader::commit() {
    if (failed_ || committed_) return over();
    failed_ = true;  // a commit that fails half-way cannot be retried
    BOOST_OUTCOME_TRY(pipeline_.drain());
    BOOST_OUTCOME_TRY(flush_all(true));
    load_report report;
    report.rows = rows_;
    std::vector<std::int32_t> ids;
    for (const auto& [id, w] : writers_) {
        if (w.rows == 0) continue;  // overlap copies only, or its row skipped as a duplicate
        ids.push_back(id);
        report.rows_per_chunk[id] = w.rows;
    }
    std::vector<chunk_file*> fresh, existing;
    for (auto& [id, w] : writers_) {
        if (w.file) (w.file->file.fresh() ? fresh : existing).push_back(w.file.get());
    }
    if (replicated_) existing.push_back(replicated_->file.get());
    // New chunk files: written out (half on each core), durable, then renamed
    // into place before the catalog lists them or the director index points there.
    BOOST_OUTCOME_TRY(on_both_threads(fresh.size(), [&](std::size_t i) { return fresh[i]->commit(); }));
    std::vector<std::filesystem::path> built, paths;
    for (const auto* f : fresh) built.push_back(f->file.building.path());
    BOOST_OUTCOME_TRY(storage::sync_files(built));
    // From here on rows numbered load_ reach files under their names: the
    // catalog knows first, so that a commit cut short is undone (~loader,
    // chunk_store::recover_load). Queries read up to the published load.
    BOOST_OUTCOME_TRY(catalog_.begin_load_commit(table_.db, load_));
    commit_began_ = true;
    for (auto* f : fresh) {  // on one thread: creating files in one directory serializes on it
        BOOST_OUTCOME_TRY(f->file.publish());
        paths.push_back(f->file.path);
    }
    std::vector<std::filesystem::path> logged;  // files written through their WAL
    if (index_file_) {  // before the existing chunk files, alone
        BOOST_OUTCOME_TRY(index_file_->commit());
        logged.push_back(index_file_->path);
    }
    // Committing writes each connection's dirty pages into its WAL: half of the files on each core.
    BOOST_OUTCOME_TRY(on_both_threads(existing.size(), [&](std::size_t i) { return existing[i]->commit(); }));
    for (const auto* f : existing) logged.push_back(f->file.path);
    std::vector<std::filesystem::path> staged;
    if (staging_) {
        BOOST_OUTCOME_TRY(apply_staged(staged));
    }
    logged.insert(logged.end(), staged.begin(), staged.end());
    paths.insert(paths.end(), logged.begin(), logged.end());
    BOOST_OUTCOME_TRY(storage::sync_files(paths));  // the WALs, and the new files' names
    // Every row is durable: the load becomes visible, whole.
    BOOST_OUTCOME_TRY(catalog_.publish_load(table_.db, load_, ids));
    failed_ = false;
    committed_ = true;
    // Copying the WALs into their files only tidies up: the rows are durable
    // in the WALs already, and the next writer or checkpoint of a file
    // finishes the job. A failure is logged, not the load's.
    std::vector<storage::load_file*> files;
    if (index_file_) files.push_back(&*index_file_);
    for (auto* f : existing) files.push_back(&f->file);
    auto tidied = on_both_threads(files.size() + staged.size(), [&](std::size_t i) {
        return i < files.size() ? files[i]->checkpoint() : storage::checkpoint_file(staged[i - files.size()]);
    });
    if (tidied) tidied = storage::sync_files(logged);
    if (!tidied)
        spdlog::warn("load of {}.{}: checkpointing its files: {}", table_.db, table_.name, tidied.error().message);
    close_files();
    lock_.unlock();  // every connection closed before the database's next load may start
    return report;
}

void loader::close_files() {
    (void)pipeline_.drain();  // nothing of its may outlive the files
    dense_.clear();
    writers_.clear();
    staging_.reset();
    replicated_.reset();
    keys_.reset();
    index_file_.reset();
    index_find_ = {};
    index_reader_ = {};
}

loader::~loader() {
    if (!commit_began_ || committed_) return;
    close_files();  // rolls back what was not committed
    if (auto undone = store_.recover_load(table_.db); !undone)
        spdlog::error("load of {}.{}: undoing its cut commit failed ({}); the next load or start retries",
                      table_.db, table_.name, undone.error().message);
}

}  // namespace qproxy::czar
