// qproxy_partial(x): COUNT(*), COUNT(x) and SUM(x) of a chunk in one aggregate
// call, packed in a blob; qproxy_partial_field(blob, k) unpacks them at the
// merge. Qserv's decomposition of AVG(x) alone asks each chunk for SUM(x) and
// COUNT(x), and next to a COUNT(*) that is three aggregate steps per row
// (with x, maybe a scisql call, evaluated twice); one step does the work of
// the three. The fields reproduce SQLite's own count() and sum() exactly (see
// sumStep/sumFinalize in SQLite's func.c): integer sums stay integers until a
// REAL or an overflow, and an overflow is the same "integer overflow" error.
#include "czar/udf.hpp"

#include <cstring>

namespace qproxy::czar::udf {

namespace {

struct partial_state {
    std::int64_t rows = 0;   // COUNT(*)
    std::int64_t count = 0;  // COUNT(x), also SUM's count
    std::int64_t isum = 0;
    double rsum = 0;
    std::uint8_t approx = 0;    // a REAL was added: the sum is rsum
    std::uint8_t overflow = 0;  // isum overflowed: SUM fails
};

enum field : std::int64_t { rows_field = 0, count_field = 1, sum_field = 2 };

}  // namespace

void partial_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
    auto* s = static_cast<partial_state*>(sqlite3_aggregate_context(ctx, sizeof(partial_state)));
    if (!s) return sqlite3_result_error_nomem(ctx);
    ++s->rows;
    const int type = sqlite3_value_numeric_type(argv[0]);
    if (type == SQLITE_NULL) return;
    ++s->count;
    if (type == SQLITE_INTEGER) {
        const std::int64_t v = sqlite3_value_int64(argv[0]);
        s->rsum += static_cast<double>(v);
        if (!(s->approx | s->overflow) && __builtin_add_overflow(s->isum, v, &s->isum)) s->approx = s->overflow = 1;
    } else {
        s->rsum += sqlite3_value_double(argv[0]);
        s->approx = 1;
    }
}

void partial_final(sqlite3_context* ctx) {
    const auto* s = static_cast<const partial_state*>(sqlite3_aggregate_context(ctx, 0));
    const partial_state empty;  // no row: COUNTs 0, SUM NULL
    sqlite3_result_blob(ctx, s ? s : &empty, sizeof(partial_state), SQLITE_TRANSIENT);
}

void partial_field(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) != SQLITE_BLOB || sqlite3_value_bytes(argv[0]) != sizeof(partial_state))
        return sqlite3_result_error(ctx, "qproxy_partial_field: not a partial aggregate", -1);
    partial_state s;
    std::memcpy(&s, sqlite3_value_blob(argv[0]), sizeof s);
    switch (sqlite3_value_int64(argv[1])) {
    case rows_field: return sqlite3_result_int64(ctx, s.rows);
    case count_field: return sqlite3_result_int64(ctx, s.count);
    case sum_field:
        if (s.count == 0) return sqlite3_result_null(ctx);
        if (s.overflow) return sqlite3_result_error(ctx, "integer overflow", -1);
        if (s.approx) return sqlite3_result_double(ctx, s.rsum);
        return sqlite3_result_int64(ctx, s.isum);
    default: return sqlite3_result_error(ctx, "qproxy_partial_field: unknown field", -1);
    }
}

}  // namespace qproxy::czar::udf
