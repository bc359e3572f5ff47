#include "czar/result_merger.hpp"

#include "czar/chunk_rewrite.hpp"
#include "czar/functions.hpp"
#include "czar/value_format.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>

namespace qproxy::czar {

namespace {

std::uint64_t value_bytes(sqlite3_value* v) {
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: return 8;
    case SQLITE_NULL: return 1;
    default: return static_cast<std::uint64_t>(sqlite3_value_bytes(v));
    }
}

std::string columns_list(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (i ? ", " : "") + merge_column(i);
    return out;
}

// The VALUES of one `partial` row: chunk column j is parameter ?(j+1), packed
// partial aggregates are unpacked field by field.
std::string partial_values(const query_plan& plan, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i) out += ", ";
        if (plan.partial_sources.empty()) out += fmt::format("?{}", i + 1);
        else if (const auto& s = plan.partial_sources[i]; !s.field) out += fmt::format("?{}", s.column + 1);
        else out += fmt::format("qproxy_partial_field(?{}, {})", s.column + 1, static_cast<int>(*s.field));
    }
    return out;
}

// Qserv's timestamp in merge errors: 2025-07-21T05:36:23+0000.
std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}+0000", tm);
}

}  // namespace

void row_batch::add(sqlite3_stmt* stmt) {
    for (std::size_t i = 0; i < columns_; ++i) {
        sqlite3_value* v = sqlite3_value_dup(sqlite3_column_value(stmt, static_cast<int>(i)));
        bytes_ += value_bytes(v);
        values_.push_back(v);
    }
}

void row_batch::clear() {
    for (auto* v : values_) sqlite3_value_free(v);
    values_.clear();
    bytes_ = 0;
}

result_merger::result_merger(storage::result_writer writer, const query_plan& plan, std::uint64_t max_bytes)
    : writer_(std::move(writer)), plan_(plan), max_bytes_(max_bytes) {}

result_merger::~result_merger() = default;

sql_result<std::shared_ptr<result_merger>> result_merger::create(storage::result_writer writer, const query_plan& plan,
                                                                 std::uint64_t max_bytes) {
    std::shared_ptr<result_merger> m(new result_merger(std::move(writer), plan, max_bytes));
    auto& db = m->writer_.db();
    // Result connections are plain; the merge query needs MySQL's functions.
    if (plan.merge_query) {
        BOOST_OUTCOME_TRY(register_mysql_functions(db.handle()));
    }
    // Sorting and grouping spill to disk rather than grow the heap.
    BOOST_OUTCOME_TRY(db.exec("PRAGMA temp_store=FILE; PRAGMA cache_size=-16384"));
    const std::size_t n = !plan.merge_query          ? plan.visible
                          : plan.partial_sources.empty() ? plan.chunk_columns
                                                         : plan.partial_sources.size();
    const std::string target = plan.merge_query ? std::string(merge_table) : "result";
    if (plan.merge_query) {
        BOOST_OUTCOME_TRY(db.exec(fmt::format("CREATE TABLE {}({})", merge_table, columns_list(n))));
    }
    BOOST_OUTCOME_TRY(insert, db.prepare(fmt::format("INSERT INTO {}({}) VALUES ({})", target, columns_list(n),
                                                     partial_values(plan, n))));
    m->insert_ = std::move(insert);
    BOOST_OUTCOME_TRY(db.exec("BEGIN"));
    return m;
}

sql_result<bool> result_merger::append(const row_batch& batch, query_job& job, std::int32_t chunk) {
    std::lock_guard lock(mutex_);
    const std::size_t n = plan_.merge_query ? plan_.chunk_columns : plan_.visible;
    std::uint64_t bytes = 0;
    for (std::size_t r = 0; r < batch.rows(); ++r) {
        if (!plan_.merge_query) {
            if (plan_.limit && kept_ >= *plan_.limit) return false;
            if (seen_++ < plan_.offset) continue;
            ++kept_;
        }
        insert_.reset();
        for (std::size_t c = 0; c < n; ++c) {
            const int rc = sqlite3_bind_value(insert_.handle(), static_cast<int>(c + 1), batch.at(r, c));
            if (rc != SQLITE_OK) return storage::sqlite_error(writer_.db().handle(), rc, "collect rows");
            bytes += value_bytes(batch.at(r, c));
        }
        BOOST_OUTCOME_TRY(insert_.run());
    }
    job.rows_collected.fetch_add(batch.rows(), std::memory_order_relaxed);
    const auto total = job.bytes.fetch_add(bytes, std::memory_order_relaxed) + bytes;
    job.touch();
    if (total > max_bytes_) {
        job.fail(query_status::failed_lr,
                 fmt::format("MERGE_ERROR 1470 (QI={}:{}; cancelling the query, queryResult table result_{} is too large "
                             "at {} bytes, max allowed size is {} bytes) {}",
                             job.id, chunk, job.id, total, max_bytes_, utc_now()));
        return false;
    }
    return !(plan_.limit && !plan_.merge_query && kept_ >= *plan_.limit);
}

sql_result<std::uint64_t> result_merger::finish() {
    std::lock_guard lock(mutex_);
    insert_ = storage::statement();
    auto& db = writer_.db();
    std::uint64_t rows = kept_;
    if (plan_.merge_query) {
        BOOST_OUTCOME_TRY(merge, db.prepare(fmt::format("INSERT INTO result({}) {}", columns_list(plan_.visible),
                                                        plan_.merge_query->text)));
        for (std::size_t i = 0; i < plan_.merge_query->params.size(); ++i) {
            const auto& p = plan_.merge_query->params[i];
            BOOST_OUTCOME_TRY(bind_value(merge, static_cast<int>(i + 1), p.value, p.type));
        }
        BOOST_OUTCOME_TRY(merge.run());
        rows = static_cast<std::uint64_t>(db.changes());
        merge = storage::statement();
        BOOST_OUTCOME_TRY(db.exec(fmt::format("DROP TABLE {}", merge_table)));
    }
    BOOST_OUTCOME_TRY(db.exec("COMMIT"));
    if (writer_.transient()) return rows;
    BOOST_OUTCOME_TRY(writer_.complete());
    return rows;
}

sql_result<storage::result_reader> result_merger::take_transient() {
    std::lock_guard lock(mutex_);
    return std::move(writer_).into_reader();
}

}  // namespace qproxy::czar
