// chunk_store's upkeep of a database's files: giving files from before
// load numbers their load column, and undoing a load whose commit was cut
// short (chunk_store.hpp).
#include "storage/chunk_store.hpp"

#include "parser/print_sqlite.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <fstream>

namespace qproxy::storage {

namespace {

// The tables of an open file (its own, not SQLite's).
sql_result<std::vector<std::string>> file_tables(database& db) {
    BOOST_OUTCOME_TRY(stmt, db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' "
                                       "ESCAPE '!'"));
    std::vector<std::string> names;
    for (;;) {
        BOOST_OUTCOME_TRY(row, stmt.step());
        if (!row) return names;
        names.emplace_back(stmt.column_text(0));
    }
}

sql_result<std::int64_t> user_version(database& db) {
    BOOST_OUTCOME_TRY(stmt, db.prepare("PRAGMA user_version"));
    BOOST_OUTCOME_TRY(row, stmt.step());
    return row ? stmt.column_int64(0) : 0;
}

// Adds the load column to the tables of p lacking it (their rows: load 0).
sql_status number_file(const std::filesystem::path& p) {
    BOOST_OUTCOME_TRY(db, open_writable(p, {}));
    BOOST_OUTCOME_TRY(txn, transaction::begin(db));
    BOOST_OUTCOME_TRY(tables, file_tables(db));
    for (const auto& t : tables) {
        BOOST_OUTCOME_TRY(has, db.prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2"));
        BOOST_OUTCOME_TRY(has.bind_all(t, load_column));
        BOOST_OUTCOME_TRY(found, has.step());
        if (found) continue;
        BOOST_OUTCOME_TRY(db.exec(fmt::format("ALTER TABLE {} ADD COLUMN {}", sql::sqlite_quote_identifier(t),
                                              load_column_definition())));
    }
    return txn.commit();
}

// Deletes the rows of p numbered above `published`; true when there were any.
sql_result<bool> unload_file(const std::filesystem::path& p, std::int64_t published) {
    BOOST_OUTCOME_TRY(db, open_writable(p, {}));
    BOOST_OUTCOME_TRY(version, user_version(db));
    if (version <= published) return false;
    BOOST_OUTCOME_TRY(txn, transaction::begin(db));
    BOOST_OUTCOME_TRY(tables, file_tables(db));
    for (const auto& t : tables) {
        BOOST_OUTCOME_TRY(db.exec(fmt::format("DELETE FROM {} WHERE {} > {}", sql::sqlite_quote_identifier(t),
                                              load_column, published)));
    }
    BOOST_OUTCOME_TRY(txn.commit());
    return true;
}

}  // namespace

std::vector<std::filesystem::path> chunk_store::store_files(std::string_view db) const {
    auto files = chunk_files(db);
    std::error_code ec;
    for (const auto& f : {replicated_path(db), director_index_path(db)}) {
        if (std::filesystem::exists(f, ec)) files.push_back(f);
    }
    return files;
}

sql_status chunk_store::number_files(std::string_view db) const {
    const auto dir = database_dir(db);
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec) || std::filesystem::exists(dir / numbered_marker, ec)) return ok();
    const auto files = store_files(db);
    if (!files.empty()) spdlog::info("database '{}': numbering the rows of {} files for snapshots", db, files.size());
    for (const auto& f : files) {
        BOOST_OUTCOME_TRY(number_file(f));
    }
    BOOST_OUTCOME_TRY(sync_files(files));
    if (!std::ofstream(dir / numbered_marker).good())
        return file_error(dir / numbered_marker, "create", std::error_code(errno, std::system_category()));
    std::vector<std::filesystem::path> marker{dir / numbered_marker};
    return sync_files(marker);
}

sql_status chunk_store::recover_load(std::string_view db) const {
    const auto loads = catalog_.loads(db);
    if (loads.last <= loads.published) return ok();
    spdlog::warn("database '{}': load {} did not finish its commit; removing its rows", db, loads.last);
    // Every file, listed chunks or not: a chunk the catalog does not list
    // may hold overlap copies of published rows (and a new file of the cut
    // load renamed into place is left empty).
    std::vector<std::filesystem::path> changed;
    for (const auto& f : store_files(db)) {
        BOOST_OUTCOME_TRY(had, unload_file(f, loads.published));
        if (had) changed.push_back(f);
    }
    BOOST_OUTCOME_TRY(sync_files(changed));
    // Nothing numbered above the published load is left: the cut load's number is spent.
    return catalog_.publish_load(db, loads.last, {});
}

void chunk_store::prepare_files() {
    // A database whose files cannot be prepared (a damaged file) is still
    // served: its queries fail on that file and name it, the others answer;
    // rows of a cut commit stay unread; its next load retries.
    for (const auto& d : catalog_.databases()) {
        const auto lock = lock_database(d.name);
        if (auto st = number_files(d.name); !st) {
            spdlog::error("database '{}': {}", d.name, st.error().message);
            continue;
        }
        if (auto st = recover_load(d.name); !st) spdlog::error("database '{}': {}", d.name, st.error().message);
    }
}

}  // namespace qproxy::storage
