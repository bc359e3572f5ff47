#include "czar/loader.hpp"

#include "czar/open_files.hpp"
#include "czar/planner.hpp"
#include "parser/print_sqlite.hpp"
#include "parser/typing.hpp"
#include "storage/table_definition.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace qproxy::czar {

namespace {

inline constexpr std::uint16_t er_bad_null = 1048;              // 23000
inline constexpr std::uint16_t er_dup_entry = 1062;             // 23000
inline constexpr std::uint16_t er_wrong_value_count = 1136;     // 21S01

using kind_t = storage::partitioning::kind_t;

// Buffered rows: a chunk's burst goes in at up to this many bytes of cells, all
// bursts when the buffers hold this much together; bursts handed to the
// pipeline and not yet written hold at most pipeline_budget.
constexpr std::size_t burst_bytes = 64 << 10, min_burst_bytes = 8 << 10;
constexpr std::size_t buffer_budget = 64 << 20;
constexpr std::size_t pipeline_budget = 32 << 20;

// How many chunks one load may hold open: each is a connection (up to three
// descriptors: file, -wal, -shm), a quarter of the process's descriptors at most.
// And at most max_open_chunks: every file SQLite opens walks its list of
// the process's open files (thousands of opens over thousands of entries),
// and each connection keeps its page cache until commit.
constexpr std::size_t max_open_chunks = 2048;
std::size_t writer_limit() { return std::min(open_files_limit() / 4, max_open_chunks); }

std::optional<std::size_t> find(std::span<const storage::column_info> columns, std::string_view name) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (storage::iequals(columns[i].name, name)) return i;
    }
    return std::nullopt;
}

}  // namespace

loader::loader(storage::catalog& catalog, storage::chunk_store& store, storage::table_info table)
    : catalog_(catalog),
      store_(store),
      table_(std::move(table)),
      lock_(store.lock_database(table_.db)),
      pipeline_(pipeline_budget) {}

sql_result<std::unique_ptr<loader>> loader::create(storage::catalog& catalog, storage::chunk_store& store,
                                                   storage::table_info table, std::size_t max_open_chunks) {
    std::unique_ptr<loader> l(new loader(catalog, store, std::move(table)));
    l->max_open_ = max_open_chunks ? max_open_chunks : writer_limit();
    // A commit of this database cut short leaves rows under its number: gone first.
    BOOST_OUTCOME_TRY(store.recover_load(l->table_.db));
    l->load_ = catalog.loads(l->table_.db).last + 1;
    BOOST_OUTCOME_TRY(l->prepare());
    return l;
}

sql_status loader::prepare() {
    const auto& columns = table_.columns;
    const auto& part = table_.part;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (!storage::is_chunk_column(table_, columns[i])) inputs_.push_back(i);
    }
    const auto input_of = [&](std::string_view name) -> std::optional<std::size_t> {
        const auto column = find(columns, name);
        for (std::size_t i = 0; column && i < inputs_.size(); ++i) {
            if (inputs_[i] == *column) return i;
        }
        return std::nullopt;
    };
    chunk_column_ = part.kind == kind_t::none ? std::nullopt : find(columns, storage::chunk_id_column);
    sub_chunk_column_ = part.kind == kind_t::none ? std::nullopt : find(columns, storage::sub_chunk_id_column);
    if (!part.key.empty()) key_input_ = input_of(part.key);
    for (const auto i : inputs_) {
        layout_.params.push_back(static_cast<int>(i + 1));
        layout_.types.push_back(columns[i].meta);
    }
    layout_.columns = static_cast<int>(columns.size());
    if (chunk_column_) layout_.chunk_param = static_cast<int>(*chunk_column_ + 1);
    if (sub_chunk_column_) layout_.sub_chunk_param = static_cast<int>(*sub_chunk_column_ + 1);

    switch (part.kind) {
    case kind_t::none: {
        BOOST_OUTCOME_TRY(file, open_file(store_.begin_replicated_load(table_.db, load_)));
        replicated_.emplace(chunk_writer{std::move(file)});
        return ok();
    }
    case kind_t::sky: {
        chunker_.emplace(static_cast<std::int32_t>(part.stripes), static_cast<std::int32_t>(part.sub_stripes),
                         part.overlap);
        lon_input_ = input_of(part.lon);
        lat_input_ = input_of(part.lat);
        BOOST_OUTCOME_TRY(check_overlap_tables());
        if (part.key.empty()) return ok();
        [[fallthrough]];
    }
    case kind_t::hash: {
        key_type_ = columns[*find(columns, part.key)].meta;
        BOOST_OUTCOME_TRY(file, store_.begin_director_index_load(table_.db, load_));
        index_file_.emplace(std::move(file));
        BOOST_OUTCOME_TRY(keys, director_keys::create(*index_file_, table_.name, key_type_));
        keys_.emplace(std::move(keys));
        return ok();
    }
    case kind_t::child: {
        const auto director = catalog_.find_table(table_.db, part.director_table);
        if (!director) {
            return sql_error{er::no_such_table, "42S02",
                             fmt::format("Table '{}.{}' doesn't exist", table_.db, part.director_table)};
        }
        key_type_ = director->columns[*find(director->columns, director->part.key)].meta;
        BOOST_OUTCOME_TRY(reader, store_.open_director_index(table_.db));
        index_reader_ = std::move(reader);
        // One read transaction for the whole load: each lookup would
        // otherwise take and drop the file's locks (about ten system calls).
        BOOST_OUTCOME_TRY(index_reader_.exec("BEGIN"));
        BOOST_OUTCOME_TRY(stmt, index_reader_.prepare(fmt::format(
            "SELECT chunk_id, sub_chunk_id FROM {} WHERE \"key\" = ?1", sql::sqlite_quote_identifier(director->name))));
        index_find_ = std::move(stmt);
        return ok();
    }
    }
    return ok();
}

// Rows loaded before overlap tables existed have no copies in them: adding
// rows would leave them incomplete, and near-neighbour joins wrong.
sql_status loader::check_overlap_tables() const {
    const auto chunks = catalog_.chunks(table_.db);
    if (chunks.empty()) return ok();  // every chunk file made from now on has them
    BOOST_OUTCOME_TRY(db, store_.open_chunk(table_.db, chunks.front(), {}));
    BOOST_OUTCOME_TRY(stmt, db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1"));
    BOOST_OUTCOME_TRY(stmt.bind_all(storage::overlap_table(table_.name)));
    BOOST_OUTCOME_TRY(found, stmt.step());
    if (found) return ok();
    return sql_error{storage::er_unknown_error, "HY000",
                     fmt::format("'{}.{}' was loaded by a qproxy without overlap tables: rows cannot be added to it "
                                 "(near-neighbour joins would miss pairs); re-create the table and load it again",
                                 table_.db, table_.name)};
}

sql_result<std::unique_ptr<loader::chunk_file>> loader::open_file(sql_result<storage::load_file> file) {
    BOOST_OUTCOME_TRY(f, std::move(file));
    BOOST_OUTCOME_TRY(insert, prepare_insert(f.db, table_.name, layout_.columns, f.load));
    row_insert overlap_insert;
    if (chunker_) {
        BOOST_OUTCOME_TRY(o, prepare_insert(f.db, storage::overlap_table(table_.name), layout_.columns, f.load));
        overlap_insert = std::move(o);
    }
    return std::make_unique<chunk_file>(chunk_file{std::move(f), std::move(insert), std::move(overlap_insert)});
}

sql_result<loader::chunk_writer*> loader::writer(std::int32_t chunk_id) {
    // Sky chunk ids stay below 2 * stripes^2, hash ones below the partitions.
    constexpr std::int32_t dense_ids = 1 << 16;
    const bool dense = chunk_id >= 0 && chunk_id < dense_ids;
    const auto slot = static_cast<std::size_t>(chunk_id);
    if (dense && slot < dense_.size() && dense_[slot]) return dense_[slot];
    if (!dense) {
        if (const auto it = writers_.find(chunk_id); it != writers_.end()) return &it->second;
    }
    BOOST_OUTCOME_TRY(w, new_writer(chunk_id));
    chunk_writer* added = &writers_.emplace(chunk_id, std::move(w)).first->second;
    if (dense) {
        if (dense_.size() <= slot) dense_.resize(slot + 1);
        dense_[slot] = added;
    }
    if (!added->staged) {
        // Creating a file costs about as much as its first rows' inserts: the
        // pipeline's thread does it, ahead of the chunk's first burst (and
        // while it has nothing else to do, as the first bursts fill).
        BOOST_OUTCOME_TRY(pipeline_.submit(0, [this, added]() -> sql_status {
            BOOST_OUTCOME_TRY(file, open_file(store_.begin_chunk_load(table_.db, added->chunk_id, load_)));
            added->file = std::move(file);
            return ok();
        }));
    }
    return added;
}

sql_result<loader::chunk_writer> loader::new_writer(std::int32_t chunk_id) {
    chunk_writer w;
    w.chunk_id = chunk_id;
    if (open_ < max_open_) {
        ++open_;
        return w;
    }
    w.staged = true;
    // Staged: the file exists when the catalog lists the chunk, before commit applies its rows.
    BOOST_OUTCOME_TRY(store_.create_chunk_file(table_.db, chunk_id));
    if (!staging_) {
        BOOST_OUTCOME_TRY(staging, chunk_staging::create(store_.database_dir(table_.db) / "load_staging.sqlite3"));
        staging_ = std::move(staging);
    }
    return w;
}

sql_error loader::over() const {
    return {storage::er_unknown_error, "HY000",
            fmt::format("The load into '{}.{}' is over ({})", table_.db, table_.name, committed_ ? "committed" : "failed")};
}

bool loader::typed_rows() const {
    const auto kind = table_.part.kind;
    return kind != kind_t::child && (kind != kind_t::hash || sql::is_integer_type(key_type_));
}

sql_status loader::add_row(std::span<const cell> row) {
    if (row.size() == inputs_.size()) {
        typed_.resize(row.size());
        for (std::size_t i = 0; i < row.size(); ++i) typed_[i].assign(row[i], layout_.types[i]);
    }
    return add(typed_, row);
}

sql_status loader::add_row(std::span<const typed_cell> row) {
    if (!typed_rows()) {
        return sql_error{storage::er_unknown_error, "HY000",
                         fmt::format("Rows of '{}.{}' are routed by their text: give cells", table_.db, table_.name)};
    }
    return add(row, {});
}

sql_status loader::add(std::span<const typed_cell> row, std::span<const cell> text) {
    if (failed_ || committed_) return over();
    failed_ = true;  // until the row is in: a half-written row ends the load
    const std::size_t given = text.empty() ? row.size() : text.size();
    if (given != inputs_.size()) {
        return sql_error{er_wrong_value_count, "21S01", fmt::format("Column count doesn't match value count at row {}", rows_ + 1)};
    }
    for (std::size_t i = 0; i < row.size(); ++i) {
        const auto& column = table_.columns[inputs_[i]];
        const bool director_key = key_input_ == i && table_.part.kind != kind_t::child;
        if (!row[i].null() || (column.nullable && !director_key)) continue;
        return sql_error{er_bad_null, "23000", fmt::format("Column '{}' cannot be null{}", column.name,
                                                           director_key ? ": it is the director key" : "")};
    }
    chunk_writer* w = nullptr;
    chunk_location where;
    if (replicated_) {
        w = &*replicated_;
    } else {
        BOOST_OUTCOME_TRY(located, route(row, text));
        where = located;
        BOOST_OUTCOME_TRY(found, writer(where.chunk_id));
        w = found;
    }
    if (keys_) {
        auto indexed = keys_->add(row[*key_input_], where);
        if (!indexed) {
            // A key loaded before: nothing was written, the load can go on without the row.
            if (indexed.error().code == er_dup_entry) failed_ = false;
            return indexed;
        }
    }
    buffer(w->own, row, where);
    ++w->rows;
    ++rows_;
    BOOST_OUTCOME_TRY(buffered(*w));
    for (const auto id : overlaps_) {  // a sky director's copies
        BOOST_OUTCOME_TRY(o, writer(id));
        buffer(o->overlap, row, where);
        BOOST_OUTCOME_TRY(buffered(*o));
    }
    failed_ = false;
    return ok();
}

void loader::buffer(row_buffer& b, std::span<const typed_cell> row, chunk_location where) {
    const auto before = b.cells.size();
    b.add(row, where);
    buffered_ += b.cells.size() - before;
}

sql_status loader::buffered(chunk_writer& w) {
    // Bursts shrink as chunks multiply, so that chunks flush one by one,
    // spread over the load, rather than all together at the total budget.
    const std::size_t burst = std::clamp(buffer_budget / 2 / std::max<std::size_t>(writers_.size(), 1), min_burst_bytes,
                                         burst_bytes);
    if (w.own.cells.size() + w.overlap.cells.size() >= burst) {
        BOOST_OUTCOME_TRY(flush(w, false, false));
        return flush(w, true, false);
    }
    if (buffered_ >= buffer_budget) return flush_all(false);
    return ok();
}

sql_status loader::flush(chunk_writer& w, bool overlap, bool now) {
    row_buffer& b = overlap ? w.overlap : w.own;
    if (b.empty()) return ok();
    buffered_ -= b.cells.size();
    if (now) {
        BOOST_OUTCOME_TRY(write(w, overlap, b));
        b = {};
        return ok();
    }
    const std::size_t bytes = b.bytes();
    // Only the pipeline's thread touches w.file until commit() drains it.
    auto burst = [this, &w, overlap, rows = std::move(b)] { return write(w, overlap, rows); };
    b = {};
    return pipeline_.submit(bytes, std::move(burst));
}

sql_status loader::write(chunk_writer& w, bool overlap, const row_buffer& rows) {
    if (w.staged) return staging_->add(w.chunk_id, overlap, rows);
    return write(*w.file, overlap, rows);
}

sql_status loader::write(chunk_file& file, bool overlap, const row_buffer& rows) {
    return insert_rows(overlap ? file.overlap_insert : file.insert, rows, layout_);
}

sql_status loader::flush_all(bool now) {
    for (auto& [id, w] : writers_) {
        BOOST_OUTCOME_TRY(flush(w, false, now));
        BOOST_OUTCOME_TRY(flush(w, true, now));
    }
    if (replicated_) {
        BOOST_OUTCOME_TRY(flush(*replicated_, false, now));
    }
    if (keys_) return keys_->flush();
    return ok();
}

}  // namespace qproxy::czar
