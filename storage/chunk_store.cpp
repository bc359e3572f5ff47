#include "storage/chunk_store.hpp"

#include "parser/print_sqlite.hpp"
#include "parser/typing.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <set>

namespace qproxy::storage {

namespace {

using kind_t = partitioning::kind_t;

// Read connections map up to this much of a file: scans then read SQLite's
// pages straight from the OS page cache instead of copying them.
constexpr std::string_view read_pragmas = "PRAGMA mmap_size = 1073741824";
// A director index is one B-tree per director that every loaded row
// extends: a larger cache keeps its right edge in memory.
constexpr std::string_view director_index_pragmas = "PRAGMA cache_size = -65536";

// The files of a database, and which tables each holds.
enum class file_kind { chunk, replicated, director_index };

std::string sqlite_name(std::string_view name) { return sql::sqlite_quote_identifier(name); }

const column_info* find_column(const table_info& t, std::string_view name) {
    for (const auto& c : t.columns) {
        if (iequals(c.name, name)) return &c;
    }
    return nullptr;
}

bool has_director_index(const table_info& t) {
    return (t.part.kind == kind_t::sky || t.part.kind == kind_t::hash) && !t.part.key.empty();
}

bool belongs(const table_info& t, file_kind k) {
    switch (k) {
    case file_kind::chunk: return t.part.kind != kind_t::none;
    case file_kind::replicated: return t.part.kind == kind_t::none;
    case file_kind::director_index: return has_director_index(t);
    }
    return false;
}

// The CREATE statements of t in a file of kind k (t belongs there), in
// `schema` ("" or an attached schema's name and a dot).
std::string table_schema(const table_info& t, file_kind k, std::string_view schema) {
    const std::string name = sqlite_name(t.name);
    if (k == file_kind::director_index) {
        // Keys compare as the engine compares the column; text keys in a
        // _ci collation fold ASCII case, so pruning never misses a row.
        const column_info& key = *find_column(t, t.part.key);
        const bool fold = sqlite_type(key.meta) == "TEXT" && key.collation && key.collation->find("_ci") != std::string::npos;
        return fmt::format("CREATE TABLE IF NOT EXISTS {}{} (\"key\" {}{} NOT NULL PRIMARY KEY, "
                           "chunk_id INTEGER NOT NULL, sub_chunk_id INTEGER NOT NULL) WITHOUT ROWID;\n",
                           schema, name, sqlite_type(key.meta), fold ? " COLLATE NOCASE" : "");
    }
    // Director and child rows are found by director key: point lookups,
    // and the join of a child with its director inside a chunk. An integer
    // director key (unique, never NULL) is the table's rowid: no separate
    // index to maintain.
    const column_info* key = k == file_kind::chunk && !t.part.key.empty() ? find_column(t, t.part.key) : nullptr;
    const bool key_is_rowid = key && has_director_index(t) && sqlite_type(key->meta) == "INTEGER";
    std::string columns;
    for (const auto& c : t.columns) {
        if (!columns.empty()) columns += ", ";
        columns += fmt::format("{} {}{}", sqlite_name(c.name), sqlite_type(c.meta),
                               key_is_rowid && &c == key ? " PRIMARY KEY" : "");
    }
    std::string sql = fmt::format("CREATE TABLE IF NOT EXISTS {}{} ({});\n", schema, name, columns);
    if (key && !key_is_rowid) {
        sql += fmt::format("CREATE INDEX IF NOT EXISTS {}{} ON {} ({});\n", schema,
                           sqlite_name(t.name + ".director_key"), name, sqlite_name(key->name));
    }
    if (k != file_kind::chunk || t.part.kind != kind_t::sky) return sql;
    // A sky director's overlap table: copies of the rows of other chunks within
    // the overlap of this one, for near-neighbour joins. Both tables index
    // (lat, lon): a near-neighbour join seeks its partners' latitude band and
    // computes their distances from the index alone.
    const std::string overlap = sqlite_name(overlap_table(t.name));
    sql += fmt::format("CREATE TABLE IF NOT EXISTS {}{} ({});\n", schema, overlap, columns);
    for (const auto& table : {t.name, overlap_table(t.name)}) {
        sql += fmt::format("CREATE INDEX IF NOT EXISTS {}{} ON {} ({}, {});\n", schema, sqlite_name(table + ".position"),
                           sqlite_name(table), sqlite_name(t.part.lat), sqlite_name(t.part.lon));
    }
    return sql;
}

// Drops t from a file, its overlap table too (a sky director's).
std::string drop_schema(const table_info& t) {
    std::string sql = fmt::format("DROP TABLE IF EXISTS {};\n", sqlite_name(t.name));
    if (t.part.kind == kind_t::sky) sql += fmt::format("DROP TABLE IF EXISTS {};\n", sqlite_name(overlap_table(t.name)));
    return sql;
}

// Every table of a new file of kind k.
std::string file_schema(std::span<const table_info> tables, file_kind k, std::string_view schema) {
    std::string sql;
    for (const auto& t : tables) {
        if (belongs(t, k)) sql += table_schema(t, k, schema);
    }
    return sql;
}

// Database names may hold any character: bytes outside [A-Za-z0-9_$-] are
// written @xx (hex), so every name is one safe directory name.
std::string directory_name(std::string_view db) {
    std::string out;
    for (const char c : db) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '_' || c == '$' || c == '-') {
            out += c;
        } else {
            out += fmt::format("@{:02x}", u);
        }
    }
    return out;
}

sql_error file_error(const std::filesystem::path& p, std::string_view what, const std::error_code& ec) {
    return {er_unknown_error, "HY000", fmt::format("Can't {} '{}': {}", what, p.string(), ec.message())};
}

sql_result<database> open_read(const std::filesystem::path& p) {
    BOOST_OUTCOME_TRY(db, database::open(p, SQLITE_OPEN_READONLY));
    BOOST_OUTCOME_TRY(db.exec(read_pragmas));
    return std::move(db);
}

// Attached files inherit main's read-only open flags.
sql_status attach(database& db, const chunk_store& store, std::span<const std::string> replicated_dbs) {
    for (std::size_t i = 0; i < replicated_dbs.size(); ++i) {
        BOOST_OUTCOME_TRY(stmt, db.prepare(fmt::format("ATTACH DATABASE ? AS {}", replicated_schema(i))));
        BOOST_OUTCOME_TRY(stmt.bind_all(store.replicated_path(replicated_dbs[i]).string()));
        BOOST_OUTCOME_TRY(stmt.run());
    }
    return ok();
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

// A writable connection to p, creating the file (and its directory) with
// `schema` when missing. Writers never sync (synchronous = OFF): their
// callers end with sync_files(). The WAL file stays when the connection
// closes, emptied: deleting and recreating it at every load and query costs
// more (inode churn) than the empty file.
sql_result<database> open_writable(const std::filesystem::path& p, const std::string& schema) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return file_error(p.parent_path(), "create directory", ec);
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

// A new file is created with its tables before the load's transaction
// begins: a chunk the catalog lists before the load commits must already
// answer queries, with empty tables.
sql_result<load_file> begin_load(const std::filesystem::path& p, std::span<const table_info> tables, file_kind k) {
    BOOST_OUTCOME_TRY(db, open_writable(p, file_schema(tables, k, "new_file.")));
    if (k == file_kind::director_index) {
        BOOST_OUTCOME_TRY(db.exec(director_index_pragmas));
    }
    BOOST_OUTCOME_TRY(txn, transaction::begin(db));
    return load_file{p, std::move(db), std::move(txn)};
}

// Runs op(fd) on a read-only descriptor of p; a missing file is skipped.
template <class Op>
sql_status with_descriptor(const std::filesystem::path& p, Op op) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return ok();
        return file_error(p, "open", std::error_code(errno, std::system_category()));
    }
    const int rc = op(fd);
    const std::error_code ec(rc == 0 ? 0 : errno, std::system_category());
    ::close(fd);
    if (rc != 0) return file_error(p, "sync", ec);
    return ok();
}

}  // namespace

sql_status sync_files(std::span<const std::filesystem::path> files) {
    std::vector<std::filesystem::path> targets;
    std::set<std::filesystem::path> dirs;
    for (const auto& f : files) {
        targets.push_back(f);
        targets.push_back(f.string() + "-wal");
        dirs.insert(f.parent_path());
    }
    // Dirty pages belong to the file, not the descriptor: start writeback
    // everywhere (directories refuse, harmlessly), then wait file by file.
    for (const auto& p : targets) {
        BOOST_OUTCOME_TRY(with_descriptor(p, [](int fd) {
            ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
            return 0;
        }));
    }
    targets.insert(targets.end(), dirs.begin(), dirs.end());  // new files' directory entries
    for (const auto& p : targets) {
        BOOST_OUTCOME_TRY(with_descriptor(p, [](int fd) { return ::fdatasync(fd); }));
    }
    return ok();
}

sql_status checkpoint_file(const std::filesystem::path& p) {
    BOOST_OUTCOME_TRY(db, open_writable(p, {}));
    return db.exec("PRAGMA wal_checkpoint(PASSIVE)");
}

namespace {

// Runs sql in its own transaction on the file (created when missing).
sql_status change_file(const std::filesystem::path& p, const std::string& sql) {
    BOOST_OUTCOME_TRY(db, open_writable(p, {}));
    BOOST_OUTCOME_TRY(txn, transaction::begin(db));
    BOOST_OUTCOME_TRY(db.exec(sql));
    return txn.commit();
}

}  // namespace

std::string replicated_schema(std::size_t i) { return fmt::format("rep_{}", i); }

std::string overlap_table(std::string_view table) { return fmt::format("{}FullOverlap", table); }

std::string_view sqlite_type(const column_meta& m) {
    if (sql::is_integer_type(m)) return "INTEGER";
    if (sql::is_decimal_type(m) || sql::is_real_type(m)) return "REAL";
    if (sql::is_binary_string(m)) return "BLOB";
    return "TEXT";
}

chunk_store::chunk_store(catalog& cat, const std::filesystem::path& data_dir)
    : catalog_(cat), root_(data_dir / "chunks") {}

std::filesystem::path chunk_store::database_dir(std::string_view db) const { return root_ / directory_name(db); }

std::filesystem::path chunk_store::chunk_path(std::string_view db, std::int32_t chunk_id) const {
    return database_dir(db) / fmt::format("chunk_{}.sqlite3", chunk_id);
}

std::filesystem::path chunk_store::replicated_path(std::string_view db) const {
    return database_dir(db) / "replicated.sqlite3";
}

std::filesystem::path chunk_store::director_index_path(std::string_view db) const {
    return database_dir(db) / "director_index.sqlite3";
}

std::vector<std::filesystem::path> chunk_store::chunk_files(std::string_view db) const {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(database_dir(db), ec)) {
        const std::string name = entry.path().filename().string();
        constexpr std::string_view prefix = "chunk_", suffix = ".sqlite3";
        if (!name.starts_with(prefix) || !name.ends_with(suffix)) continue;
        const std::string_view digits(name.data() + prefix.size(), name.size() - prefix.size() - suffix.size());
        std::int32_t id = 0;
        const auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
        if (err == std::errc() && end == digits.data() + digits.size()) files.push_back(entry.path());
    }
    return files;  // a missing directory has no chunk files
}

sql_status chunk_store::change_files(std::span<const std::filesystem::path> files, const std::string& sql) const {
    for (const auto& f : files) {
        BOOST_OUTCOME_TRY(change_file(f, sql));
    }
    return sync_files(files);
}

sql_status chunk_store::create_files(const table_info& t) const {
    const std::string drop = drop_schema(t);
    if (belongs(t, file_kind::replicated)) {
        const auto file = replicated_path(t.db);
        return change_files({&file, 1}, drop + table_schema(t, file_kind::replicated, {}));
    }
    BOOST_OUTCOME_TRY(change_files(chunk_files(t.db), drop + table_schema(t, file_kind::chunk, {})));
    if (!belongs(t, file_kind::director_index)) return ok();
    const auto index = director_index_path(t.db);
    return change_files({&index, 1}, drop + table_schema(t, file_kind::director_index, {}));
}

sql_status chunk_store::drop_files(const table_info& t) const {
    const std::string drop = drop_schema(t);
    if (belongs(t, file_kind::replicated)) {
        const auto file = replicated_path(t.db);
        return change_files({&file, 1}, drop);
    }
    if (belongs(t, file_kind::director_index)) {
        const auto index = director_index_path(t.db);
        BOOST_OUTCOME_TRY(change_files({&index, 1}, drop));
    }
    const auto tables = catalog_.tables(t.db);
    const bool partitioned_left =
        std::any_of(tables.begin(), tables.end(), [](const table_info& other) { return belongs(other, file_kind::chunk); });
    if (partitioned_left) return change_files(chunk_files(t.db), drop);
    // The last partitioned table: its chunks go altogether.
    BOOST_OUTCOME_TRY(catalog_.clear_chunks(t.db));
    for (const auto& file : chunk_files(t.db)) {
        for (const auto* suffix : {"", "-wal", "-shm"}) {
            std::error_code ec;
            const auto p = file.string() + suffix;
            std::filesystem::remove(p, ec);
            if (ec) return file_error(p, "remove", ec);
        }
    }
    return ok();
}

sql_status chunk_store::create_table(table_info t, bool if_not_exists, bool& existed) {
    const std::string db = t.db, name = t.name;
    const auto lock = lock_database(db);
    // An overlap table shares its director's files: no table may take its name.
    const table_info& declared = t;
    for (const auto& other : catalog_.tables(db)) {
        for (const auto& [director, table] : {std::pair{&other, &declared}, std::pair{&declared, &other}}) {
            if (director->part.kind == kind_t::sky && iequals(overlap_table(director->name), table->name)) {
                return sql_error{1050, "42S01", fmt::format("Table '{}' already exists: it is the overlap table of '{}'",
                                                            overlap_table(director->name), director->name)};
            }
        }
    }
    BOOST_OUTCOME_TRY(catalog_.create_table(std::move(t), if_not_exists, existed));
    if (existed) return ok();
    auto created = create_files(*catalog_.find_table(db, name));
    if (!created) {
        bool dropped = false;
        (void)catalog_.drop_table(db, name, true, dropped);  // the files' error is the one to report
    }
    return created;
}

sql_status chunk_store::drop_table(std::string_view db, std::string_view name, bool if_exists, bool& existed) {
    const auto lock = lock_database(db);
    const auto t = catalog_.find_table(db, name);
    BOOST_OUTCOME_TRY(catalog_.drop_table(db, name, if_exists, existed));
    if (!existed) return ok();
    return drop_files(*t);
}

sql_status chunk_store::drop_database(std::string_view name, bool if_exists, bool& existed) {
    const auto lock = lock_database(name);
    BOOST_OUTCOME_TRY(catalog_.drop_database(name, if_exists, existed));
    if (!existed) return ok();
    std::error_code ec;
    std::filesystem::remove_all(database_dir(name), ec);
    if (ec) return file_error(database_dir(name), "remove", ec);
    return ok();
}

sql_result<database> chunk_store::open_chunk(std::string_view db, std::int32_t chunk_id,
                                             std::span<const std::string> replicated_dbs) const {
    BOOST_OUTCOME_TRY(conn, open_read(chunk_path(db, chunk_id)));
    BOOST_OUTCOME_TRY(attach(conn, *this, replicated_dbs));
    return std::move(conn);
}

sql_result<database> chunk_store::open_replicated(std::span<const std::string> replicated_dbs) const {
    BOOST_OUTCOME_TRY(conn, open_read(":memory:"));
    BOOST_OUTCOME_TRY(attach(conn, *this, replicated_dbs));
    return std::move(conn);
}

sql_result<database> chunk_store::open_director_index(std::string_view db) const {
    return open_read(director_index_path(db));
}

std::mutex& chunk_store::database_mutex(std::string_view db) {
    std::lock_guard guard(locks_mutex_);
    return locks_.try_emplace(std::string(db)).first->second;
}

std::unique_lock<std::mutex> chunk_store::lock_database(std::string_view db) {
    return std::unique_lock(database_mutex(db));
}

std::unique_lock<std::mutex> chunk_store::try_lock_database(std::string_view db) {
    return std::unique_lock(database_mutex(db), std::try_to_lock);
}

sql_result<load_file> chunk_store::begin_chunk_load(std::string_view db, std::int32_t chunk_id) const {
    return begin_load(chunk_path(db, chunk_id), catalog_.tables(db), file_kind::chunk);
}

sql_status chunk_store::create_chunk_file(std::string_view db, std::int32_t chunk_id) const {
    const auto p = chunk_path(db, chunk_id);
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) return ok();
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return file_error(p.parent_path(), "create directory", ec);
    return create_file(p, file_schema(catalog_.tables(db), file_kind::chunk, "new_file."));
}

sql_result<load_file> chunk_store::begin_replicated_load(std::string_view db) const {
    return begin_load(replicated_path(db), catalog_.tables(db), file_kind::replicated);
}

sql_result<load_file> chunk_store::begin_director_index_load(std::string_view db) const {
    return begin_load(director_index_path(db), catalog_.tables(db), file_kind::director_index);
}

}  // namespace qproxy::storage
