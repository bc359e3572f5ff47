// RAII over SQLite handles. Every failure becomes an sql_error carrying
// SQLite's own message, so callers speak one error vocabulary.
#pragma once

#include "parser/error.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace qproxy::storage {

// ER_UNKNOWN_ERROR (HY000): what an SQLite failure without a better MySQL
// counterpart turns into. Not (yet) in parser/error.hpp.
inline constexpr std::uint16_t er_unknown_error = 1105;
// ER_LOCK_WAIT_TIMEOUT (HY000): SQLITE_BUSY after the busy timeout.
inline constexpr std::uint16_t er_lock_wait_timeout = 1205;

// Maps an SQLite result code to a MySQL error; `context` says what we were
// doing ("open /x/system.sqlite3"). db may be null (then sqlite3_errstr).
sql_error sqlite_error(sqlite3* db, int rc, std::string_view context);

class statement;

// Where SQLite creates its temporary files (SYNC results and sorts that
// outgrow memory): the data dir's disk rather than /tmp, which may be small
// or memory. Call once at start-up, before any connection opens.
[[nodiscard]] sql_status set_temp_directory(const std::filesystem::path& dir);

// While one is alive, connections its thread opens are plain: the process's
// SQLite auto extensions (czar/functions.cpp registers ~150 MySQL functions,
// about 65 us per connection) leave them alone. For scratch databases that
// run no MySQL function, or that register them themselves.
class plain_open_scope {
public:
    plain_open_scope() noexcept;
    ~plain_open_scope();
    plain_open_scope(const plain_open_scope&) = delete;
    plain_open_scope& operator=(const plain_open_scope&) = delete;
    static bool active() noexcept;

private:
    bool previous_;
};

// SQLite's process-wide settings (sqlite3_config). They take effect only
// before SQLite initializes, which its first use does: every static
// initializer that uses SQLite calls this first.
void configure_sqlite() noexcept;

class database {
public:
    database() = default;
    database(database&& other) noexcept;
    database& operator=(database&& other) noexcept;
    database(const database&) = delete;
    database& operator=(const database&) = delete;
    ~database();

    // flags are SQLITE_OPEN_*. Writable files are switched to WAL unless
    // `wal` is false (scratch files that set their own journal: switching
    // costs several fsyncs); every connection gets the busy timeout and
    // foreign-key enforcement. `vfs`: SQLite's VFS name, null for the default.
    [[nodiscard]] static sql_result<database> open(
        const std::filesystem::path& path, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
        std::chrono::milliseconds busy_timeout = std::chrono::seconds(5), bool wal = true, const char* vfs = nullptr);

    // Runs one or more statements, discarding any rows.
    [[nodiscard]] sql_status exec(std::string_view sql);
    // Compiles the first statement of sql.
    [[nodiscard]] sql_result<statement> prepare(std::string_view sql);

    sqlite3* handle() const noexcept { return db_; }
    std::int64_t last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }
    int changes() const noexcept { return sqlite3_changes(db_); }

private:
    explicit database(sqlite3* db) noexcept : db_(db) {}
    sqlite3* db_ = nullptr;
};

class statement {
public:
    statement() = default;
    explicit statement(sqlite3_stmt* stmt) noexcept : stmt_(stmt) {}
    statement(statement&& other) noexcept;
    statement& operator=(statement&& other) noexcept;
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    ~statement();

    // Parameters are 1-based, as in SQLite.
    [[nodiscard]] sql_status bind_int64(int index, std::int64_t value);
    [[nodiscard]] sql_status bind_double(int index, double value);
    [[nodiscard]] sql_status bind_text(int index, std::string_view value);
    [[nodiscard]] sql_status bind_blob(int index, std::string_view bytes);
    [[nodiscard]] sql_status bind_null(int index);

    // Binds by C++ type: integers, floating point, anything convertible to
    // string_view (as text), nullptr and std::optional (empty = NULL).
    template <class T>
    [[nodiscard]] sql_status bind(int index, const T& value);
    // Binds args to parameters 1..N, stopping at the first failure.
    template <class... Args>
    [[nodiscard]] sql_status bind_all(const Args&... args) {
        int index = 0;
        sql_status status = ok();
        ((status = status ? bind(++index, args) : status), ...);
        return status;
    }

    // true: a row is available; false: the statement is done.
    [[nodiscard]] sql_result<bool> step();
    // Steps to completion, for statements whose rows do not matter.
    [[nodiscard]] sql_status run();
    // Rewinds for re-execution and clears the bindings.
    void reset() noexcept;

    int column_count() const noexcept { return sqlite3_column_count(stmt_); }
    int column_type(int i) const noexcept { return sqlite3_column_type(stmt_, i); }  // SQLITE_INTEGER...
    bool is_null(int i) const noexcept { return column_type(i) == SQLITE_NULL; }
    std::int64_t column_int64(int i) const noexcept { return sqlite3_column_int64(stmt_, i); }
    double column_double(int i) const noexcept { return sqlite3_column_double(stmt_, i); }
    std::string_view column_text(int i) const noexcept;
    std::string_view column_blob(int i) const noexcept;
    std::string_view column_name(int i) const noexcept;
    std::optional<std::string_view> column_decltype(int i) const noexcept;

    sqlite3_stmt* handle() const noexcept { return stmt_; }

private:
    sql_error error(int rc, std::string_view context) const;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE takes the write lock up front, so a transaction never
// fails half-way with SQLITE_BUSY; destruction without commit() rolls back.
class transaction {
public:
    [[nodiscard]] static sql_result<transaction> begin(database& db);
    transaction(transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
    transaction& operator=(transaction&&) = delete;
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    ~transaction();

    [[nodiscard]] sql_status commit();

private:
    explicit transaction(sqlite3* db) noexcept : db_(db) {}
    sqlite3* db_ = nullptr;
};

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
}  // namespace detail

template <class T>
sql_status statement::bind(int index, const T& value) {
    if constexpr (std::is_same_v<T, std::nullptr_t>) {
        return bind_null(index);
    } else if constexpr (detail::is_optional<T>::value) {
        return value ? bind(index, *value) : bind_null(index);
    } else if constexpr (std::is_integral_v<T>) {
        return bind_int64(index, static_cast<std::int64_t>(value));
    } else if constexpr (std::is_floating_point_v<T>) {
        return bind_double(index, static_cast<double>(value));
    } else {
        return bind_text(index, std::string_view(value));
    }
}

}  // namespace qproxy::storage
