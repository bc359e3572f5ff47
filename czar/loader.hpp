// Bulk load of one table's rows, given as MySQL text, into the embedded chunk
// store (the path of LOAD DATA LOCAL INFILE and `qproxy load`). Each row goes
// where the table's partitioning puts it:
//   sky director  the chunk sky_chunker::locate(lon, lat) gives; key into the director index
//   hash director chunk hash_chunk(key); key into the director index
//   child         the chunk of the director row holding its key (director
//                 index), or Qserv's dummy chunk when the key is NULL or unknown
//   replicated    replicated.sqlite3
// chunkId / subChunkId are computed, never read from the input. A sky
// director's row is also copied into the overlap table (storage::overlap_table)
// of every other chunk whose overlap holds it (sky_chunker::overlap_locations,
// once per chunk), in the same transactions as the rest of the load.
//
// Atomicity: every touched file (chunk files, director index, replicated
// file) is written inside one transaction that stays open until commit();
// an error, or destroying the loader without commit(), rolls them all back
// (a chunk file new to the load is built under another name and deleted,
// storage/load_file.hpp), so a failed load leaves nothing visible. Every
// row is numbered with the load (storage/catalog.hpp, "Loads"), and queries
// read only rows numbered up to the load published when they were planned
// (czar/snapshot.hpp). commit() writes out the new chunk files and makes
// them durable; notes in the catalog that load N's commit begins; renames
// the new files into place, commits the director index, the existing chunk
// files and the replicated file one by one, makes them all durable, and only
// then publishes N in the catalog with the new chunks, in one transaction:
// the whole load becomes visible at once, and queries running meanwhile go
// on reading the tables as they were. Checkpoints (the WALs copied into
// their files) and a last sync follow; their failure is only logged. A commit cut short after it began (a
// crash, an I/O error) leaves rows numbered N that no query reads; the
// loader's destructor, the next load of the database or the next start
// deletes them (chunk_store::recover_load), so a retry loads the same keys
// again. One load per database at a time: lock_database is held throughout.
//
// Throughput: each field is converted once, into a typed value
// (typed_cell.hpp); rows wait in a per-chunk buffer (row_buffer.hpp) and go
// into their file in bursts of multi-row INSERTs, which a second thread runs
// (load_pipeline.hpp) while the caller routes the next rows; that thread
// also opens each chunk's file, as soon as the chunk's first row comes.
// Buffers are bounded per chunk and in total, and so are the bursts in
// flight. A burst's error is the load's, reported by the add_row or commit
// that meets it. Director keys: director_keys.hpp.
//
// One load per database at a time (it holds chunk_store::lock_database).
// Open files: each touched chunk keeps a connection (3 file descriptors)
// until commit(), up to a budget (2,048, or a quarter of the process's
// descriptors, open_files.hpp); the rows of chunks past it are staged in a scratch file
// (chunk_staging.hpp) and commit() applies them after the open files commit,
// chunk by chunk, each file committed and closed before the next opens, with
// the guarantees above (their files take part in both sync_files).
#pragma once

#include "czar/chunk_staging.hpp"
#include "czar/director_keys.hpp"
#include "czar/load_pipeline.hpp"
#include "czar/partitioning.hpp"
#include "czar/row_buffer.hpp"
#include "parser/types.hpp"
#include "storage/chunk_store.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace qproxy::czar {

struct load_report {
    std::uint64_t rows = 0;
    std::map<std::int32_t, std::uint64_t> rows_per_chunk;  // partitioned tables only
};

class loader {
public:
    // `table` as the catalog describes it (catalog::find_table); at most
    // max_open_chunks chunk files open at once (0: the open-file budget).
    [[nodiscard]] static sql_result<std::unique_ptr<loader>> create(storage::catalog& catalog,
                                                                   storage::chunk_store& store,
                                                                   storage::table_info table,
                                                                   std::size_t max_open_chunks = 0);
    loader(const loader&) = delete;
    loader& operator=(const loader&) = delete;
    ~loader();  // rolls back unless committed (a commit cut short: chunk_store::recover_load)

    const storage::table_info& table() const { return table_; }
    // What a row holds, in order: indexes into table().columns — every
    // column except the chunk columns of a partitioned table.
    std::span<const std::size_t> input_columns() const { return inputs_; }

    // One row, a cell per input column. MySQL's errors: 1136 wrong number of
    // cells, 1048 NULL in a NOT NULL column or in a sky position or director
    // key, 1366 a sky position that is not a number, 1062 a director key
    // loaded twice; SQLite's as 1105. After an error the load can only be
    // abandoned, except after 1062: the row was not written, the load goes on
    // (LOAD DATA … IGNORE skips it).
    [[nodiscard]] sql_status add_row(std::span<const cell> row);
    // The same with the cells already typed (typed_cell::assign of each
    // input column's text), for tables whose rows go where their values
    // say: typed_rows() (not a child, whose key is looked up as text, nor
    // a hash director with a non-integer key, hashed as text).
    [[nodiscard]] bool typed_rows() const;
    [[nodiscard]] sql_status add_row(std::span<const typed_cell> row);

    // Commits everything (see above) and reports where the rows went.
    [[nodiscard]] sql_result<load_report> commit();

private:
    // A chunk's file open for the load, and its inserts.
    struct chunk_file {
        storage::load_file file;
        row_insert insert;          // after file: finalized before the connection closes
        row_insert overlap_insert;  // sky directors: into the chunk's overlap table

        // file.commit(); a new file closes, its statements first.
        [[nodiscard]] sql_status commit();
    };
    struct chunk_writer {
        std::unique_ptr<chunk_file> file;  // opened on the pipeline's thread before its first burst
        bool staged = false;               // past the open-file budget: no file until commit
        std::int32_t chunk_id = 0;
        std::uint64_t rows = 0;  // the chunk's own rows
        row_buffer own{}, overlap{};
    };

    loader(storage::catalog& catalog, storage::chunk_store& store, storage::table_info table);
    [[nodiscard]] sql_status prepare();
    [[nodiscard]] sql_status check_overlap_tables() const;
    // The row's chunk; for a sky director, overlaps_ becomes the other chunks
    // whose overlap holds it.
    // `text`: the row as given to add_row(cells), else empty.
    [[nodiscard]] sql_result<chunk_location> route(std::span<const typed_cell> row, std::span<const cell> text);
    [[nodiscard]] sql_status add(std::span<const typed_cell> row, std::span<const cell> text);
    [[nodiscard]] sql_result<chunk_writer*> writer(std::int32_t chunk_id);
    [[nodiscard]] sql_result<chunk_writer> new_writer(std::int32_t chunk_id);
    [[nodiscard]] sql_result<std::unique_ptr<chunk_file>> open_file(sql_result<storage::load_file> file);
    void buffer(row_buffer& b, std::span<const typed_cell> row, chunk_location where);
    // Flushes w's buffers when full, or all of them past the total budget.
    [[nodiscard]] sql_status buffered(chunk_writer& w);
    // A buffer's burst to the pipeline, or run here (`now`, at commit).
    [[nodiscard]] sql_status flush(chunk_writer& w, bool overlap, bool now);
    [[nodiscard]] sql_status flush_all(bool now);
    // A burst into w's file or the staging file.
    [[nodiscard]] sql_status write(chunk_writer& w, bool overlap, const row_buffer& rows);
    [[nodiscard]] sql_status write(chunk_file& file, bool overlap, const row_buffer& rows);
    // commit(): op(0 … n-1), the odd ones on the pipeline's thread; the first error.
    [[nodiscard]] sql_status on_both_threads(std::size_t n, const std::function<sql_status(std::size_t)>& op);
    // commit(): the staged chunks, their paths added to `committed`.
    [[nodiscard]] sql_status apply_staged(std::vector<std::filesystem::path>& committed);
    [[nodiscard]] sql_error over() const;  // add_row or commit after the end
    void close_files();  // every connection closed, uncommitted transactions rolled back

    storage::catalog& catalog_;
    storage::chunk_store& store_;
    storage::table_info table_;
    std::unique_lock<std::mutex> lock_;  // first: released after every file is closed
    std::vector<std::size_t> inputs_;
    std::optional<std::size_t> chunk_column_, sub_chunk_column_;  // in table_.columns
    std::optional<std::size_t> lon_input_, lat_input_, key_input_;  // in a row
    std::optional<sky_chunker> chunker_;
    std::vector<std::int32_t> overlaps_;  // route()'s overlap chunks of the current row
    std::vector<typed_cell> typed_;       // add_row(cells)'s row, typed
    column_meta key_type_;  // the director's key column: how the director index binds keys
    row_layout layout_;
    std::size_t max_open_ = 0, open_ = 0;  // chunk files: at most, now
    std::int64_t load_ = 0;                 // this load's number (storage/catalog.hpp, "Loads")

    std::optional<storage::load_file> index_file_;  // director: the director index being written
    std::optional<director_keys> keys_;            // after index_file_: its statement goes first
    storage::database index_reader_;  // child: the committed director index
    storage::statement index_find_;

    std::unordered_map<std::int32_t, chunk_writer> writers_;  // by chunk id; node addresses are stable
    std::vector<chunk_writer*> dense_;  // writers_ of small chunk ids (sky, hash): no hashing per row
    std::optional<chunk_writer> replicated_;
    std::unique_ptr<chunk_staging> staging_;
    std::size_t buffered_ = 0;  // bytes of cells in all buffers
    std::uint64_t rows_ = 0;
    bool failed_ = false, committed_ = false;
    bool commit_began_ = false;  // rows numbered load_ may have reached files
    load_pipeline pipeline_;  // last: its thread stops before anything it writes goes
};

}  // namespace qproxy::czar
