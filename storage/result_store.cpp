#include "storage/result_store.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>

namespace qproxy::storage {

namespace {

constexpr std::string_view prefix = "result_";
constexpr std::string_view final_suffix = ".sqlite3";
constexpr std::string_view building_suffix = ".building";

sql_error file_error(std::string_view what, const std::filesystem::path& path, std::string_view why) {
    return {er_unknown_error, "HY000", fmt::format("{} {}: {}", what, path.string(), why)};
}

// fsync: of a file, its data; of a directory, the names in it.
sql_status sync_path(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return file_error("open", path, std::strerror(errno));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return file_error("fsync", path, std::strerror(err));
    return ok();
}

// Removes a result file; true if it existed. Result files never have
// companions: no journal (journal_mode OFF), no WAL.
bool remove_files(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::remove(path, ec);
}

// Calls fn for each entry of dir, without exceptions.
template <class Fn>
sql_status for_each_file(const std::filesystem::path& dir, Fn fn) {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) fn(*it);
    if (ec) return file_error("list", dir, ec.message());
    return ok();
}

// The id in "result_<id><suffix>", if name has that shape.
std::optional<std::int64_t> id_of(std::string_view name, std::string_view suffix) {
    if (!name.starts_with(prefix) || !name.ends_with(suffix)) return std::nullopt;
    const auto digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
    return id;
}

// The `result` table, and `meta` unless the columns stay in memory (transient).
std::string result_schema(std::span<const column_meta> columns, bool meta) {
    std::string cols;
    for (std::size_t i = 0; i < columns.size(); ++i) cols += fmt::format("{}c{}", i ? ", " : "", i);
    std::string sql = fmt::format("CREATE TABLE result ({});", cols);
    if (meta) {
        sql += "CREATE TABLE meta (position INTEGER PRIMARY KEY, db TEXT NOT NULL, tbl TEXT NOT NULL, "
               "org_table TEXT NOT NULL, name TEXT NOT NULL, org_name TEXT NOT NULL, charset INTEGER NOT NULL, "
               "length INTEGER NOT NULL, type INTEGER NOT NULL, flags INTEGER NOT NULL, decimals INTEGER NOT NULL);";
    }
    return sql;
}

sql_status write_meta(database& db, std::span<const column_meta> columns) {
    BOOST_OUTCOME_TRY(insert, db.prepare("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto& c = columns[i];
        insert.reset();
        BOOST_OUTCOME_TRY(insert.bind_all(i, c.db, c.table, c.org_table, c.name, c.org_name, c.charset, c.length,
                                          static_cast<int>(c.type), c.flags, c.decimals));
        BOOST_OUTCOME_TRY(insert.run());
    }
    return ok();
}

sql_result<std::vector<column_meta>> read_meta(database& db) {
    BOOST_OUTCOME_TRY(select, db.prepare("SELECT db, tbl, org_table, name, org_name, charset, length, type, flags, "
                                         "decimals FROM meta ORDER BY position"));
    std::vector<column_meta> columns;
    for (;;) {
        BOOST_OUTCOME_TRY(more, select.step());
        if (!more) return columns;
        column_meta& c = columns.emplace_back();
        c.db = select.column_text(0);
        c.table = select.column_text(1);
        c.org_table = select.column_text(2);
        c.name = select.column_text(3);
        c.org_name = select.column_text(4);
        c.charset = static_cast<std::uint16_t>(select.column_int64(5));
        c.length = static_cast<std::uint32_t>(select.column_int64(6));
        c.type = static_cast<field_type>(select.column_int64(7));
        c.flags = static_cast<std::uint16_t>(select.column_int64(8));
        c.decimals = static_cast<std::uint8_t>(select.column_int64(9));
    }
}

// A result database with its `result` and `meta` tables; path "" makes an
// SQLite temporary database, without `meta` (its reader gets the columns
// from the writer: a small SYNC query's result costs less to set up).
// Result files take no locks (SQLite's "unix-none" VFS): one writer builds a
// file nobody else opens, readers open it once it is published and
// immutable. Skipping POSIX locking also skips the walk of SQLite's list of
// the process's open files that every open does to share their locks —
// thousands long while chunk connections are pooled (~1 ms per SUBMIT).
constexpr const char* result_vfs = "unix-none";

sql_result<database> make_result_db(const std::filesystem::path& path, std::span<const column_meta> columns) {
    const plain_open_scope plain;  // a merge registers the functions it needs
    BOOST_OUTCOME_TRY(db, database::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, std::chrono::seconds(5), false,
                                         path.empty() ? nullptr : result_vfs));
    // Speed over safety while building: a crash discards the file anyway.
    BOOST_OUTCOME_TRY(db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF"));
    const bool meta = !path.empty();
    BOOST_OUTCOME_TRY(db.exec("BEGIN"));
    BOOST_OUTCOME_TRY(db.exec(result_schema(columns, meta)));
    if (meta) {
        BOOST_OUTCOME_TRY(write_meta(db, columns));
    }
    BOOST_OUTCOME_TRY(db.exec("COMMIT"));
    return db;
}

}  // namespace

sql_error no_such_result(std::int64_t id) {
    return {er::no_such_table, "42S02", fmt::format("Table 'qservResult.result_{}' doesn't exist", id)};
}

result_writer::result_writer(database db, std::filesystem::path building, std::filesystem::path final_path,
                             std::vector<column_meta> columns) noexcept
    : db_(std::move(db)), building_(std::move(building)), final_(std::move(final_path)), columns_(std::move(columns)) {}

result_writer::result_writer(result_writer&& other) noexcept
    : db_(std::move(other.db_)), building_(std::move(other.building_)), final_(std::move(other.final_)),
      columns_(std::move(other.columns_)), completed_(std::exchange(other.completed_, true)) {}

result_writer::~result_writer() {
    if (completed_) return;
    db_ = database();
    if (!building_.empty()) remove_files(building_);
}

sql_result<std::int64_t> result_writer::bytes() {
    BOOST_OUTCOME_TRY(size, db_.prepare("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size"));
    BOOST_OUTCOME_TRY(size.step());
    return size.column_int64(0);
}

sql_status result_writer::complete() {
    if (!sqlite3_get_autocommit(db_.handle())) {
        return sql_error{er_unknown_error, "HY000",
                         fmt::format("{}: a transaction is still open", building_.string())};
    }
    // Every commit already wrote its pages to the file: closing loses
    // nothing, and the file is then ours to sync and rename.
    db_ = database();
    BOOST_OUTCOME_TRY(sync_path(building_));
    std::error_code ec;
    // The mtime is the completion time that retention counts from.
    std::filesystem::last_write_time(building_, std::filesystem::file_time_type::clock::now(), ec);
    if (!ec) std::filesystem::rename(building_, final_, ec);
    if (ec) return file_error("publish", final_, ec.message());
    completed_ = true;
    return sync_path(final_.parent_path());
}

sql_result<result_reader> result_reader::over(database db) {
    BOOST_OUTCOME_TRY(columns, read_meta(db));
    return over(std::move(db), std::move(columns));
}

sql_result<result_reader> result_reader::over(database db, std::vector<column_meta> columns) {
    BOOST_OUTCOME_TRY(rows, db.prepare("SELECT * FROM result ORDER BY rowid"));
    return result_reader(std::move(db), std::move(columns), std::move(rows));
}

sql_result<result_reader> result_writer::into_reader() && {
    completed_ = true;
    auto db = std::move(db_);
    return result_reader::over(std::move(db), std::move(columns_));
}

sql_result<result_store> result_store::open(const std::filesystem::path& data_dir) {
    const auto dir = data_dir / "results";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return file_error("create", dir, ec.message());
    // Unfinished results from before a crash: nobody may read them.
    std::vector<std::filesystem::path> leftovers;
    BOOST_OUTCOME_TRY(for_each_file(dir, [&](const std::filesystem::directory_entry& entry) {
        const auto name = entry.path().filename().string();
        if (name.starts_with(prefix) && name.find(building_suffix) != std::string::npos) {
            leftovers.push_back(entry.path());
        }
    }));
    for (const auto& path : leftovers) std::filesystem::remove(path, ec);
    return result_store(dir);
}

std::filesystem::path result_store::path_of(std::int64_t id) const {
    return dir_ / fmt::format("{}{}{}", prefix, id, final_suffix);
}

bool result_store::exists(std::int64_t id) const {
    std::error_code ec;
    return std::filesystem::exists(path_of(id), ec);
}

sql_result<result_writer> result_store::create(std::int64_t id, std::span<const column_meta> columns) const {
    // Ids are never reused and open() removed what a crash left: the name is free.
    auto building = dir_ / fmt::format("{}{}{}", prefix, id, building_suffix);
    // Built before the writer exists, so a failure deletes the file itself.
    auto made = make_result_db(building, columns);
    if (!made) {
        remove_files(building);
        return made.error();
    }
    return result_writer(std::move(made).value(), std::move(building), path_of(id));
}

sql_result<result_writer> result_store::create_transient(std::span<const column_meta> columns) {
    BOOST_OUTCOME_TRY(db, make_result_db("", columns));
    return result_writer(std::move(db), {}, {}, {columns.begin(), columns.end()});
}

sql_result<result_reader> result_store::open_result(std::int64_t id) const {
    const auto path = path_of(id);
    if (!exists(id)) return no_such_result(id);
    auto db = [&] {
        const plain_open_scope plain;  // streaming runs no MySQL function
        return database::open(path, SQLITE_OPEN_READONLY, std::chrono::seconds(5), false, result_vfs);
    }();
    if (!db) return exists(id) ? db.error() : no_such_result(id);  // removed meanwhile
    return result_reader::over(std::move(db).value());
}

sql_status result_store::remove(std::int64_t id) const {
    if (!remove_files(path_of(id))) return no_such_result(id);
    return ok();
}

sql_result<std::vector<std::int64_t>> result_store::purge_expired(std::chrono::seconds retention) const {
    const auto cutoff = std::filesystem::file_time_type::clock::now() - retention;
    std::vector<std::int64_t> expired;
    BOOST_OUTCOME_TRY(for_each_file(dir_, [&](const std::filesystem::directory_entry& entry) {
        const auto id = id_of(entry.path().filename().string(), final_suffix);
        std::error_code ec;
        if (id && entry.last_write_time(ec) < cutoff && !ec) expired.push_back(*id);
    }));
    std::sort(expired.begin(), expired.end());
    // Another thread may have removed one meanwhile: that is fine.
    std::erase_if(expired, [&](std::int64_t id) { return !remove_files(path_of(id)); });
    return expired;
}

}  // namespace qproxy::storage
