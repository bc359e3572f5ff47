#include "storage/load_file.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <set>

namespace qproxy::storage {

namespace {

// Every fdatasync ends with a flush of the device's cache (1-3 ms each on
// the VM disks measured, more on spinning ones): past this many files, one
// syncfs — a single flush for all of them, though it also writes whatever
// else the file system holds dirty — is far cheaper.
constexpr std::size_t per_file_syncs = 64;

// A director index is one B-tree per director that every loaded row
// extends: a larger cache keeps its right edge in memory.
constexpr std::string_view director_index_pragmas = "PRAGMA cache_size = -65536";

// Runs op(fd) on a descriptor of p opened with `flags`; a missing file is skipped.
template <class Op>
sql_status with_descriptor(const std::filesystem::path& p, int flags, std::string_view what, Op op) {
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == ENOENT) return ok();
        return file_error(p, "open", std::error_code(errno, std::system_category()));
    }
    const int rc = op(fd);
    const std::error_code ec(rc == 0 ? 0 : errno, std::system_category());
    ::close(fd);
    if (rc != 0) return file_error(p, what, ec);
    return ok();
}

// A new chunk file, built at p + ".load" (one left by a crash is replaced):
// no journal, no syncs, its tables created in the load's transaction.
sql_result<load_file> begin_new_file(const std::filesystem::path& p, const std::string& schema, std::int64_t load) {
    scratch_path building(p.string() + ".load");
    std::error_code ec;
    std::filesystem::remove(building.path(), ec);
    BOOST_OUTCOME_TRY(db, database::open(building.path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                         std::chrono::seconds(5), false));
    BOOST_OUTCOME_TRY(db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF"));
    BOOST_OUTCOME_TRY(txn, transaction::begin(db));
    BOOST_OUTCOME_TRY(db.exec(schema));
    BOOST_OUTCOME_TRY(db.exec(fmt::format("PRAGMA user_version = {}", load)));
    return load_file{p, std::move(building), std::move(db), std::move(txn), load};
}

}  // namespace

scratch_path::~scratch_path() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

sql_status load_file::commit() {
    BOOST_OUTCOME_TRY(txn.commit());
    if (!fresh()) return ok();
    // Every file of the store is in WAL mode; switching writes the header only.
    BOOST_OUTCOME_TRY(db.exec("PRAGMA journal_mode = WAL"));
    db = {};
    return ok();
}

sql_status load_file::publish() {
    // Readers open files read-only: the WAL and its index must exist, and be
    // this file's (empty), before the file takes its name.
    for (const auto* suffix : {"-wal", "-shm"}) {
        BOOST_OUTCOME_TRY(with_descriptor(path.string() + suffix, O_WRONLY | O_CREAT | O_TRUNC, "create",
                                          [](int) { return 0; }));
    }
    std::error_code ec;
    std::filesystem::rename(building.path(), path, ec);
    if (ec) return file_error(building.path(), "rename", ec);
    building.release();
    return ok();
}

sql_status make_database_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::create_directories(dir, ec)) {
        if (ec) return file_error(dir, "create directory", ec);
        return ok();
    }
    // A new directory's files are all made with load columns.
    const auto marker = dir / numbered_marker;
    return with_descriptor(marker, O_WRONLY | O_CREAT, "create", [](int) { return 0; });
}

sql_error file_error(const std::filesystem::path& p, std::string_view what, const std::error_code& ec) {
    return {er_unknown_error, "HY000", fmt::format("Can't {} '{}': {}", what, p.string(), ec.message())};
}

// Creates p, atomically, as a WAL-mode file holding the tables of
// file_schema(…, "new_file."): it is made under a temporary name and
// renamed, so a file that exists has its tables (table DDL then keeps every
// file up to date). database::open would switch a new file to WAL through a
// rollback journal with four fsyncs; here the journal is off (nothing to
// roll back in a file nobody sees yet) and so are syncs, which must be set
// before the switch, hence the detour through an attachment.
sql_status create_file(const std::filesystem::path& p, const std::string& schema) {
    const std::filesystem::path temporary = p.string() + ".new";
    std::error_code ec;
    std::filesystem::remove(temporary, ec);  // left by a crash
    BOOST_OUTCOME_TRY(mem, database::open(":memory:"));
    BOOST_OUTCOME_TRY(attach, mem.prepare("ATTACH DATABASE ? AS new_file"));
    BOOST_OUTCOME_TRY(attach.bind_all(temporary.string()));
    BOOST_OUTCOME_TRY(attach.run());
    BOOST_OUTCOME_TRY(mem.exec(fmt::format("PRAGMA new_file.synchronous = OFF; PRAGMA new_file.journal_mode = OFF; "
                                           "BEGIN; {} COMMIT; PRAGMA new_file.journal_mode = WAL; "
                                           "DETACH DATABASE new_file", schema)));
    std::filesystem::rename(temporary, p, ec);
    if (ec) return file_error(temporary, "rename", ec);
    return ok();
}

// Writers never sync (synchronous = OFF): their callers end with
// sync_files(). The WAL file stays when the connection closes, emptied:
// deleting and recreating it at every load and query costs more (inode
// churn) than the empty file.
sql_result<database> open_writable(const std::filesystem::path& p, const std::string& schema) {
    BOOST_OUTCOME_TRY(make_database_dir(p.parent_path()));
    std::error_code ec;
    if (!std::filesystem::exists(p, ec)) {
        BOOST_OUTCOME_TRY(create_file(p, schema));
    }
    // One thread uses a writer: SQLite's per-call mutex is pure cost.
    BOOST_OUTCOME_TRY(db, database::open(p, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX));
    int persist = 1;
    sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    BOOST_OUTCOME_TRY(db.exec("PRAGMA synchronous = OFF; PRAGMA journal_size_limit = 0"));
    return std::move(db);
}

// An existing file's new tables are committed before the load's transaction
// begins: a chunk the catalog lists before the load commits must already
// answer queries, with empty tables.
sql_result<load_file> begin_load(const std::filesystem::path& p, std::span<const table_info> tables, file_kind k,
                                 std::int64_t load) {
    std::error_code ec;
    if (k == file_kind::chunk && !std::filesystem::exists(p, ec)) {
        BOOST_OUTCOME_TRY(make_database_dir(p.parent_path()));
        return begin_new_file(p, file_schema(tables, k, {}), load);
    }
    BOOST_OUTCOME_TRY(db, open_writable(p, file_schema(tables, k, "new_file.")));
    if (k == file_kind::director_index) {
        BOOST_OUTCOME_TRY(db.exec(director_index_pragmas));
    }
    BOOST_OUTCOME_TRY(txn, transaction::begin(db));
    // Queries read this file's rows unfiltered while its number is not above
    // their snapshot's (czar/snapshot.hpp); it rises in the load's transaction.
    BOOST_OUTCOME_TRY(db.exec(fmt::format("PRAGMA user_version = {}", load)));
    return load_file{p, {}, std::move(db), std::move(txn), load};
}

sql_status sync_files(std::span<const std::filesystem::path> files) {
    std::vector<std::filesystem::path> targets;
    std::set<std::filesystem::path> dirs;
    for (const auto& f : files) {
        targets.push_back(f);
        targets.push_back(f.string() + "-wal");
        dirs.insert(f.parent_path());
    }
    if (targets.size() > per_file_syncs) {
        // One syncfs per file system (a database directory may be a link to another disk).
        std::set<dev_t> synced;
        for (const auto& dir : dirs) {
            struct stat st {};
            if (::stat(dir.c_str(), &st) != 0 || !synced.insert(st.st_dev).second) continue;
            BOOST_OUTCOME_TRY(with_descriptor(dir, O_RDONLY | O_DIRECTORY, "sync", [](int fd) { return ::syncfs(fd); }));
        }
        return ok();
    }
    // Dirty pages belong to the file, not the descriptor: start writeback
    // everywhere (directories refuse, harmlessly), then wait file by file.
    for (const auto& p : targets) {
        BOOST_OUTCOME_TRY(with_descriptor(p, O_RDONLY, "sync", [](int fd) {
            ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
            return 0;
        }));
    }
    targets.insert(targets.end(), dirs.begin(), dirs.end());  // new files' directory entries
    for (const auto& p : targets) {
        BOOST_OUTCOME_TRY(with_descriptor(p, O_RDONLY, "sync", [](int fd) { return ::fdatasync(fd); }));
    }
    return ok();
}

sql_status checkpoint_file(const std::filesystem::path& p) {
    BOOST_OUTCOME_TRY(db, open_writable(p, {}));
    return db.exec("PRAGMA wal_checkpoint(PASSIVE)");
}

}  // namespace qproxy::storage
