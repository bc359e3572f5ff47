#include "storage/schema_vtab.hpp"

#include "storage/accounts.hpp"
#include "storage/query_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <new>

namespace qproxy::storage {

namespace {

struct schema_vtab : sqlite3_vtab {
    schema_query_context* context = nullptr;
    is_table table{};
};

struct schema_cursor : sqlite3_vtab_cursor {
    const std::vector<schema_row>* rows = nullptr;
    std::size_t pos = 0;
};

int x_connect(sqlite3* db, void* aux, int argc, const char* const* argv, sqlite3_vtab** out, char** err) {
    // argv[3]: the table name given as the module argument.
    const auto table = argc > 3 ? find_information_schema_table(argv[3]) : std::nullopt;
    if (!table) {
        *err = sqlite3_mprintf("unknown information_schema table");
        return SQLITE_ERROR;
    }
    const int rc = sqlite3_declare_vtab(db, vtab_declaration(information_schema_table(*table)).c_str());
    if (rc != SQLITE_OK) return rc;
    auto* vtab = new (std::nothrow) schema_vtab();
    if (!vtab) return SQLITE_NOMEM;
    vtab->context = static_cast<schema_query_context*>(aux);
    vtab->table = *table;
    *out = vtab;
    return SQLITE_OK;
}

int x_best_index(sqlite3_vtab*, sqlite3_index_info* info) {
    // A full scan; SQLite applies every constraint itself. The tables are small.
    info->estimatedCost = 1000;
    return SQLITE_OK;
}

int x_disconnect(sqlite3_vtab* vtab) {
    delete static_cast<schema_vtab*>(vtab);
    return SQLITE_OK;
}

int x_open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
    auto* cursor = new (std::nothrow) schema_cursor();
    if (!cursor) return SQLITE_NOMEM;
    *out = cursor;
    return SQLITE_OK;
}

int x_close(sqlite3_vtab_cursor* cursor) {
    delete static_cast<schema_cursor*>(cursor);
    return SQLITE_OK;
}

int x_filter(sqlite3_vtab_cursor* base, int, const char*, int, sqlite3_value**) {
    auto* cursor = static_cast<schema_cursor*>(base);
    const auto* vtab = static_cast<const schema_vtab*>(base->pVtab);
    cursor->rows = &vtab->context->rows_for(vtab->table);
    cursor->pos = 0;
    return SQLITE_OK;
}

int x_next(sqlite3_vtab_cursor* base) {
    ++static_cast<schema_cursor*>(base)->pos;
    return SQLITE_OK;
}

int x_eof(sqlite3_vtab_cursor* base) {
    const auto* cursor = static_cast<const schema_cursor*>(base);
    return cursor->pos >= cursor->rows->size();
}

int x_column(sqlite3_vtab_cursor* base, sqlite3_context* ctx, int column) {
    const auto* cursor = static_cast<const schema_cursor*>(base);
    const auto& value = (*cursor->rows)[cursor->pos][static_cast<std::size_t>(column)];
    // The rows are immutable and outlive the statement: no copies needed.
    if (const auto* s = std::get_if<std::string>(&value)) {
        sqlite3_result_text64(ctx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
        sqlite3_result_int64(ctx, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
        sqlite3_result_double(ctx, *d);
    } else {
        sqlite3_result_null(ctx);
    }
    return SQLITE_OK;
}

int x_rowid(sqlite3_vtab_cursor* base, sqlite3_int64* rowid) {
    *rowid = static_cast<sqlite3_int64>(static_cast<const schema_cursor*>(base)->pos);
    return SQLITE_OK;
}

constexpr sqlite3_module module = {
    0, x_connect, x_connect, x_best_index, x_disconnect, x_disconnect, x_open, x_close, x_filter, x_next, x_eof,
    x_column, x_rowid, read_only_update, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr,
};

}  // namespace

std::string vtab_declaration(const table_info& t) {
    std::string sql = "CREATE TABLE x(";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto& c = t.columns[i];
        std::string_view type = "TEXT";
        switch (c.meta.type) {
        case field_type::tiny: case field_type::short_: case field_type::int24: case field_type::long_:
        case field_type::longlong: case field_type::year: type = "INTEGER"; break;
        case field_type::float_: case field_type::double_: case field_type::newdecimal: type = "REAL"; break;
        default: break;
        }
        // MySQL's _ci collations compare case-insensitively; SQLite's NOCASE
        // is the closest (ASCII) match.
        const bool nocase = c.collation && c.collation->ends_with("_ci");
        sql += fmt::format("{}\"{}\" {}{}", i ? ", " : "", c.name, type, nocase ? " COLLATE NOCASE" : "");
    }
    return sql + ")";
}

int read_only_update(sqlite3_vtab* vtab, int, sqlite3_value**, sqlite3_int64*) {
    vtab->zErrMsg = sqlite3_mprintf("information_schema is read-only");
    return SQLITE_READONLY;
}

const std::vector<schema_row>& schema_query_context::rows_for(is_table t) {
    auto& cached = per_query_[static_cast<std::size_t>(t)];
    if (cached) return *cached;
    const bool privileges = t == is_table::user_privileges || t == is_table::schema_privileges ||
                            t == is_table::table_privileges || t == is_table::column_privileges;
    if (privileges) {
        cached.emplace(accounts ? privilege_rows(t, *accounts, user, host) : std::vector<schema_row>{});
        return *cached;
    }
    if (t == is_table::processlist) return cached.emplace(processlist_rows(live(), query_owner()));
    const auto& all = rows->tables[static_cast<std::size_t>(t)];
    const auto db_column = database_column(t);
    if (!accounts || !db_column) return all;
    // MySQL shows only the databases the viewer has some privilege on.
    cached.emplace();
    std::optional<std::pair<std::string, bool>> last;  // rows come grouped by database
    for (const auto& row : all) {
        const auto* db = std::get_if<std::string>(&row[*db_column]);
        if (!db) continue;
        if (!last || last->first != *db) last.emplace(*db, accounts->can_see_db(user, host, *db));
        if (last->second) cached->push_back(row);
    }
    return *cached;
}

const std::vector<live_query>& schema_query_context::live() {
    if (!live_) {
        live_.emplace(sources.live ? sources.live->snapshot() : std::vector<live_query>{});
        std::sort(live_->begin(), live_->end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    }
    return *live_;
}

std::optional<std::string_view> schema_query_context::query_owner() const {
    if (!accounts || (accounts->global_privileges(user, host) & bit(privilege::process))) return std::nullopt;
    return user;
}

void schema_query_context::clear() {
    rows.reset();
    accounts = nullptr;
    user.clear();
    host.clear();
    sources = {};
    for (auto& cached : per_query_) cached.reset();
    live_.reset();
}

sql_status install_schema_tables(database& db, schema_query_context& context) {
    constexpr std::string_view generic = "qproxy_information_schema";
    const int rc = sqlite3_create_module_v2(db.handle(), generic.data(), &module, &context, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db.handle(), rc, "create module");
    BOOST_OUTCOME_TRY(register_queries_module(db, context));
    const auto tables = information_schema_tables();
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const auto module_name = static_cast<is_table>(i) == is_table::queries ? queries_module : generic;
        BOOST_OUTCOME_TRY(db.exec(fmt::format("CREATE VIRTUAL TABLE information_schema.\"{}\" USING {}({})",
                                              tables[i].name, module_name, tables[i].name)));
    }
    return ok();
}

}  // namespace qproxy::storage
