#include "czar/row_buffer.hpp"

#include "parser/print_sqlite.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace qproxy::czar {

namespace {

// Rows per multi-row INSERT: most of the per-statement saving, and far
// below SQLite's limit on parameters (32,766) for all but the widest tables.
// Each open chunk file compiles its own statements (a load of 1,689 files
// held ~140 MB of them at 16 rows): 8 loads 2M rows ~8 % faster than 16.
constexpr int rows_per_insert = 8;
constexpr int max_parameters = 32766;

template <class T>
void append(std::string& out, std::span<const T> items) {
    const std::uint64_t n = items.size();
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out.append(reinterpret_cast<const char*>(items.data()), items.size_bytes());
}

// Into a std::string or a std::vector.
template <class Container>
bool take(std::string_view& in, Container& out) {
    using T = typename Container::value_type;
    std::uint64_t n = 0;
    if (in.size() < sizeof n) return false;
    std::memcpy(&n, in.data(), sizeof n);
    in.remove_prefix(sizeof n);
    if (in.size() / sizeof(T) < n) return false;
    out.resize(n);
    std::memcpy(out.data(), in.data(), n * sizeof(T));
    in.remove_prefix(n * sizeof(T));
    return true;
}

template <class T>
void put(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <class T>
T get(const char*& p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return v;
}

// Binds the cell at p (moving p past it) to parameter `param`: SQLite's
// code, as this runs for every cell of a load.
int bind_next(sqlite3_stmt* insert, int param, const char*& p, const column_meta& type) {
    const auto k = static_cast<typed_cell::kind>(*p++);
    switch (k) {
    case typed_cell::kind::null: return sqlite3_bind_null(insert, param);
    case typed_cell::kind::integer: return sqlite3_bind_int64(insert, param, get<std::int64_t>(p));
    case typed_cell::kind::real: return sqlite3_bind_double(insert, param, stored_real(get<double>(p), type));
    case typed_cell::kind::text:
    case typed_cell::kind::blob: break;
    }
    const auto size = get<std::uint32_t>(p);
    const char* bytes = p;
    p += size;
    return k == typed_cell::kind::blob ? sqlite3_bind_blob64(insert, param, bytes, size, SQLITE_TRANSIENT)
                                       : sqlite3_bind_text64(insert, param, bytes, size, SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

void row_buffer::add(std::span<const typed_cell> row, chunk_location where) {
    for (const auto& c : row) {
        cells += static_cast<char>(c.k);
        switch (c.k) {
        case typed_cell::kind::null: break;
        case typed_cell::kind::integer: put(cells, c.integer); break;
        case typed_cell::kind::real: put(cells, c.real); break;
        case typed_cell::kind::text:
        case typed_cell::kind::blob:
            put(cells, static_cast<std::uint32_t>(c.text.size()));
            cells += c.text;
            break;
        }
    }
    locations.push_back(where);
}

void row_buffer::serialize(std::string& out) const {
    out.clear();
    append(out, std::span<const char>(cells));
    append(out, std::span<const chunk_location>(locations));
}

bool row_buffer::deserialize(std::string_view blob) {
    return take(blob, cells) && take(blob, locations) && blob.empty();
}

sql_result<row_insert> prepare_insert(storage::database& db, std::string_view table, int columns, std::int64_t load) {
    row_insert insert;
    insert.rows = std::clamp(max_parameters / std::max(columns, 1), 1, rows_per_insert);
    std::string values;
    for (int r = 0; r < insert.rows; ++r) {
        values += r ? ", (" : "(";
        // Plain '?': numbered ones cost SQLite a search of the names so far each.
        for (int c = 1; c <= columns; ++c) values += c > 1 ? ", ?" : "?";
        values += fmt::format(", {})", load);  // the load column, last
        if (r == 0) {
            BOOST_OUTCOME_TRY(one, db.prepare(fmt::format("INSERT INTO {} VALUES {}", sql::sqlite_quote_identifier(table), values)));
            insert.one = std::move(one);
        }
    }
    BOOST_OUTCOME_TRY(many, db.prepare(fmt::format("INSERT INTO {} VALUES {}", sql::sqlite_quote_identifier(table), values)));
    insert.many = std::move(many);
    return insert;
}

sql_status insert_rows(row_insert& insert, const row_buffer& rows, const row_layout& layout) {
    const std::size_t width = layout.params.size();
    const std::size_t count = rows.locations.size();
    const char* p = rows.cells.data();
    for (std::size_t first = 0; first < count;) {
        const bool many = count - first >= static_cast<std::size_t>(insert.rows);
        storage::statement& stmt = many ? insert.many : insert.one;
        const std::size_t n = many ? static_cast<std::size_t>(insert.rows) : 1;
        stmt.reset();
        int rc = SQLITE_OK;
        for (std::size_t r = 0; r < n && rc == SQLITE_OK; ++r) {
            const int base = static_cast<int>(r) * layout.columns;
            for (std::size_t i = 0; i < width && rc == SQLITE_OK; ++i) {
                rc = bind_next(stmt.handle(), base + layout.params[i], p, layout.types[i]);
            }
            const chunk_location& where = rows.locations[first + r];
            if (layout.chunk_param && rc == SQLITE_OK) {
                rc = sqlite3_bind_int64(stmt.handle(), base + *layout.chunk_param, where.chunk_id);
            }
            if (layout.sub_chunk_param && rc == SQLITE_OK) {
                rc = sqlite3_bind_int64(stmt.handle(), base + *layout.sub_chunk_param, where.sub_chunk_id);
            }
        }
        if (rc != SQLITE_OK) return storage::sqlite_error(sqlite3_db_handle(stmt.handle()), rc, "bind");
        BOOST_OUTCOME_TRY(stmt.run());
        first += n;
    }
    return ok();
}

}  // namespace qproxy::czar
