#include "storage/query_tables.hpp"

#include "storage/schema_vtab.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <string>

namespace qproxy::storage {

namespace {

using id_limits = std::numeric_limits<std::int64_t>;
using col = history_column;

// A QUERIES column is the history_column of the same index: history_scan
// rows come in QUERIES' order (the owner, last, is not shown).
static_assert(static_cast<int>(col::error) == 14);
constexpr int id_column = static_cast<int>(col::id);

struct queries_vtab : sqlite3_vtab {
    schema_query_context* context = nullptr;
};

struct queries_cursor : sqlite3_vtab_cursor {
    std::optional<history_scan> scan;
    bool eof = true;
    const live_query* live = nullptr;  // the current row's progress, if it is executing
};

schema_query_context& context_of(sqlite3_vtab_cursor* cursor) {
    return *static_cast<queries_vtab*>(cursor->pVtab)->context;
}

int fail(sqlite3_vtab_cursor* cursor, const sql_error& e) {
    sqlite3_free(cursor->pVtab->zErrMsg);
    cursor->pVtab->zErrMsg = sqlite3_mprintf("%s", e.message.c_str());
    return SQLITE_ERROR;
}

std::int64_t clamp_to_id(double v) {
    // 2^63 is exact in a double; anything at or past it saturates.
    constexpr double limit = 9223372036854775808.0;
    if (v >= limit) return id_limits::max();
    if (v < -limit) return id_limits::min();
    return static_cast<std::int64_t>(v);
}

struct id_range {
    std::int64_t low = id_limits::min(), high = id_limits::max();
    bool empty() const { return low > high; }
    void intersect(const id_range& o) {
        low = std::max(low, o.low);
        high = std::min(high, o.high);
    }
};

// The ids `ID <op> value` can match. A superset is fine (SQLite checks each
// row again), so values that are not numbers leave the range open.
id_range ids_matching(int op, sqlite3_value* value) {
    constexpr auto min = id_limits::min(), max = id_limits::max();
    constexpr id_range none{max, min};
    switch (sqlite3_value_numeric_type(value)) {
    case SQLITE_INTEGER: {
        const std::int64_t v = sqlite3_value_int64(value);
        switch (op) {
        case SQLITE_INDEX_CONSTRAINT_EQ: return {v, v};
        case SQLITE_INDEX_CONSTRAINT_GT: return v == max ? none : id_range{v + 1, max};
        case SQLITE_INDEX_CONSTRAINT_GE: return {v, max};
        case SQLITE_INDEX_CONSTRAINT_LT: return v == min ? none : id_range{min, v - 1};
        case SQLITE_INDEX_CONSTRAINT_LE: return {min, v};
        default: return {};
        }
    }
    case SQLITE_FLOAT: {
        const double v = sqlite3_value_double(value);
        switch (op) {
        case SQLITE_INDEX_CONSTRAINT_EQ: return {clamp_to_id(std::ceil(v)), clamp_to_id(std::floor(v))};
        case SQLITE_INDEX_CONSTRAINT_GT: return {clamp_to_id(std::floor(v) + 1), max};
        case SQLITE_INDEX_CONSTRAINT_GE: return {clamp_to_id(std::ceil(v)), max};
        case SQLITE_INDEX_CONSTRAINT_LT: return {min, clamp_to_id(std::ceil(v) - 1)};
        case SQLITE_INDEX_CONSTRAINT_LE: return {min, clamp_to_id(std::floor(v))};
        default: return {};
        }
    }
    default:
        return {};
    }
}

int x_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
    const int rc = sqlite3_declare_vtab(db, vtab_declaration(information_schema_table(is_table::queries)).c_str());
    if (rc != SQLITE_OK) return rc;
    auto* vtab = new (std::nothrow) queries_vtab();
    if (!vtab) return SQLITE_NOMEM;
    vtab->context = static_cast<schema_query_context*>(aux);
    *out = vtab;
    return SQLITE_OK;
}

// Constraints on ID become an id range: idxStr holds one operator code per
// argument (the SQLITE_INDEX_CONSTRAINT_* values are non-zero bytes); bit 0
// of idxNum asks for descending ids. SQLite still checks every constraint.
int x_best_index(sqlite3_vtab*, sqlite3_index_info* info) {
    std::string ops;
    bool point = false;
    for (int i = 0; i < info->nConstraint; ++i) {
        const auto& c = info->aConstraint[i];
        if (!c.usable || c.iColumn != id_column) continue;
        switch (c.op) {
        case SQLITE_INDEX_CONSTRAINT_EQ: point = true; [[fallthrough]];
        case SQLITE_INDEX_CONSTRAINT_GT: case SQLITE_INDEX_CONSTRAINT_GE:
        case SQLITE_INDEX_CONSTRAINT_LT: case SQLITE_INDEX_CONSTRAINT_LE:
            ops.push_back(static_cast<char>(c.op));
            info->aConstraintUsage[i].argvIndex = static_cast<int>(ops.size());
            break;
        default: break;
        }
    }
    if (!ops.empty()) {
        info->idxStr = sqlite3_mprintf("%s", ops.c_str());
        if (!info->idxStr) return SQLITE_NOMEM;
        info->needToFreeIdxStr = 1;
    }
    if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == id_column) {
        info->orderByConsumed = 1;
        info->idxNum = info->aOrderBy[0].desc ? 1 : 0;
    }
    if (point) {
        info->idxFlags = SQLITE_INDEX_SCAN_UNIQUE;
        info->estimatedRows = 1;
        info->estimatedCost = 10;
    } else {
        info->estimatedRows = ops.empty() ? 1'000'000 : 10'000;
        info->estimatedCost = static_cast<double>(info->estimatedRows);
    }
    return SQLITE_OK;
}

int x_disconnect(sqlite3_vtab* vtab) {
    delete static_cast<queries_vtab*>(vtab);
    return SQLITE_OK;
}

int x_open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
    auto* cursor = new (std::nothrow) queries_cursor();
    if (!cursor) return SQLITE_NOMEM;
    *out = cursor;
    return SQLITE_OK;
}

int x_close(sqlite3_vtab_cursor* cursor) {
    delete static_cast<queries_cursor*>(cursor);
    return SQLITE_OK;
}

// Steps to the next history row and finds its live progress if it runs.
int advance(queries_cursor* cursor) {
    auto more = cursor->scan->next();
    if (!more) return fail(cursor, more.error());
    cursor->eof = !more.value();
    cursor->live = nullptr;
    if (cursor->eof) return SQLITE_OK;
    const auto& row = cursor->scan->row();
    if (row.column_text(static_cast<int>(col::status)) != to_string(query_status::executing)) return SQLITE_OK;
    const auto& live = context_of(cursor).live();
    const auto id = row.column_int64(id_column);
    const auto it = std::lower_bound(live.begin(), live.end(), id, [](const auto& q, auto v) { return q.id < v; });
    if (it != live.end() && it->id == id) cursor->live = &*it;
    return SQLITE_OK;
}

int x_filter(sqlite3_vtab_cursor* base, int idx_num, const char* idx_str, int argc, sqlite3_value** argv) {
    auto* cursor = static_cast<queries_cursor*>(base);
    cursor->scan.reset();  // back to the pool before leasing again
    cursor->eof = true;
    id_range ids;
    for (int i = 0; i < argc; ++i) ids.intersect(ids_matching(static_cast<unsigned char>(idx_str[i]), argv[i]));
    auto& context = context_of(base);
    if (!context.sources.history || ids.empty()) return SQLITE_OK;
    auto scan = context.sources.history->scan(ids.low, ids.high, context.query_owner(), idx_num & 1);
    if (!scan) return fail(base, scan.error());
    cursor->scan.emplace(std::move(scan).value());
    return advance(cursor);
}

int x_next(sqlite3_vtab_cursor* base) { return advance(static_cast<queries_cursor*>(base)); }

int x_eof(sqlite3_vtab_cursor* base) { return static_cast<const queries_cursor*>(base)->eof; }

int x_column(sqlite3_vtab_cursor* base, sqlite3_context* ctx, int column) {
    const auto* cursor = static_cast<const queries_cursor*>(base);
    if (const auto* live = cursor->live) {
        switch (static_cast<col>(column)) {
        case col::chunks: sqlite3_result_int64(ctx, live->chunks); return SQLITE_OK;
        case col::bytes: sqlite3_result_int64(ctx, live->bytes); return SQLITE_OK;
        case col::rows_collected: sqlite3_result_int64(ctx, live->rows_collected); return SQLITE_OK;
        default: break;
        }
    }
    sqlite3_result_value(ctx, sqlite3_column_value(cursor->scan->row().handle(), column));
    return SQLITE_OK;
}

int x_rowid(sqlite3_vtab_cursor* base, sqlite3_int64* rowid) {
    *rowid = static_cast<const queries_cursor*>(base)->scan->row().column_int64(id_column);
    return SQLITE_OK;
}

constexpr sqlite3_module module = {
    0, x_connect, x_connect, x_best_index, x_disconnect, x_disconnect, x_open, x_close, x_filter, x_next, x_eof,
    x_column, x_rowid, read_only_update, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr,
};

}  // namespace

std::vector<schema_row> processlist_rows(std::span<const live_query> live, std::optional<std::string_view> owner) {
    std::vector<schema_row> rows;
    for (const auto& q : live) {
        if (owner && q.user != *owner) continue;
        rows.push_back({q.id, std::string(to_string(q.type)), q.czar, q.czar_id, local_datetime(q.submitted),
                        local_datetime(q.updated), q.chunks, q.chunks_comp, q.query});
    }
    return rows;
}

sql_status register_queries_module(database& db, schema_query_context& context) {
    const int rc = sqlite3_create_module_v2(db.handle(), queries_module.data(), &module, &context, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db.handle(), rc, "create module");
    return ok();
}

}  // namespace qproxy::storage
