#include "storage/sqlite.hpp"

#include <utility>

#include <fmt/format.h>

namespace qproxy::storage {

sql_error sqlite_error(sqlite3* db, int rc, std::string_view context) {
    const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_INTERRUPT:
        // Exactly MySQL's text: clients show it when a query is killed.
        return {er::query_interrupted, "70100", "Query execution was interrupted"};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return {er_lock_wait_timeout, "HY000",
                fmt::format("Lock wait timeout exceeded; try restarting transaction ({}: {})", context, detail)};
    default:
        return {er_unknown_error, "HY000", fmt::format("{}: {}", context, detail)};
    }
}

database::database(database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

database& database::operator=(database&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
    }
    return *this;
}

database::~database() {
    // close_v2 defers the close until outstanding statements are finalized.
    if (db_) sqlite3_close_v2(db_);
}

namespace {
thread_local bool plain_open = false;

}  // namespace

void configure_sqlite() noexcept {
    // No up-front page cache per connection. By default each connection
    // allocates (and touches) room for 20 pages when it first reads: ~88 KB
    // times the thousands of chunk connections a load or a scan keeps open,
    // each page zeroed by the kernel on first touch. Pages then come one by
    // one as they are used.
    static const bool configured = sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0) == SQLITE_OK;
    (void)configured;
}

namespace {
// Whichever static initializer touches SQLite first configures it.
[[maybe_unused]] const bool configured_at_start = (configure_sqlite(), true);
}  // namespace

plain_open_scope::plain_open_scope() noexcept : previous_(std::exchange(plain_open, true)) {}
plain_open_scope::~plain_open_scope() { plain_open = previous_; }
bool plain_open_scope::active() noexcept { return plain_open; }

sql_status set_temp_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return sql_error{er_unknown_error, "HY000", fmt::format("Can't create '{}': {}", dir.string(), ec.message())};
    // SQLite's documented global for this; set before any connection, never changed after.
    sqlite3_free(sqlite3_temp_directory);
    sqlite3_temp_directory = sqlite3_mprintf("%s", std::filesystem::absolute(dir).c_str());
    return ok();
}

sql_result<database> database::open(const std::filesystem::path& path, int flags,
                                     std::chrono::milliseconds busy_timeout, bool wal, const char* vfs) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, vfs);
    database db(raw);  // owns the handle even when opening failed
    const auto context = fmt::format("open {}", path.string());
    if (rc != SQLITE_OK) return sqlite_error(raw, rc, context);
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
    BOOST_OUTCOME_TRY(db.exec("PRAGMA foreign_keys = ON"));
    // WAL lets readers proceed while one writer commits; in-memory and
    // read-only databases keep their journal mode.
    if (wal && !(flags & SQLITE_OPEN_READONLY)) {
        BOOST_OUTCOME_TRY(db.exec("PRAGMA journal_mode = WAL"));
    }
    return db;
}

sql_status database::exec(std::string_view sql) {
    while (!sql.empty()) {
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
        if (rc != SQLITE_OK) return sqlite_error(db_, rc, "prepare");
        statement stmt(raw);
        sql.remove_prefix(static_cast<std::size_t>(tail - sql.data()));
        if (raw) {  // null: only whitespace or comments were left
            BOOST_OUTCOME_TRY(stmt.run());
        }
    }
    return ok();
}

sql_result<statement> database::prepare(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    statement stmt(raw);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "prepare");
    if (!raw) return sql_error{er::empty_query, "42000", "Query was empty"};
    return stmt;
}

statement::statement(statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

statement& statement::operator=(statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

statement::~statement() { sqlite3_finalize(stmt_); }

sql_error statement::error(int rc, std::string_view context) const {
    return sqlite_error(sqlite3_db_handle(stmt_), rc, context);
}

sql_status statement::bind_int64(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) return error(rc, "bind");
    return ok();
}

sql_status statement::bind_double(int index, double value) {
    const int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) return error(rc, "bind");
    return ok();
}

sql_status statement::bind_text(int index, std::string_view value) {
    const int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) return error(rc, "bind");
    return ok();
}

sql_status statement::bind_blob(int index, std::string_view bytes) {
    const int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) return error(rc, "bind");
    return ok();
}

sql_status statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) return error(rc, "bind");
    return ok();
}

sql_result<bool> statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return error(rc, "step");
}

sql_status statement::run() {
    for (;;) {
        BOOST_OUTCOME_TRY(more, step());
        if (!more) return ok();
    }
}

void statement::reset() noexcept {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string_view statement::column_text(int i) const noexcept {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string_view();
}

std::string_view statement::column_blob(int i) const noexcept {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
    return bytes ? std::string_view(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
                 : std::string_view();
}

std::string_view statement::column_name(int i) const noexcept {
    const char* name = sqlite3_column_name(stmt_, i);
    return name ? std::string_view(name) : std::string_view();
}

std::optional<std::string_view> statement::column_decltype(int i) const noexcept {
    const char* type = sqlite3_column_decltype(stmt_, i);
    if (!type) return std::nullopt;
    return std::string_view(type);
}

sql_result<transaction> transaction::begin(database& db) {
    BOOST_OUTCOME_TRY(db.exec("BEGIN IMMEDIATE"));
    return transaction(db.handle());
}

transaction::~transaction() {
    if (db_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

sql_status transaction::commit() {
    const int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "commit");
    db_ = nullptr;
    return ok();
}

}  // namespace qproxy::storage
