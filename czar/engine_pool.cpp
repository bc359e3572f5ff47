#include "czar/engine_pool.hpp"

#include "czar/functions.hpp"
#include "czar/value_format.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace qproxy::czar {

namespace {

// A connection with the statements it has compiled, by their text: clients
// repeat the same chatter (`SELECT @@version_comment LIMIT 1`, `SELECT 1`), and
// compiling costs more than running. Members in this order: statements go first.
struct engine_connection {
    storage::database db;
    std::unordered_map<std::string, storage::statement> statements;

    explicit engine_connection(storage::database d) : db(std::move(d)) {}

    sql_result<storage::statement*> prepare(const std::string& text) {
        if (auto it = statements.find(text); it != statements.end()) {
            it->second.reset();  // clears the bindings of the last run too
            return &it->second;
        }
        if (statements.size() >= max_statements) statements.clear();
        BOOST_OUTCOME_TRY(stmt, db.prepare(text));
        return &statements.emplace(text, std::move(stmt)).first->second;
    }

    static constexpr std::size_t max_statements = 128;
};

// Idle connections; a statement takes one and gives it back, so threads never share one.
class pool {
public:
    static pool& instance() {
        static pool p;
        return p;
    }

    sql_result<std::unique_ptr<engine_connection>> acquire() {
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
        return std::make_unique<engine_connection>(std::move(db));
    }

    void release(std::unique_ptr<engine_connection> db) {
        std::lock_guard lock(mutex_);
        if (idle_.size() < max_idle) idle_.push_back(std::move(db));
    }

private:
    static constexpr std::size_t max_idle = 8;
    std::mutex mutex_;
    std::vector<std::unique_ptr<engine_connection>> idle_;
};

// A pooled connection for the duration of one call.
class lease {
public:
    explicit lease(std::unique_ptr<engine_connection> db) : db_(std::move(db)) {}
    lease(lease&&) = default;
    lease& operator=(lease&&) = delete;
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease() {
        if (db_) pool::instance().release(std::move(db_));
    }
    engine_connection& db() { return *db_; }

private:
    std::unique_ptr<engine_connection> db_;
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
    BOOST_OUTCOME_TRY(bind_params(*stmt, q.params, 1));
    return step_all(*stmt, row);
}

sql_status run_query_per_row(const sql::sqlite_query& q, int first_param,
                             const std::vector<std::vector<sql::sqlite_param>>& rows,
                             const std::function<sql_status(std::size_t, const storage::statement&)>& row) {
    BOOST_OUTCOME_TRY(db, pool::instance().acquire());
    lease l(std::move(db));
    BOOST_OUTCOME_TRY(stmt, l.db().prepare(q.text));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        stmt->reset();  // clears every binding: the query's own parameters are bound again
        BOOST_OUTCOME_TRY(bind_params(*stmt, q.params, 1));
        BOOST_OUTCOME_TRY(bind_params(*stmt, rows[r], first_param));
        BOOST_OUTCOME_TRY(step_all(*stmt, [&](const storage::statement& s) { return row(r, s); }));
    }
    return ok();
}

}  // namespace qproxy::czar
