#include "czar/czar.hpp"

#include "czar/chunk_connections.hpp"
#include "czar/open_files.hpp"
#include "czar/result_merger.hpp"
#include "czar/snapshot.hpp"
#include "czar/value_format.hpp"
#include "storage/catalog.hpp"
#include "storage/chunk_store.hpp"

#include <pthread.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace qproxy::czar {

namespace {

// Rows copied from a chunk before they are handed to the merger in one lock.
constexpr std::size_t batch_rows = 512;

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

// The planner's view of the catalog's chunk lists and the director index.
class store_index final : public chunk_index {
public:
    store_index(const storage::catalog& catalog, const storage::chunk_store& chunks, chunk_connections& connections)
        : catalog_(catalog), chunks_(chunks), connections_(connections) {}

    std::int64_t published_load(std::string_view db) const override { return catalog_.loads(db).published; }

    std::vector<std::int32_t> all_chunks(std::string_view db) const override { return catalog_.chunks(db); }

    sql_result<std::vector<std::int32_t>> chunks_of_keys(const storage::table_info& director,
                                                        std::span<const std::string> keys) const override {
        BOOST_OUTCOME_TRY(key, key_column(director));
        return lookup(director, "\"key\" = ?1", [&](storage::statement& stmt, std::size_t i) {
            return bind_value(stmt, 1, keys[i], key);
        }, keys.size());
    }

    sql_result<std::vector<std::int32_t>> chunks_of_range(const storage::table_info& director, double lo,
                                                          double hi) const override {
        return lookup(director, "\"key\" BETWEEN ?1 AND ?2", [&](storage::statement& stmt, std::size_t) {
            return stmt.bind_all(lo, hi);
        }, 1);
    }

private:
    // The director's key column, from the catalog (callers may pass only db and name).
    sql_result<column_meta> key_column(const storage::table_info& director) const {
        auto t = catalog_.find_table(director.db, director.name);
        if (t)
            for (const auto& c : t->columns)
                if (c.name == t->part.key) return c.meta;
        return sql_error{er::no_such_table, "42S02", fmt::format("Table '{}.{}' doesn't exist", director.db, director.name)};
    }

    template <class Bind>
    sql_result<std::vector<std::int32_t>> lookup(const storage::table_info& director, std::string_view where, Bind bind,
                                                 std::size_t runs) const {
        BOOST_OUTCOME_TRY(conn, connections_.acquire_director_index(director.db));
        BOOST_OUTCOME_TRY(prepared, conn.prepare(fmt::format("SELECT DISTINCT chunk_id FROM {} WHERE {}",
                                                             sql::sqlite_quote_identifier(director.name), where)));
        auto& stmt = *prepared;
        std::vector<std::int32_t> out;
        for (std::size_t i = 0; i < runs; ++i) {
            stmt.reset();
            BOOST_OUTCOME_TRY(bind(stmt, i));
            for (;;) {
                BOOST_OUTCOME_TRY(more, stmt.step());
                if (!more) break;
                out.push_back(static_cast<std::int32_t>(stmt.column_int64(0)));
            }
        }
        return out;
    }

    const storage::catalog& catalog_;
    const storage::chunk_store& chunks_;
    chunk_connections& connections_;
};

// The chunk query's statement in `text`, its parameters bound.
sql_result<storage::statement*> start_statement(chunk_connections::lease& conn, const query_plan& plan,
                                                const std::string& text) {
    auto prepared = conn.prepare(text);
    if (!prepared) {
        conn.discard();
        return prepared.error();
    }
    auto* stmt = prepared.value();
    for (std::size_t i = 0; i < plan.chunk_query.params.size(); ++i) {
        const auto& p = plan.chunk_query.params[i];
        BOOST_OUTCOME_TRY(bind_value(*stmt, static_cast<int>(i + 1), p.value, p.type));
    }
    return stmt;
}

}  // namespace

czar::czar(const czar_config& config, storage::catalog& catalog, storage::chunk_store& chunks,
           std::unique_ptr<storage::query_history> history, storage::result_store results)
    : config_(config),
      chunks_(chunks),
      history_(std::move(history)),
      results_(std::move(results)),
      index_(std::make_unique<store_index>(catalog, chunks, connections_)),  // used once connections_ is built
      // Each idle chunk connection holds a few descriptors (file, -wal, attachments).
      connections_(catalog, chunks, std::min(config.max_open_chunks, open_files_limit() / 8)) {
    const unsigned workers = config.workers ? config.workers : std::max(1u, std::thread::hardware_concurrency());
    dispatcher_ = std::make_unique<dispatcher>(
        workers, [this](query_job& job, std::size_t i) { run_chunk(job, i); },
        [this](const std::shared_ptr<query_job>& job) { finish(job); });
    housekeeper_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "qproxy-retain");
        housekeeping();
    });
}

czar::~czar() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (auto& [id, job] : running_) job->cancel();
    }
    stop_cv_.notify_all();
    housekeeper_.join();
    history_->flush();  // the last registrations hand their queries to the dispatcher
    dispatcher_.reset();
}

sql_result<std::unique_ptr<czar>> czar::open(const czar_config& config, const std::filesystem::path& data_dir,
                                             storage::catalog& catalog, storage::chunk_store& chunks) {
    BOOST_OUTCOME_TRY(history, storage::query_history::open(data_dir, config.name, config.id));
    BOOST_OUTCOME_TRY(results, storage::result_store::open(data_dir));
    for (auto id : history->aborted_at_start()) (void)results.remove(id);
    return std::unique_ptr<czar>(new czar(config, catalog, chunks, std::move(history), std::move(results)));
}

sql_status czar::admit(const std::string& user) {
    std::lock_guard lock(mutex_);
    if (admitted_ >= config_.max_queries)
        return sql_error{4110, "Proxy",
                         fmt::format("Query processing error: {} queries are executing, the server's limit "
                                     "(max_queries); try again later", admitted_)};
    auto& mine = admitted_by_user_[user];
    if (mine >= config_.max_queries_per_user)
        return sql_error{4110, "Proxy",
                         fmt::format("Query processing error: user '{}' has {} queries executing, the limit "
                                     "(max_queries_per_user); try again later", user, mine)};
    ++mine;
    ++admitted_;
    return ok();
}

void czar::release(const std::string& user) {
    std::lock_guard lock(mutex_);
    --admitted_;
    if (auto it = admitted_by_user_.find(user); it != admitted_by_user_.end() && --it->second == 0)
        admitted_by_user_.erase(it);
}

sql_result<std::shared_ptr<query_job>> czar::start(query_plan plan, bool async, std::string user, std::string text) {
    BOOST_OUTCOME_TRY(admit(user));
    const storage::query_start start{async ? storage::query_type::async : storage::query_type::sync, user,
                                     join(plan.dbs), text,
                                     static_cast<std::int64_t>(plan.db.empty() ? 1 : plan.chunks.size())};
    auto job = std::make_shared<query_job>(history_->reserve_id(), async, std::move(user), std::move(text),
                                           std::move(plan));
    {
        std::lock_guard lock(mutex_);
        running_.emplace(job->id, job);
    }
    // The history row is written on the history's thread, together with
    // whatever else is queued: the session's thread does not wait for it
    // (SUBMIT answers once registered), and the query runs only once it is
    // recorded, so a crash never leaves a query that ran unrecorded.
    history_->begin(job->id, start, [this, job](sql_status recorded) {
        if (recorded) {
            job->set_registered(std::nullopt);
            dispatcher_->enqueue(job);
            return;
        }
        job->fail(query_status::failed, "recording the query failed: " + recorded.error().message);
        job->settle(query_status::failed, 0);
        {
            std::lock_guard lock(mutex_);
            running_.erase(job->id);
        }
        release(job->user);
        job->set_registered(recorded.error());
        job->notify();
    });
    return job;
}

std::shared_ptr<query_job> czar::running(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    const auto it = running_.find(id);
    return it == running_.end() ? nullptr : it->second;
}

sql_status czar::cancel(std::int64_t id, std::string_view user, bool any_user) {
    auto job = running(id);
    if (!job || job->done() || (!any_user && job->user != user))
        return sql_error{4005, "Proxy", fmt::format("KILL/CANCEL failed: Unknown or finished query ID: CANCEL {}", id)};
    job->cancel();
    return ok();
}

std::vector<storage::live_query> czar::snapshot() const {
    std::vector<storage::live_query> out;
    std::lock_guard lock(mutex_);
    for (const auto& [id, job] : running_) {
        if (job->done()) continue;
        storage::live_query q;
        q.id = id;
        q.type = job->async ? storage::query_type::async : storage::query_type::sync;
        q.czar = config_.name;
        q.czar_id = config_.id;
        q.user = job->user;
        q.submitted = job->submitted;
        q.updated = std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::nanoseconds(job->updated_ns.load(std::memory_order_relaxed))));
        q.chunks = static_cast<std::int64_t>(job->chunks_total());
        q.chunks_comp = static_cast<std::int64_t>(job->chunks_done.load(std::memory_order_relaxed));
        q.bytes = static_cast<std::int64_t>(job->bytes.load(std::memory_order_relaxed));
        q.rows_collected = static_cast<std::int64_t>(job->rows_collected.load(std::memory_order_relaxed));
        q.query = job->text;
        out.push_back(std::move(q));
    }
    return out;
}

// The result file is created by the first worker, not by the session's I/O
// thread: SUBMIT answers after one history insert.
bool czar::ensure_merger(query_job& job) {
    std::call_once(job.merger_once, [&] {
        // A SYNC query's result is streamed once and dropped: no file.
        auto writer = job.async ? results_.create(job.id, job.plan.columns)
                                : storage::result_store::create_transient(job.plan.columns);
        if (!writer) return job.fail(query_status::failed, writer.error().message);
        auto merger = result_merger::create(std::move(writer).value(), job.plan, config_.max_result_bytes);
        if (!merger) return job.fail(query_status::failed, merger.error().message);
        job.merger = std::move(merger).value();
    });
    return job.merger != nullptr;
}

void czar::run_chunk(query_job& job, std::size_t chunk_index) {
    if (!ensure_merger(job)) return;
    const auto& plan = job.plan;
    const std::int32_t chunk = plan.db.empty() ? -1 : plan.chunks[chunk_index];
    auto fail = [&](const sql_error& e) {
        if (job.cancelled()) return;
        job.fail(query_status::failed, plan.db.empty() ? e.message : fmt::format("chunk {}: {}", chunk, e.message));
    };
    auto acquired = connections_.acquire(plan.db, chunk, plan.replicated_dbs);
    if (!acquired) return fail(acquired.error());
    auto conn = std::move(acquired).value();
    {
        // The chunk query as printed, unless the chunk's files hold rows of
        // loads newer than the query's snapshot (czar/snapshot.hpp): asked
        // after the first step, inside the statement's read transaction.
        auto started = start_statement(conn, plan, plan.chunk_query.text);
        if (!started) return fail(started.error());
        job.attach(conn.db().handle());
        auto first = started.value()->step();
        if (first) {
            auto newer = holds_newer_rows(conn, plan.loads);
            if (!newer) {
                first = newer.error();
            } else if (newer.value()) {
                started.value()->reset();
                started = start_statement(conn, plan, plan.snapshot_text);
                if (!started) {
                    job.detach(conn.db().handle());
                    return fail(started.error());
                }
                first = started.value()->step();
            }
        }
        auto& stmt = *started.value();
        row_batch batch(plan.chunk_columns);
        auto flush = [&]() -> bool {
            auto more = job.merger->append(batch, job, chunk);
            batch.clear();
            if (!more) fail(more.error());
            else if (!more.value()) job.satisfied.store(true, std::memory_order_relaxed);
            return more && more.value();
        };
        for (bool pending = true;; pending = false) {
            auto row = pending ? std::move(first) : stmt.step();
            if (!row) {
                conn.discard();  // an interrupt or an error: start afresh next time
                fail(row.error());
                break;
            }
            if (!row.value()) {
                if (batch.rows()) flush();
                break;
            }
            batch.add(stmt.handle());
            if (batch.rows() >= batch_rows && !flush()) break;
        }
        stmt.reset();
        job.detach(conn.db().handle());
    }
    job.chunks_done.fetch_add(1, std::memory_order_relaxed);
    job.touch();
}

void czar::finish(const std::shared_ptr<query_job>& job) {
    std::uint64_t rows = 0;
    if (!job->cancelled() && ensure_merger(*job) && !job->cancelled()) {
        auto r = job->merger->finish();
        if (r) rows = r.value();
        else job->fail(query_status::failed, "merge: " + r.error().message);
        if (r && !job->async) {
            auto reader = job->merger->take_transient();
            if (reader) job->transient_result.emplace(std::move(reader).value());
            else job->fail(query_status::failed, "merge: " + reader.error().message);
        }
    }
    job->merger.reset();  // an unfinished result file is deleted with its writer
    const auto status = job->settle(query_status::completed, rows);
    const storage::query_totals totals{static_cast<std::int64_t>(job->chunks_total()),
                                       static_cast<std::int64_t>(job->bytes.load()),
                                       static_cast<std::int64_t>(job->rows_collected.load()),
                                       static_cast<std::int64_t>(rows)};
    const auto error = job->error();
    if (auto st = history_->finish(job->id, status, totals,
                                   status == query_status::completed ? std::nullopt : std::optional<std::string_view>(error));
        !st)
        spdlog::error("query {}: recording its end failed: {}", job->id, st.error().message);
    {
        std::lock_guard lock(mutex_);
        running_.erase(job->id);
    }
    release(job->user);
    job->notify();
}

void czar::housekeeping() {
    std::unique_lock lock(mutex_);
    while (!stop_cv_.wait_for(lock, std::chrono::seconds(10), [&] { return stopping_; })) {
        lock.unlock();
        if (auto r = results_.purge_expired(config_.result_retention); !r)
            spdlog::warn("result retention: {}", r.error().message);
        if (auto r = history_->purge(std::chrono::system_clock::now() - config_.history_retention); !r)
            spdlog::warn("history retention: {}", r.error().message);
        lock.lock();
    }
}

}  // namespace qproxy::czar
