// The files a load writes, and how they become durable (czar/loader.hpp
// orders the steps). Loads write without syncing (synchronous = OFF); the
// loader makes all its files durable together with sync_files().
//
// A file that exists is written through its WAL, inside one transaction:
//   commit(), sync_files(), checkpoint(), sync_files()
// (the WAL is on disk before a checkpoint overwrites pages of the file).
// A chunk file new to the load is built under another name (building()),
// without journal (nothing to roll back: unless published it is deleted),
// so its pages are written once, never through a WAL:
//   commit() (writes it out, switches it to WAL mode, closes it),
//   sync_files({building()}), publish() (renames it into place: a reader sees
//   no file or all of it), and sync_files() of its directory.
#pragma once

#include "storage/chunk_schema.hpp"
#include "storage/sqlite.hpp"

#include <filesystem>
#include <span>
#include <string>
#include <utility>

namespace qproxy::storage {

// A file deleted with this object unless released (a new file not published).
class scratch_path {
public:
    scratch_path() = default;
    explicit scratch_path(std::filesystem::path p) : path_(std::move(p)) {}
    scratch_path(scratch_path&& other) noexcept : path_(std::exchange(other.path_, {})) {}
    scratch_path& operator=(scratch_path&&) = delete;
    scratch_path(const scratch_path&) = delete;
    scratch_path& operator=(const scratch_path&) = delete;
    ~scratch_path();

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    void release() { path_.clear(); }

private:
    std::filesystem::path path_;
};

// One file written by a load: a connection inside one transaction, rolled
// back (a new file: deleted) unless committed and published.
struct load_file {
    std::filesystem::path path;
    scratch_path building{};  // a new file: where it is built; declared before db: deleted after it closes
    database db;
    transaction txn;  // declared after db: rolls back before the connection closes
    std::int64_t load = 0;  // the load's number: its rows' load_column, and the file's user_version

    [[nodiscard]] bool fresh() const { return !building.path().empty(); }
    // A new file is closed: statements prepared on db must be finalized first.
    [[nodiscard]] sql_status commit();
    // A new file, committed and synced: takes its name, with an empty WAL.
    [[nodiscard]] sql_status publish();
    // Copies the committed WAL into the file, without waiting for readers.
    [[nodiscard]] sql_status checkpoint() { return db.exec("PRAGMA wal_checkpoint(PASSIVE)"); }
    // For a file closed between commit() and sync_files(): closing would
    // otherwise checkpoint a WAL not yet durable; checkpoint_file() does it later.
    void keep_wal_on_close() { sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr); }
};

// Load number `load` of p, a file of kind k of a database holding `tables`:
// created with its tables when missing (a missing chunk file is built as a
// new file). The file's user_version becomes `load` in the load's transaction.
[[nodiscard]] sql_result<load_file> begin_load(const std::filesystem::path& p, std::span<const table_info> tables,
                                               file_kind k, std::int64_t load);

// Makes files durable: each file, its WAL, and their directories. Writeback
// of all of them starts before the first wait, so the disk sees one stream
// of writes (and, unlike syncfs, nobody else's dirty data is waited for);
// but each fdatasync flushes the device's cache: for more than a few dozen
// files, one syncfs of their file system instead.
[[nodiscard]] sql_status sync_files(std::span<const std::filesystem::path> files);

// load_file::checkpoint() of a file whose load closed it (keep_wal_on_close).
[[nodiscard]] sql_status checkpoint_file(const std::filesystem::path& p);

// For chunk_store: a writable connection to p (created with `schema`, for
// "new_file.", when missing), and the creation itself.
[[nodiscard]] sql_result<database> open_writable(const std::filesystem::path& p, const std::string& schema);
[[nodiscard]] sql_status create_file(const std::filesystem::path& p, const std::string& schema);
// A database's directory, made when missing (with its numbered_marker).
[[nodiscard]] sql_status make_database_dir(const std::filesystem::path& dir);
[[nodiscard]] sql_error file_error(const std::filesystem::path& p, std::string_view what, const std::error_code& ec);

}  // namespace qproxy::storage
