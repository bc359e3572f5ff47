#include "storage/query_history.hpp"

#include "storage/migrations.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <system_error>

namespace qproxy::storage {

namespace {

constexpr std::size_t max_idle_readers = 8;

constexpr std::array<std::string_view, 2> type_names = {"SYNC", "ASYNC"};
constexpr std::array<std::string_view, 5> status_names = {"EXECUTING", "COMPLETED", "FAILED", "FAILED_LR", "ABORTED"};

constexpr std::array<std::string_view, 1> migrations = {
    // 1: the history. result_location is derived from the id, so it is
    // computed rather than stored. The partial index finds the EXECUTING
    // rows at start-up; `completed` serves purges, `user` the scans of
    // viewers without the PROCESS privilege (rowid is part of every index,
    // so they come out in id order).
    R"sql(
CREATE TABLE queries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    type            TEXT NOT NULL CHECK (type IN ('SYNC', 'ASYNC')),
    czar            TEXT NOT NULL,
    czar_id         INTEGER NOT NULL,
    user            TEXT NOT NULL,
    status          TEXT NOT NULL
                    CHECK (status IN ('EXECUTING', 'COMPLETED', 'FAILED', 'FAILED_LR', 'ABORTED')),
    submitted       TEXT NOT NULL,          -- 'YYYY-MM-DD HH:MM:SS', local time
    completed       TEXT,
    returned        TEXT,                   -- the first fetch
    chunks          INTEGER NOT NULL DEFAULT 0,
    bytes           INTEGER NOT NULL DEFAULT 0,
    rows_collected  INTEGER NOT NULL DEFAULT 0,
    rows            INTEGER NOT NULL DEFAULT 0,
    dbs             TEXT NOT NULL,          -- comma-separated
    query           TEXT NOT NULL,
    error           TEXT,
    result_location TEXT GENERATED ALWAYS AS ('table:result_' || id) VIRTUAL
);
CREATE INDEX queries_executing ON queries (id) WHERE status = 'EXECUTING';
CREATE INDEX queries_completed ON queries (completed);
CREATE INDEX queries_user ON queries (user);
)sql",
};

constexpr std::string_view aborted_message = "aborted: the server restarted while the query was executing";

// Column list in history_column order.
constexpr std::string_view scan_columns =
    "id, type, czar, czar_id, status, submitted, completed, returned, chunks, bytes, rows_collected, rows, dbs, "
    "query, error, user";

template <std::size_t N>
std::size_t index_of(const std::array<std::string_view, N>& names, std::string_view name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

std::optional<std::string> optional_text(const statement& s, history_column c) {
    const int i = static_cast<int>(c);
    if (s.is_null(i)) return std::nullopt;
    return std::string(s.column_text(i));
}

std::string text(const statement& s, history_column c) { return std::string(s.column_text(static_cast<int>(c))); }
std::int64_t integer(const statement& s, history_column c) { return s.column_int64(static_cast<int>(c)); }

query_record to_record(const statement& s) {
    using c = history_column;
    query_record r;
    r.id = integer(s, c::id);
    // The CHECK constraints keep both words in range.
    r.type = static_cast<query_type>(index_of(type_names, s.column_text(static_cast<int>(c::type))));
    r.czar = text(s, c::czar);
    r.czar_id = integer(s, c::czar_id);
    r.user = text(s, c::user);
    r.status = static_cast<query_status>(index_of(status_names, s.column_text(static_cast<int>(c::status))));
    r.submitted = text(s, c::submitted);
    r.completed = optional_text(s, c::completed);
    r.returned = optional_text(s, c::returned);
    r.totals = {integer(s, c::chunks), integer(s, c::bytes), integer(s, c::rows_collected), integer(s, c::rows)};
    r.dbs = text(s, c::dbs);
    r.query = text(s, c::query);
    r.error = optional_text(s, c::error);
    r.result_location = fmt::format("table:result_{}", r.id);
    return r;
}

std::string now_text() { return local_datetime(std::chrono::system_clock::now()); }

}  // namespace

std::string_view to_string(query_type t) { return type_names[static_cast<std::size_t>(t)]; }
std::string_view to_string(query_status s) { return status_names[static_cast<std::size_t>(s)]; }

std::string local_datetime(std::chrono::system_clock::time_point t) {
    return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(std::chrono::system_clock::to_time_t(t)));
}

// A read-only connection and its scan statements, indexed by
// (with user ? 2 : 0) + (descending ? 1 : 0).
struct history_scan::reader {
    database db;
    std::array<statement, 4> scans;
};

history_scan::history_scan(const query_history& owner, std::unique_ptr<reader> r, statement& stmt) noexcept
    : owner_(&owner), reader_(std::move(r)), stmt_(&stmt) {}

history_scan::history_scan(history_scan&& other) noexcept
    : owner_(other.owner_), reader_(std::move(other.reader_)), stmt_(other.stmt_) {}

history_scan::~history_scan() {
    if (!reader_) return;
    stmt_->reset();
    owner_->release(std::move(reader_));
}

query_history::query_history(std::filesystem::path path, std::string czar_name, std::int64_t czar_id)
    : path_(std::move(path)), czar_name_(std::move(czar_name)), czar_id_(czar_id) {}

// The queued writes use the statements, which go before the writer does.
query_history::~query_history() {
    if (writer_) flush();  // null when open() failed
}

sql_result<std::unique_ptr<query_history>> query_history::open(const std::filesystem::path& data_dir,
                                                               std::string czar_name, std::int64_t czar_id) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
        return sql_error{er_unknown_error, "HY000",
                         fmt::format("Can't create data directory '{}': {}", data_dir.string(), ec.message())};
    }
    std::unique_ptr<query_history> h(new query_history(data_dir / "history.sqlite3", std::move(czar_name), czar_id));
    BOOST_OUTCOME_TRY(writer, wal_writer::open(h->path_));
    auto& db = writer->db();
    BOOST_OUTCOME_TRY(migrate(db, migrations));
    // The writes below bind only the words of to_string(). Checking the
    // status CHECK would build an ephemeral table on every insert and update
    // (SQLite's plan for an IN list of more than two constants): a quarter
    // of each write on the history's single writer thread.
    BOOST_OUTCOME_TRY(db.exec("PRAGMA ignore_check_constraints = ON"));

    BOOST_OUTCOME_TRY(abort, db.prepare("UPDATE queries SET status = 'ABORTED', completed = ?, error = ? "
                                        "WHERE status = 'EXECUTING' RETURNING id"));
    BOOST_OUTCOME_TRY(abort.bind_all(now_text(), aborted_message));
    for (;;) {
        BOOST_OUTCOME_TRY(more, abort.step());
        if (!more) break;
        h->aborted_at_start_.push_back(abort.column_int64(0));
    }
    std::sort(h->aborted_at_start_.begin(), h->aborted_at_start_.end());

    BOOST_OUTCOME_TRY(last, db.prepare("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'queries'"));
    BOOST_OUTCOME_TRY(last.step());
    h->next_id_ = last.column_int64(0) + 1;
    BOOST_OUTCOME_TRY(insert, db.prepare("INSERT INTO queries (id, type, czar, czar_id, user, status, submitted, "
                                         "chunks, dbs, query) VALUES (?, ?, ?, ?, ?, 'EXECUTING', ?, ?, ?, ?)"));
    BOOST_OUTCOME_TRY(finish, db.prepare("UPDATE queries SET status = ?, completed = ?, chunks = ?, bytes = ?, "
                                         "rows_collected = ?, rows = ?, error = ? "
                                         "WHERE id = ? AND status = 'EXECUTING'"));
    BOOST_OUTCOME_TRY(returned, db.prepare("UPDATE queries SET returned = ? WHERE id = ? AND returned IS NULL"));
    h->writer_ = std::move(writer);
    h->insert_ = std::move(insert);
    h->finish_ = std::move(finish);
    h->returned_ = std::move(returned);
    return h;
}

void query_history::begin(std::int64_t id, const query_start& q, wal_writer::completion done) {
    writer_->write_async(
        [this, id, q, submitted = now_text()](database&) -> sql_status {
            insert_.reset();
            BOOST_OUTCOME_TRY(insert_.bind_all(id, to_string(q.type), czar_name_, czar_id_, q.user, submitted, q.chunks,
                                               q.dbs, q.query));
            return insert_.run();
        },
        std::move(done));
}

void query_history::flush() {
    (void)writer_->write([](database&) -> sql_status { return ok(); });
}

sql_result<bool> query_history::finish(std::int64_t id, query_status status, const query_totals& totals,
                                       std::optional<std::string_view> error) {
    const auto completed = now_text();
    bool changed = false;
    BOOST_OUTCOME_TRY(writer_->write([&](database& db) -> sql_status {
        finish_.reset();
        BOOST_OUTCOME_TRY(finish_.bind_all(to_string(status), completed, totals.chunks, totals.bytes,
                                           totals.rows_collected, totals.rows, error, id));
        BOOST_OUTCOME_TRY(finish_.run());
        changed = db.changes() > 0;
        return ok();
    }));
    return changed;
}

sql_status query_history::mark_returned(std::int64_t id) {
    const auto now = now_text();
    return writer_->write([&](database&) -> sql_status {
        returned_.reset();
        BOOST_OUTCOME_TRY(returned_.bind_all(now, id));
        return returned_.run();
    });
}

sql_result<std::optional<query_record>> query_history::find(std::int64_t id) const {
    BOOST_OUTCOME_TRY(rows, scan(id, id));
    BOOST_OUTCOME_TRY(found, rows.next());
    if (!found) return std::optional<query_record>();
    return std::optional<query_record>(to_record(rows.row()));
}

sql_result<std::size_t> query_history::purge(std::chrono::system_clock::time_point older_than) {
    std::size_t purged = 0;
    BOOST_OUTCOME_TRY(writer_->write([&](database& db) -> sql_status {
        BOOST_OUTCOME_TRY(purge, db.prepare("DELETE FROM queries WHERE completed < ?"));
        BOOST_OUTCOME_TRY(purge.bind_all(local_datetime(older_than)));
        BOOST_OUTCOME_TRY(purge.run());
        purged = static_cast<std::size_t>(db.changes());
        return ok();
    }));
    return purged;
}

sql_result<history_scan> query_history::scan(std::int64_t low, std::int64_t high, std::optional<std::string_view> user,
                                             bool descending) const {
    BOOST_OUTCOME_TRY(r, acquire());
    statement& stmt = r->scans[(user ? 2 : 0) + (descending ? 1 : 0)];
    BOOST_OUTCOME_TRY(stmt.bind_all(low, high));
    if (user) {
        BOOST_OUTCOME_TRY(stmt.bind(3, *user));
    }
    return history_scan(*this, std::move(r), stmt);
}

sql_result<std::unique_ptr<query_history::reader>> query_history::acquire() const {
    {
        std::lock_guard lock(pool_mutex_);
        if (!idle_.empty()) {
            auto r = std::move(idle_.back());
            idle_.pop_back();
            return r;
        }
    }
    auto r = std::make_unique<reader>();
    BOOST_OUTCOME_TRY(db, database::open(path_, SQLITE_OPEN_READONLY));
    r->db = std::move(db);
    for (std::size_t i = 0; i < r->scans.size(); ++i) {
        BOOST_OUTCOME_TRY(stmt, r->db.prepare(fmt::format("SELECT {} FROM queries WHERE id BETWEEN ?1 AND ?2{} "
                                                          "ORDER BY id{}",
                                                          scan_columns, i & 2 ? " AND user = ?3" : "",
                                                          i & 1 ? " DESC" : "")));
        r->scans[i] = std::move(stmt);
    }
    return r;
}

void query_history::release(std::unique_ptr<reader> r) const noexcept {
    std::lock_guard lock(pool_mutex_);
    if (idle_.size() < max_idle_readers) idle_.push_back(std::move(r));
}

}  // namespace qproxy::storage
