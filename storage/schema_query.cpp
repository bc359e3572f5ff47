#include "storage/schema_query.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace qproxy::storage {

namespace {

// As many as statements run at once on a busy server (one per I/O thread,
// 16 on 2 cores): building one installs every information_schema table, and
// with 8 kept, 16 connections querying together built and dropped engines
// all the time (~140 → ~210 µs of CPU per history lookup).
constexpr std::size_t max_idle_connections = 32;

// Functions that could reach outside the database, refused even though
// SQLite's defaults already disable them.
bool blocked_function(std::string_view name) {
    return name == "load_extension" || name == "fts3_tokenizer" || name == "readfile" || name == "writefile";
}

// Reading information_schema's tables through SELECT (and calling ordinary
// functions) is all a query may do: no ATTACH, PRAGMA, writes, transactions
// or other schemas. The flag tells run() why prepare failed.
int authorize(void* denied, int action, const char* arg3, const char* arg4, const char* db_name, const char*) {
    switch (action) {
    case SQLITE_SELECT:
        return SQLITE_OK;
    case SQLITE_READ:
        if (db_name && std::string_view(db_name) == information_schema_name && arg3 &&
            !std::string_view(arg3).starts_with("sqlite_")) {
            return SQLITE_OK;
        }
        break;
    case SQLITE_FUNCTION:
        if (arg4 && !blocked_function(arg4)) return SQLITE_OK;
        break;
    default:
        break;
    }
    *static_cast<bool*>(denied) = true;
    return SQLITE_DENY;
}

sql_error access_denied(const schema_viewer* viewer) {
    if (!viewer) return {er::dbaccess_denied, "42000", "Access denied to database 'information_schema'"};
    return {er::dbaccess_denied, "42000",
            fmt::format("Access denied for user '{}'@'{}' to database 'information_schema'", viewer->user,
                        viewer->host)};
}

// MySQL prints doubles in their shortest round-trip form, exponents bare
// ("1e20", "1.5e-7").
std::string format_double(double v) {
    std::string s = fmt::format("{}", v);
    const auto e = s.find('e');
    if (e == std::string::npos) return s;
    std::string exponent = s.substr(e + 1);
    const bool negative = !exponent.empty() && exponent.front() == '-';
    exponent.erase(0, exponent.find_first_not_of("+-"));
    exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
    return s.substr(0, e + 1) + (negative ? "-" : "") + exponent;
}

// What the values of a column looked like, for columns that are not plain
// information_schema columns (expressions, aggregates).
struct column_stats {
    bool integer = false, real = false, text = false, blob = false, null = false;
    std::size_t max_length = 0;
};

column_meta derived_meta(std::string name, const column_stats& s) {
    if (s.null && !(s.integer || s.real || s.text || s.blob)) {
        column_meta m;  // only NULLs: MySQL's NULL type, as for SELECT NULL
        m.name = std::move(name);
        m.type = field_type::null;
        m.charset = charset::binary;
        m.flags = column_flag::binary;
        return m;
    }
    if (s.blob) {
        column_meta m;
        m.name = std::move(name);
        m.type = field_type::var_string;
        m.charset = charset::binary;
        m.flags = column_flag::binary;
        m.length = static_cast<std::uint32_t>(s.max_length);
        return m;
    }
    if (s.text || !(s.integer || s.real)) {
        return text_column(std::move(name), static_cast<std::uint32_t>(std::max<std::size_t>(s.max_length, 1)));
    }
    return s.real ? double_column(std::move(name)) : bigint_column(std::move(name));
}

column_meta meta_for(const statement& stmt, int i, const column_stats& s) {
    std::string name(stmt.column_name(i));
    const char* db = sqlite3_column_database_name(stmt.handle(), i);
    const char* table = sqlite3_column_table_name(stmt.handle(), i);
    const char* origin = sqlite3_column_origin_name(stmt.handle(), i);
    if (db && table && origin && std::string_view(db) == information_schema_name) {
        if (const auto t = find_information_schema_table(table)) {
            for (const auto& c : information_schema_table(*t).columns) {
                if (c.name != origin) continue;
                column_meta m = c.meta;
                m.name = std::move(name);
                if (s.null) m.flags &= ~column_flag::not_null;  // e.g. the outer side of a LEFT JOIN
                return m;
            }
        }
    }
    auto m = derived_meta(std::move(name), s);
    m.org_name.clear();  // an expression has no original column
    if (!s.null && (s.integer || s.real || s.text || s.blob)) m.flags |= column_flag::not_null;
    return m;
}

// True when text holds another statement after the first: we run exactly one.
bool more_statements(sqlite3* db, const char* tail, const char* end) {
    while (tail < end) {
        sqlite3_stmt* next = nullptr;
        const int rc = sqlite3_prepare_v2(db, tail, static_cast<int>(end - tail), &next, &tail);
        const bool found = rc != SQLITE_OK || next != nullptr;
        sqlite3_finalize(next);
        if (found) return true;
    }
    return false;
}

}  // namespace

struct schema_query_engine::connection {
    database db;
    schema_query_context context;
    bool denied = false;
};

schema_query_engine::schema_query_engine() = default;
schema_query_engine::~schema_query_engine() = default;

sql_result<std::unique_ptr<schema_query_engine::connection>> schema_query_engine::acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            return c;
        }
    }
    auto c = std::make_unique<connection>();
    BOOST_OUTCOME_TRY(db, database::open(":memory:"));
    c->db = std::move(db);
    sqlite3* h = c->db.handle();
    BOOST_OUTCOME_TRY(c->db.exec("ATTACH DATABASE ':memory:' AS information_schema"));
    BOOST_OUTCOME_TRY(install_schema_tables(c->db, c->context));
    sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_set_authorizer(h, authorize, &c->denied);
    return c;
}

void schema_query_engine::set_query_sources(query_sources sources) {
    std::lock_guard lock(mutex_);
    sources_ = sources;
}

void schema_query_engine::release(std::unique_ptr<connection> c) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_connections) idle_.push_back(std::move(c));
}

sql_result<result_set> schema_query_engine::run(std::string_view sqlite_select, std::shared_ptr<const schema_rows> rows,
                                                const schema_viewer* viewer) {
    BOOST_OUTCOME_TRY(conn, acquire());
    connection& c = *conn;
    {
        std::lock_guard lock(mutex_);
        c.context.sources = sources_;
    }
    c.context.rows = std::move(rows);
    if (viewer) {
        c.context.accounts = &viewer->accounts;
        c.context.user = viewer->user;
        c.context.host = viewer->host;
    }
    c.denied = false;

    auto result = [&]() -> sql_result<result_set> {
        sqlite3* h = c.db.handle();
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        const int rc = sqlite3_prepare_v2(h, sqlite_select.data(), static_cast<int>(sqlite_select.size()), &raw, &tail);
        statement stmt(raw);
        if (c.denied) return access_denied(viewer);
        if (rc != SQLITE_OK) return sqlite_error(h, rc, "information_schema");
        if (!raw) return sql_error{er::empty_query, "42000", "Query was empty"};
        if (more_statements(h, tail, sqlite_select.data() + sqlite_select.size())) {
            return sql_error{er_unknown_error, "HY000", "information_schema queries run one statement at a time"};
        }
        if (!sqlite3_stmt_readonly(raw)) return access_denied(viewer);

        const int n = stmt.column_count();
        std::vector<column_stats> stats(static_cast<std::size_t>(n));
        result_set out;
        for (;;) {
            BOOST_OUTCOME_TRY(more, stmt.step());
            if (!more) break;
            row r;
            r.reserve(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i) {
                auto& s = stats[static_cast<std::size_t>(i)];
                switch (stmt.column_type(i)) {
                case SQLITE_INTEGER: s.integer = true; r.emplace_back(std::to_string(stmt.column_int64(i))); break;
                case SQLITE_FLOAT: s.real = true; r.emplace_back(format_double(stmt.column_double(i))); break;
                case SQLITE_TEXT: s.text = true; r.emplace_back(std::string(stmt.column_text(i))); break;
                case SQLITE_BLOB: s.blob = true; r.emplace_back(std::string(stmt.column_blob(i))); break;
                default: s.null = true; r.emplace_back(std::nullopt); break;
                }
                if (r.back()) s.max_length = std::max(s.max_length, r.back()->size());
            }
            out.rows.push_back(std::move(r));
        }
        for (int i = 0; i < n; ++i) out.columns.push_back(meta_for(stmt, i, stats[static_cast<std::size_t>(i)]));
        return out;
    }();

    c.context.clear();
    release(std::move(conn));
    return result;
}

}  // namespace qproxy::storage
