#include "storage/catalog.hpp"

#include "storage/information_schema.hpp"
#include "storage/system_db.hpp"
#include "storage/table_definition.hpp"
#include "storage/text.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <ctime>
#include <mutex>

namespace qproxy::storage {

namespace {

inline constexpr std::uint16_t er_db_create_exists = 1007;      // HY000
inline constexpr std::uint16_t er_db_drop_exists = 1008;        // HY000
inline constexpr std::uint16_t er_bad_table = 1051;             // 42S02
inline constexpr std::uint16_t er_fk_cannot_open_parent = 1824; // HY000
inline constexpr std::uint16_t er_fk_cannot_drop_parent = 3730; // HY000

using kind_t = partitioning::kind_t;

// partitioning::kind_t as the tables.partitioning column spells it.
constexpr std::array<std::string_view, 4> kind_names = {"none", "sky", "hash", "child"};

std::string_view kind_name(kind_t k) { return kind_names[static_cast<std::size_t>(k)]; }

kind_t kind_of(std::string_view name) {
    for (std::size_t i = 0; i < kind_names.size(); ++i) {
        if (kind_names[i] == name) return static_cast<kind_t>(i);
    }
    return kind_t::none;  // the CHECK constraint admits nothing else
}

sql_error unknown_database(std::string_view name) {
    return {er::bad_db, "42000", fmt::format("Unknown database '{}'", name)};
}

constexpr std::string_view default_charset = "utf8mb4";
constexpr std::string_view default_collation = "utf8mb4_0900_ai_ci";

bool is_information_schema(std::string_view name) { return iequals(name, information_schema_name); }

sql_error information_schema_denied() {
    return {er::dbaccess_denied, "42000", "Access denied to database 'information_schema'"};
}

database_info information_schema_info() {
    return {std::string(information_schema_name), "utf8mb3", "utf8mb3_general_ci"};
}

// MySQL's rules for a database name: 1..64 characters, no trailing space.
sql_status check_name(std::string_view name) {
    if (name.size() > 64) return sql_error{er::too_long_ident, "42000", fmt::format("Identifier name '{}' is too long", name)};
    if (name.empty() || name.back() == ' ') {
        return sql_error{er::wrong_db_name, "42000", fmt::format("Incorrect database name '{}'", name)};
    }
    return ok();
}

std::string now_text() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(now));
}

}  // namespace

catalog::catalog(database db, db_map databases)
    : db_(std::move(db)), databases_(std::move(databases)), opened_at_(now_text()),
      engine_(std::make_unique<schema_query_engine>()) {
    rebuild_rows();
}

catalog::~catalog() = default;

sql_result<std::unique_ptr<catalog>> catalog::open(const std::filesystem::path& data_dir) {
    BOOST_OUTCOME_TRY(db, open_system_db(data_dir));
    db_map databases;
    BOOST_OUTCOME_TRY(rows, db.prepare("SELECT name, charset, collation, published_load, last_load FROM databases"));
    for (;;) {
        BOOST_OUTCOME_TRY(row, rows.step());
        if (!row) break;
        database_info info{std::string(rows.column_text(0)), std::string(rows.column_text(1)),
                           std::string(rows.column_text(2))};
        auto name = info.name;
        const load_numbers loads{rows.column_int64(3), rows.column_int64(4)};
        databases.emplace(std::move(name), db_entry{std::move(info), {}, {}, loads});
    }
    BOOST_OUTCOME_TRY(load_tables(db, databases));
    return std::unique_ptr<catalog>(new catalog(std::move(db), std::move(databases)));
}

sql_status catalog::load_tables(database& db, db_map& databases) {
    BOOST_OUTCOME_TRY(tables, db.prepare(
        "SELECT db, name, partitioning, key_column, lon_column, lat_column, stripes, sub_stripes, overlap, "
        "partitions, director_db, director_table, engine, comment, create_sql FROM tables"));
    for (;;) {
        BOOST_OUTCOME_TRY(row, tables.step());
        if (!row) break;
        table_info t;
        t.db = tables.column_text(0);
        t.name = tables.column_text(1);
        t.part.kind = kind_of(tables.column_text(2));
        t.part.key = tables.column_text(3);
        t.part.lon = tables.column_text(4);
        t.part.lat = tables.column_text(5);
        t.part.stripes = static_cast<std::uint32_t>(tables.column_int64(6));
        t.part.sub_stripes = static_cast<std::uint32_t>(tables.column_int64(7));
        t.part.overlap = tables.column_double(8);
        t.part.partitions = static_cast<std::uint32_t>(tables.column_int64(9));
        t.part.director_db = tables.column_text(10);
        t.part.director_table = tables.column_text(11);
        t.engine = tables.column_text(12);
        t.comment = tables.column_text(13);
        t.create_sql = tables.column_text(14);
        t.kind = table_kind(t.part.kind);
        auto name = t.name;
        databases.find(t.db)->second.tables.emplace(std::move(name), std::move(t));
    }
    BOOST_OUTCOME_TRY(columns, db.prepare(
        "SELECT db, tbl, name, column_type, nullable, default_value, collation, key, extra, comment "
        "FROM columns ORDER BY db, tbl, position"));
    for (;;) {
        BOOST_OUTCOME_TRY(row, columns.step());
        if (!row) break;
        // Foreign keys guarantee the database and table rows exist.
        table_info& t = databases.find(columns.column_text(0))->second.tables.find(columns.column_text(1))->second;
        column_info c;
        c.name = columns.column_text(2);
        c.column_type = columns.column_text(3);
        c.nullable = columns.column_int64(4) != 0;
        if (!columns.is_null(5)) c.default_value = std::string(columns.column_text(5));
        if (!columns.column_text(6).empty()) c.collation = std::string(columns.column_text(6));
        c.key = columns.column_text(7);
        c.extra = columns.column_text(8);
        c.comment = columns.column_text(9);
        BOOST_OUTCOME_TRY(done, complete_column(c, t.db, t.name));
        t.columns.push_back(std::move(done));
    }
    BOOST_OUTCOME_TRY(chunks, db.prepare("SELECT db, chunk_id FROM chunks"));
    for (;;) {
        BOOST_OUTCOME_TRY(row, chunks.step());
        if (!row) break;
        databases.find(chunks.column_text(0))->second.chunks.insert(static_cast<std::int32_t>(chunks.column_int64(1)));
    }
    return ok();
}

void catalog::rebuild_rows() {
    generation_.fetch_add(1, std::memory_order_acq_rel);
    std::vector<database_info> dbs;
    std::vector<table_info> tables;
    for (const auto& [name, entry] : databases_) {
        dbs.push_back(entry.info);
        for (const auto& [table_name, t] : entry.tables) tables.push_back(t);
    }
    rows_ = build_schema_rows(dbs, tables, opened_at_);
}

std::vector<database_info> catalog::databases() const {
    std::shared_lock lock(mutex_);
    std::vector<database_info> out{information_schema_info()};
    for (const auto& [name, entry] : databases_) out.push_back(entry.info);
    return out;
}

std::optional<database_info> catalog::find_database(std::string_view name) const {
    if (is_information_schema(name)) return information_schema_info();
    std::shared_lock lock(mutex_);
    const auto it = databases_.find(name);
    if (it == databases_.end()) return std::nullopt;
    return it->second.info;
}

std::vector<table_info> catalog::tables(std::string_view db) const {
    if (is_information_schema(db)) {
        const auto all = information_schema_tables();
        return {all.begin(), all.end()};
    }
    std::shared_lock lock(mutex_);
    std::vector<table_info> out;
    if (const auto it = databases_.find(db); it != databases_.end()) {
        for (const auto& [name, t] : it->second.tables) out.push_back(t);
    }
    return out;
}

std::optional<table_info> catalog::find_table(std::string_view db, std::string_view table) const {
    if (is_information_schema(db)) {
        const auto t = find_information_schema_table(table);
        if (!t) return std::nullopt;
        return information_schema_table(*t);
    }
    std::shared_lock lock(mutex_);
    const auto d = databases_.find(db);
    if (d == databases_.end()) return std::nullopt;
    const auto t = d->second.tables.find(table);
    if (t == d->second.tables.end()) return std::nullopt;
    return t->second;
}

sql_status catalog::create_database(std::string_view name, bool if_not_exists, bool& existed) {
    BOOST_OUTCOME_TRY(check_name(name));
    std::unique_lock lock(mutex_);
    existed = is_information_schema(name) || databases_.contains(name);
    if (existed) {
        if (if_not_exists) return ok();
        return sql_error{er_db_create_exists, "HY000", fmt::format("Can't create database '{}'; database exists", name)};
    }
    BOOST_OUTCOME_TRY(insert, db_.prepare("INSERT INTO databases (name, charset, collation) VALUES (?, ?, ?)"));
    BOOST_OUTCOME_TRY(insert.bind_all(name, default_charset, default_collation));
    BOOST_OUTCOME_TRY(insert.run());
    database_info info{std::string(name), std::string(default_charset), std::string(default_collation)};
    databases_.emplace(std::string(name), db_entry{std::move(info), {}, {}, {}});
    rebuild_rows();
    return ok();
}

sql_status catalog::drop_database(std::string_view name, bool if_exists, bool& existed) {
    if (is_information_schema(name)) {
        existed = true;
        return information_schema_denied();
    }
    std::unique_lock lock(mutex_);
    const auto it = databases_.find(name);
    existed = it != databases_.end();
    if (!existed) {
        if (if_exists) return ok();
        return sql_error{er_db_drop_exists, "HY000",
                         fmt::format("Can't drop database '{}'; database doesn't exist", name)};
    }
    BOOST_OUTCOME_TRY(remove, db_.prepare("DELETE FROM databases WHERE name = ?"));
    BOOST_OUTCOME_TRY(remove.bind_all(name));
    BOOST_OUTCOME_TRY(remove.run());
    databases_.erase(it);
    rebuild_rows();
    return ok();
}

sql_status catalog::check_director(const db_entry& entry, const table_info& child) const {
    const auto& p = child.part;
    const auto director = fmt::format("{}.{}", p.director_db.empty() ? entry.info.name : p.director_db, p.director_table);
    if (!p.director_db.empty() && p.director_db != entry.info.name) {
        return sql_error{er_fk_cannot_open_parent, "HY000",
                         fmt::format("Failed to open the referenced table '{}': a child table must reference a "
                                     "director table of its own database '{}'", director, entry.info.name)};
    }
    const auto it = entry.tables.find(p.director_table);
    if (it == entry.tables.end()) {
        return sql_error{er_fk_cannot_open_parent, "HY000",
                         fmt::format("Failed to open the referenced table '{}': no such table", director)};
    }
    const auto& d = it->second.part;
    if ((d.kind != kind_t::sky && d.kind != kind_t::hash) || d.key.empty()) {
        return sql_error{er_fk_cannot_open_parent, "HY000",
                         fmt::format("Failed to open the referenced table '{}': it is not a director table with a "
                                     "KEY column", director)};
    }
    return ok();
}

sql_status catalog::insert_table(const table_info& t) {
    BOOST_OUTCOME_TRY(txn, transaction::begin(db_));
    BOOST_OUTCOME_TRY(table, db_.prepare(
        "INSERT INTO tables (db, name, partitioning, key_column, lon_column, lat_column, stripes, sub_stripes, "
        "overlap, partitions, director_db, director_table, engine, comment, create_sql) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const auto& p = t.part;
    BOOST_OUTCOME_TRY(table.bind_all(t.db, t.name, kind_name(p.kind), p.key, p.lon, p.lat, p.stripes, p.sub_stripes,
                                     p.overlap, p.partitions, p.director_db, p.director_table, t.engine, t.comment,
                                     t.create_sql));
    BOOST_OUTCOME_TRY(table.run());
    BOOST_OUTCOME_TRY(column, db_.prepare(
        "INSERT INTO columns (db, tbl, position, name, column_type, nullable, default_value, collation, key, "
        "extra, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto& c = t.columns[i];
        column.reset();
        BOOST_OUTCOME_TRY(column.bind_all(t.db, t.name, i, c.name, c.column_type, c.nullable, c.default_value,
                                          c.collation.value_or(""), c.key, c.extra, c.comment));
        BOOST_OUTCOME_TRY(column.run());
    }
    return txn.commit();
}

sql_status catalog::create_table(table_info t, bool if_not_exists, bool& existed) {
    existed = false;
    if (is_information_schema(t.db)) return information_schema_denied();
    std::unique_lock lock(mutex_);
    const auto d = databases_.find(t.db);
    if (d == databases_.end()) return unknown_database(t.db);
    db_entry& entry = d->second;
    for (const auto& [name, other] : entry.tables) {
        if (!iequals(name, t.name)) continue;
        existed = name == t.name;
        if (existed && if_not_exists) return ok();
        const auto why = existed ? std::string() : fmt::format(" (as '{}': names of a database's tables must differ "
                                                               "in more than letter case)", name);
        return sql_error{er::table_exists, "42S01", fmt::format("Table '{}' already exists{}", t.name, why)};
    }
    const table_info* director = nullptr;
    if (t.part.kind == kind_t::child) {
        BOOST_OUTCOME_TRY(check_director(entry, t));
        director = &entry.tables.at(t.part.director_table);
    }
    BOOST_OUTCOME_TRY(defined, define_table(std::move(t), entry.info, director));
    BOOST_OUTCOME_TRY(insert_table(defined));
    auto name = defined.name;
    entry.tables.emplace(std::move(name), std::move(defined));
    rebuild_rows();
    return ok();
}

sql_status catalog::drop_table(std::string_view db, std::string_view name, bool if_exists, bool& existed) {
    if (is_information_schema(db)) return information_schema_denied();
    std::unique_lock lock(mutex_);
    const auto d = databases_.find(db);
    existed = d != databases_.end() && d->second.tables.contains(name);
    if (!existed) {
        if (if_exists) return ok();
        return sql_error{er_bad_table, "42S02", fmt::format("Unknown table '{}.{}'", db, name)};
    }
    auto& tables = d->second.tables;
    for (const auto& [child_name, child] : tables) {
        if (child.part.kind == kind_t::child && child.part.director_table == name) {
            return sql_error{er_fk_cannot_drop_parent, "HY000",
                             fmt::format("Cannot drop table '{}' referenced by child table '{}': drop the child "
                                         "tables first", name, child_name)};
        }
    }
    BOOST_OUTCOME_TRY(remove, db_.prepare("DELETE FROM tables WHERE db = ? AND name = ?"));
    BOOST_OUTCOME_TRY(remove.bind_all(db, name));
    BOOST_OUTCOME_TRY(remove.run());
    tables.erase(tables.find(name));
    rebuild_rows();
    return ok();
}

std::vector<std::int32_t> catalog::chunks(std::string_view db) const {
    std::shared_lock lock(mutex_);
    const auto d = databases_.find(db);
    if (d == databases_.end()) return {};
    return {d->second.chunks.begin(), d->second.chunks.end()};
}

sql_status catalog::clear_chunks(std::string_view db) {
    std::unique_lock lock(mutex_);
    const auto d = databases_.find(db);
    if (d == databases_.end()) return unknown_database(db);
    BOOST_OUTCOME_TRY(remove, db_.prepare("DELETE FROM chunks WHERE db = ?"));
    BOOST_OUTCOME_TRY(remove.bind_all(db));
    BOOST_OUTCOME_TRY(remove.run());
    d->second.chunks.clear();
    return ok();
}

void catalog::set_query_sources(query_sources sources) { engine_->set_query_sources(sources); }

sql_result<result_set> catalog::query_information_schema(std::string_view sqlite_select,
                                                         const schema_viewer* viewer) const {
    std::shared_ptr<const schema_rows> rows;
    {
        std::shared_lock lock(mutex_);
        rows = rows_;
    }
    return engine_->run(sqlite_select, std::move(rows), viewer);
}

}  // namespace qproxy::storage
