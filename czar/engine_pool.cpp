#include "czar/engine_pool.hpp"

#include "czar/functions.hpp"
#include "czar/value_format.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace qproxy::czar {

namespace {

// Idle connections; a statement takes one and gives it back, so threads never share one.
class pool {
public:
    static pool& instance() {
        static pool p;
        return p;
    }

    sql_result<std::unique_ptr<storage::database>> acquire() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                auto db = std::move(idle_.back());
                idle_.pop_back();
                return db;
            }
        }
        BOOST_OUTCOME_TRY(db, storage::database::open(":memory:"));
        // Already there through the auto-extension; registering again is harmless and
        // keeps that extension linked into every program that uses the engine.
        BOOST_OUTCOME_TRY(register_mysql_functions(db.handle()));
        return std::make_unique<storage::database>(std::move(db));
    }

    void release(std::unique_ptr<storage::database> db) {
        std::lock_guard lock(mutex_);
        if (idle_.size() < max_idle) idle_.push_back(std::move(db));
    }

private:
    static constexpr std::size_t max_idle = 8;
    std::mutex mutex_;
    std::vector<std::unique_ptr<storage::database>> idle_;
};

// A pooled connection for the duration of one call.
class lease {
public:
    explicit lease(std::unique_ptr<storage::database> db) : db_(std::move(db)) {}
    lease(lease&&) = default;
    lease& operator=(lease&&) = delete;
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease() {
        if (db_) pool::instance().release(std::move(db_));
    }
    storage::database& db() { return *db_; }

private:
    std::unique_ptr<storage::database> db_;
};

sql_status bind_params(storage::statement& stmt, const std::vector<sql::sqlite_param>& params, int first) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        BOOST_OUTCOME_TRY(bind_value(stmt, first + static_cast<int>(i), params[i].value, params[i].type));
    }
    return ok();
}

sql_status step_all(storage::statement& stmt, const std::function<sql_status(const storage::statement&)>& row) {
    for (;;) {
        BOOST_OUTCOME_TRY(more, stmt.step());
        if (!more) return ok();
        BOOST_OUTCOME_TRY(row(stmt));
    }
}

}  // namespace

sql_status run_query(const sql::sqlite_query& q, const std::function<sql_status(const storage::statement&)>& row) {
    BOOST_OUTCOME_TRY(db, pool::instance().acquire());
    lease l(std::move(db));
    BOOST_OUTCOME_TRY(stmt, l.db().prepare(q.text));
    BOOST_OUTCOME_TRY(bind_params(stmt, q.params, 1));
    return step_all(stmt, row);
}

sql_status run_query_per_row(const sql::sqlite_query& q, int first_param,
                             const std::vector<std::vector<sql::sqlite_param>>& rows,
                             const std::function<sql_status(std::size_t, const storage::statement&)>& row) {
    BOOST_OUTCOME_TRY(db, pool::instance().acquire());
    lease l(std::move(db));
    BOOST_OUTCOME_TRY(stmt, l.db().prepare(q.text));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        stmt.reset();  // clears every binding: the query's own parameters are bound again
        BOOST_OUTCOME_TRY(bind_params(stmt, q.params, 1));
        BOOST_OUTCOME_TRY(bind_params(stmt, rows[r], first_param));
        BOOST_OUTCOME_TRY(step_all(stmt, [&](const storage::statement& s) { return row(r, s); }));
    }
    return ok();
}

}  // namespace qproxy::czar
