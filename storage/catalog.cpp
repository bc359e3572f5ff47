#include "storage/catalog.hpp"

#include "storage/information_schema.hpp"
#include "storage/system_db.hpp"
#include "storage/text.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <mutex>

namespace qproxy::storage {

namespace {

inline constexpr std::uint16_t er_db_create_exists = 1007;  // HY000
inline constexpr std::uint16_t er_db_drop_exists = 1008;    // HY000

constexpr std::string_view default_charset = "utf8mb4";
constexpr std::string_view default_collation = "utf8mb4_0900_ai_ci";

bool is_information_schema(std::string_view name) { return iequals(name, information_schema_name); }

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

catalog::catalog(database db, std::map<std::string, db_entry, std::less<>> databases)
    : db_(std::move(db)), databases_(std::move(databases)), opened_at_(now_text()),
      engine_(std::make_unique<schema_query_engine>()) {
    rebuild_rows();
}

catalog::~catalog() = default;

sql_result<std::unique_ptr<catalog>> catalog::open(const std::filesystem::path& data_dir) {
    BOOST_OUTCOME_TRY(db, open_system_db(data_dir));
    std::map<std::string, db_entry, std::less<>> databases;
    BOOST_OUTCOME_TRY(rows, db.prepare("SELECT name, charset, collation FROM databases"));
    for (;;) {
        BOOST_OUTCOME_TRY(row, rows.step());
        if (!row) break;
        database_info info{std::string(rows.column_text(0)), std::string(rows.column_text(1)),
                           std::string(rows.column_text(2))};
        auto name = info.name;
        databases.emplace(std::move(name), db_entry{std::move(info), {}});
    }
    return std::unique_ptr<catalog>(new catalog(std::move(db), std::move(databases)));
}

void catalog::rebuild_rows() {
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
    databases_.emplace(std::string(name), db_entry{std::move(info), {}});
    rebuild_rows();
    return ok();
}

sql_status catalog::drop_database(std::string_view name, bool if_exists, bool& existed) {
    if (is_information_schema(name)) {
        existed = true;
        return sql_error{er::dbaccess_denied, "42000", "Access denied to database 'information_schema'"};
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
