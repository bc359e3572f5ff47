#include "storage/chunk_store.hpp"

#include "storage/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace qproxy::storage {

namespace {

using kind_t = partitioning::kind_t;

// Read connections map up to this much of a file: scans then read SQLite's
// pages straight from the OS page cache instead of copying them.
constexpr std::string_view read_pragmas = "PRAGMA mmap_size = 1073741824";

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

// Runs sql in its own transaction on the file (created when missing).
sql_status change_file(const std::filesystem::path& p, const std::string& sql) {
    BOOST_OUTCOME_TRY(db, open_writable(p, {}));
    BOOST_OUTCOME_TRY(txn, transaction::begin(db));
    BOOST_OUTCOME_TRY(db.exec(sql));
    return txn.commit();
}

}  // namespace

std::string replicated_schema(std::size_t i) { return fmt::format("rep_{}", i); }

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

sql_result<load_file> chunk_store::begin_chunk_load(std::string_view db, std::int32_t chunk_id,
                                                    std::int64_t load) const {
    return begin_load(chunk_path(db, chunk_id), catalog_.tables(db), file_kind::chunk, load);
}

sql_status chunk_store::create_chunk_file(std::string_view db, std::int32_t chunk_id) const {
    const auto p = chunk_path(db, chunk_id);
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) return ok();
    BOOST_OUTCOME_TRY(make_database_dir(p.parent_path()));
    return create_file(p, file_schema(catalog_.tables(db), file_kind::chunk, "new_file."));
}

sql_result<load_file> chunk_store::begin_replicated_load(std::string_view db, std::int64_t load) const {
    return begin_load(replicated_path(db), catalog_.tables(db), file_kind::replicated, load);
}

sql_result<load_file> chunk_store::begin_director_index_load(std::string_view db, std::int64_t load) const {
    return begin_load(director_index_path(db), catalog_.tables(db), file_kind::director_index, load);
}

}  // namespace qproxy::storage
