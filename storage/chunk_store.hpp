// The embedded chunk store: the rows of every table in SQLite files under
// <data_dir>/chunks/<db>/ (layout in storage/README.md):
//   chunk_<id>.sqlite3      the rows of every partitioned table of <db> in chunk <id>
//   replicated.sqlite3      the replicated tables of <db>
//   director_index.sqlite3  per director table: key -> (chunk_id, sub_chunk_id)
// Tables keep their MySQL names and column names; columns are declared
// INTEGER / REAL / TEXT / BLOB as the engine's value conventions bind them
// (sqlite_type). Every chunk file holds every partitioned table of its
// database, so a chunk query never meets a missing table.
//
// Table DDL goes through here: the catalog first, then the files.
#pragma once

#include "storage/catalog.hpp"
#include "storage/load_file.hpp"
#include "storage/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

namespace qproxy::storage {

// The schema name under which the i-th of open_chunk's / open_replicated's
// replicated databases is attached: rep_0, rep_1, …
[[nodiscard]] std::string replicated_schema(std::size_t i);

// The overlap table of sky director `table` in its chunk files (Qserv's
// <table>FullOverlap): a copy of each row of other chunks that lies within
// the table's OVERLAP of the chunk, chunkId and subChunkId those of the row's
// own chunk. Only near-neighbour joins read it; the loader writes it.
[[nodiscard]] std::string overlap_table(std::string_view table);

// The SQLite declared type of a column of MySQL type m: INTEGER, REAL, TEXT
// or BLOB (temporal values are TEXT in MySQL's format).
[[nodiscard]] std::string_view sqlite_type(const column_meta& m);

class chunk_store {
public:
    chunk_store(catalog& cat, const std::filesystem::path& data_dir);
    chunk_store(const chunk_store&) = delete;
    chunk_store& operator=(const chunk_store&) = delete;

    // The catalog's create_table / drop_table / drop_database, then the
    // files: a new partitioned table is created in every chunk file of its
    // database, a director gets its index table, a replicated table its table
    // in replicated.sqlite3. When the files cannot be changed, a new table
    // is dropped from the catalog again; a dropped table stays dropped and
    // leftovers in the files are replaced by the next table of that name.
    // Dropping a database's last partitioned table deletes its chunk files
    // and empties its chunk list. Each waits for running loads of the database.
    [[nodiscard]] sql_status create_table(table_info t, bool if_not_exists, bool& existed);
    [[nodiscard]] sql_status drop_table(std::string_view db, std::string_view name, bool if_exists, bool& existed);
    [[nodiscard]] sql_status drop_database(std::string_view name, bool if_exists, bool& existed);

    [[nodiscard]] std::filesystem::path database_dir(std::string_view db) const;
    [[nodiscard]] std::filesystem::path chunk_path(std::string_view db, std::int32_t chunk_id) const;
    [[nodiscard]] std::filesystem::path replicated_path(std::string_view db) const;
    [[nodiscard]] std::filesystem::path director_index_path(std::string_view db) const;

    // Read-only connections. open_chunk: the chunk's file as `main`, with the
    // replicated.sqlite3 of each of replicated_dbs attached read-only as
    // replicated_schema(i). open_replicated: the same attachments over an
    // empty in-memory `main`, for queries reading only replicated tables.
    // Files are memory-mapped: scans read the page cache in place.
    [[nodiscard]] sql_result<database> open_chunk(std::string_view db, std::int32_t chunk_id,
                                                  std::span<const std::string> replicated_dbs) const;
    [[nodiscard]] sql_result<database> open_replicated(std::span<const std::string> replicated_dbs) const;
    [[nodiscard]] sql_result<database> open_director_index(std::string_view db) const;

    // Loads. Hold lock_database(db) from the first begin_* to the last
    // commit: loads and table DDL of one database take turns (other
    // databases and readers are not blocked). A new chunk file gets every
    // partitioned table of the database; begin_chunk_load builds a missing
    // one aside, to be published (load_file.hpp).
    [[nodiscard]] std::unique_lock<std::mutex> lock_database(std::string_view db);
    // The same without waiting: the lock does not own the mutex when a load
    // or table change of db is running.
    [[nodiscard]] std::unique_lock<std::mutex> try_lock_database(std::string_view db);
    // `load`: the load's number (catalog.hpp, "Loads").
    [[nodiscard]] sql_result<load_file> begin_chunk_load(std::string_view db, std::int32_t chunk_id,
                                                         std::int64_t load) const;
    [[nodiscard]] sql_result<load_file> begin_replicated_load(std::string_view db, std::int64_t load) const;
    [[nodiscard]] sql_result<load_file> begin_director_index_load(std::string_view db, std::int64_t load) const;
    // A chunk's file as begin_chunk_load makes it, without keeping a connection.
    [[nodiscard]] sql_status create_chunk_file(std::string_view db, std::int32_t chunk_id) const;

    // Holding lock_database(db): when a load's commit was cut short (a
    // crash, an I/O error), deletes the rows it numbered from every file of
    // db and spends its number; queries meanwhile never see them (they read
    // up to the published load). The next load of db calls it first.
    [[nodiscard]] sql_status recover_load(std::string_view db) const;
    // At start, before serving or loading: every database's files get load
    // columns (files written before load numbers, once), then recover_load.
    // Failures are logged: a database with a damaged file stays served.
    void prepare_files();

private:
    // Run sql on each of files in its own transaction, then sync them.
    [[nodiscard]] sql_status change_files(std::span<const std::filesystem::path> files, const std::string& sql) const;
    [[nodiscard]] sql_status create_files(const table_info& t) const;
    [[nodiscard]] sql_status drop_files(const table_info& t) const;
    // The chunk files on disk (a superset of the catalog's chunk list).
    [[nodiscard]] std::vector<std::filesystem::path> chunk_files(std::string_view db) const;
    // Those and the replicated and director index files that exist.
    [[nodiscard]] std::vector<std::filesystem::path> store_files(std::string_view db) const;
    [[nodiscard]] sql_status number_files(std::string_view db) const;
    [[nodiscard]] std::mutex& database_mutex(std::string_view db);

    catalog& catalog_;
    std::filesystem::path root_;
    std::mutex locks_mutex_;
    std::map<std::string, std::mutex, std::less<>> locks_;  // per database; never erased (stable addresses)
};

}  // namespace qproxy::storage
