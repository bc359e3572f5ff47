#include "storage/system_db.hpp"

#include "storage/migrations.hpp"
#include "storage/privileges.hpp"

#include <fmt/format.h>

#include <array>
#include <system_error>

namespace qproxy::storage {

namespace {

// The qsmaster row below spells all_privileges as a literal: migrations are
// frozen text.
static_assert(all_privileges == 268434431);

constexpr std::array<std::string_view, 3> migrations = {
    // 1: accounts and databases. Hosts compare case-insensitively, users and
    // database names case-sensitively, as in MySQL on Linux. The qsmaster
    // bootstrap lives here so it happens exactly once, on first start: an
    // administrator who drops qsmaster does not see it come back.
    R"sql(
CREATE TABLE users (
    user        TEXT NOT NULL,
    host        TEXT NOT NULL COLLATE NOCASE,
    plugin      TEXT NOT NULL,
    auth_string BLOB NOT NULL,              -- the plugin's hash, never the password
    require_ssl INTEGER NOT NULL DEFAULT 0,
    created     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    PRIMARY KEY (user, host)
) WITHOUT ROWID;

CREATE TABLE grants (
    user              TEXT NOT NULL,
    host              TEXT NOT NULL COLLATE NOCASE,
    db                TEXT NOT NULL,        -- '*': global (*.*)
    tbl               TEXT NOT NULL,        -- '*': the whole database (db.*)
    privileges        INTEGER NOT NULL,     -- privilege bit mask, without GRANT OPTION
    with_grant_option INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user, host, db, tbl),
    FOREIGN KEY (user, host) REFERENCES users (user, host) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE databases (
    name      TEXT NOT NULL PRIMARY KEY,
    charset   TEXT NOT NULL,
    collation TEXT NOT NULL,
    created   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now'))
) WITHOUT ROWID;

INSERT INTO users (user, host, plugin, auth_string) VALUES ('qsmaster', 'localhost', 'mysql_native_password', X'');
INSERT INTO grants (user, host, db, tbl, privileges, with_grant_option)
    VALUES ('qsmaster', 'localhost', '*', '*', 268434431, 1);
)sql",
    // 2: tables (partitioned and replicated) with their columns, and the
    // chunks of each database that hold data. `partitioning` is the
    // partitioning::kind_t (the table kind follows from it); parameters a
    // kind does not use keep their defaults. Columns keep MySQL's type text
    // exactly: it drives information_schema and result metadata.
    R"sql(
CREATE TABLE tables (
    db             TEXT NOT NULL REFERENCES databases (name) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    partitioning   TEXT NOT NULL CHECK (partitioning IN ('none', 'sky', 'hash', 'child')),
    key_column     TEXT NOT NULL DEFAULT '',
    lon_column     TEXT NOT NULL DEFAULT '',
    lat_column     TEXT NOT NULL DEFAULT '',
    stripes        INTEGER NOT NULL DEFAULT 0,
    sub_stripes    INTEGER NOT NULL DEFAULT 0,
    overlap        REAL NOT NULL DEFAULT 0,
    partitions     INTEGER NOT NULL DEFAULT 0,
    director_db    TEXT NOT NULL DEFAULT '',
    director_table TEXT NOT NULL DEFAULT '',
    engine         TEXT NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    create_sql     TEXT NOT NULL,
    created        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    PRIMARY KEY (db, name)
) WITHOUT ROWID;

CREATE TABLE columns (
    db            TEXT NOT NULL,
    tbl           TEXT NOT NULL,
    position      INTEGER NOT NULL,   -- 0-based
    name          TEXT NOT NULL,
    column_type   TEXT NOT NULL,      -- MySQL's COLUMN_TYPE text
    nullable      INTEGER NOT NULL,
    default_value TEXT,
    collation     TEXT NOT NULL DEFAULT '',  -- '' for non-text types
    key           TEXT NOT NULL DEFAULT '',  -- PRI, UNI, MUL
    extra         TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (db, tbl, position),
    FOREIGN KEY (db, tbl) REFERENCES tables (db, name) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE chunks (
    db       TEXT NOT NULL REFERENCES databases (name) ON DELETE CASCADE,
    chunk_id INTEGER NOT NULL,
    PRIMARY KEY (db, chunk_id)
) WITHOUT ROWID;
)sql",
    // 3: load numbers (storage/catalog.hpp, "Loads"): the newest load whose
    // rows queries see, and the newest whose commit began.
    R"sql(
ALTER TABLE databases ADD COLUMN published_load INTEGER NOT NULL DEFAULT 0;
ALTER TABLE databases ADD COLUMN last_load INTEGER NOT NULL DEFAULT 0;
)sql",
};

}  // namespace

std::filesystem::path system_db_path(const std::filesystem::path& data_dir) {
    return data_dir / "system.sqlite3";
}

std::span<const std::string_view> system_migrations() { return migrations; }

sql_result<database> open_system_db(const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
        return sql_error{er_unknown_error, "HY000",
                         fmt::format("Can't create data directory '{}': {}", data_dir.string(), ec.message())};
    }
    BOOST_OUTCOME_TRY(db, database::open(system_db_path(data_dir)));
    BOOST_OUTCOME_TRY(migrate(db, migrations));
    return std::move(db);
}

}  // namespace qproxy::storage
