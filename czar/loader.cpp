#include "czar/loader.hpp"

#include "czar/open_files.hpp"
#include "czar/planner.hpp"
#include "czar/value_format.hpp"
#include "parser/print_sqlite.hpp"
#include "parser/typing.hpp"
#include "storage/table_definition.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace qproxy::czar {

namespace {

inline constexpr std::uint16_t er_bad_null = 1048;              // 23000
inline constexpr std::uint16_t er_dup_entry = 1062;             // 23000
inline constexpr std::uint16_t er_wrong_value_count = 1136;     // 21S01
inline constexpr std::uint16_t er_truncated_wrong_value = 1366; // HY000

using kind_t = storage::partitioning::kind_t;

// Buffered rows: a chunk's burst goes in at this many bytes of cells, all
// bursts when the buffers hold this much together.
constexpr std::size_t burst_bytes = 64 << 10;
constexpr std::size_t buffer_budget = 64 << 20;
constexpr std::uint32_t null_cell = 0x8000'0000;

// How many chunks one load may hold open: each is a WAL connection (file,
// -wal, -shm descriptors); a quarter of the process's descriptors stays
// free for everything else.
std::size_t writer_limit() { return open_files_limit() / 4; }

std::optional<std::size_t> find(std::span<const storage::column_info> columns, std::string_view name) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (storage::iequals(columns[i].name, name)) return i;
    }
    return std::nullopt;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

loader::loader(storage::catalog& catalog, storage::chunk_store& store, storage::table_info table)
    : catalog_(catalog), store_(store), table_(std::move(table)), lock_(store.lock_database(table_.db)) {}

loader::~loader() = default;

sql_result<std::unique_ptr<loader>> loader::create(storage::catalog& catalog, storage::chunk_store& store,
                                                   storage::table_info table) {
    std::unique_ptr<loader> l(new loader(catalog, store, std::move(table)));
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
    max_writers_ = writer_limit();

    switch (part.kind) {
    case kind_t::none: {
        BOOST_OUTCOME_TRY(w, open_writer(store_.begin_replicated_load(table_.db)));
        replicated_.emplace(std::move(w));
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
        BOOST_OUTCOME_TRY(file, store_.begin_director_index_load(table_.db));
        index_file_.emplace(std::move(file));
        BOOST_OUTCOME_TRY(stmt, index_file_->db.prepare(fmt::format(
            "INSERT INTO {} (\"key\", chunk_id, sub_chunk_id) VALUES (?1, ?2, ?3)", sql::sqlite_quote_identifier(table_.name))));
        index_insert_ = std::move(stmt);
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

sql_result<loader::chunk_writer> loader::open_writer(sql_result<storage::load_file> file) {
    BOOST_OUTCOME_TRY(f, std::move(file));
    std::string params;
    for (std::size_t i = 1; i <= table_.columns.size(); ++i) params += fmt::format("{}?{}", i > 1 ? ", " : "", i);
    const auto insert_into = [&](std::string_view table) {
        return f.db.prepare(fmt::format("INSERT INTO {} VALUES ({})", sql::sqlite_quote_identifier(table), params));
    };
    BOOST_OUTCOME_TRY(insert, insert_into(table_.name));
    storage::statement overlap_insert;
    if (chunker_) {
        BOOST_OUTCOME_TRY(o, insert_into(storage::overlap_table(table_.name)));
        overlap_insert = std::move(o);
    }
    return chunk_writer{std::move(f), std::move(insert), std::move(overlap_insert)};
}

sql_result<loader::chunk_writer*> loader::writer(std::int32_t chunk_id) {
    if (last_ && last_id_ == chunk_id) return last_;
    auto it = writers_.find(chunk_id);
    if (it == writers_.end()) {
        if (writers_.size() >= max_writers_) {
            return sql_error{storage::er_unknown_error, "HY000",
                             fmt::format("The load into '{}.{}' touches more than {} chunks, each kept open until "
                                         "the load commits: raise the open-file limit (ulimit -n) or load fewer "
                                         "regions at once", table_.db, table_.name, max_writers_)};
        }
        BOOST_OUTCOME_TRY(w, open_writer(store_.begin_chunk_load(table_.db, chunk_id)));
        w.chunk_id = chunk_id;
        it = writers_.emplace(chunk_id, std::move(w)).first;
    }
    last_ = &it->second;
    last_id_ = chunk_id;
    return last_;
}

sql_result<chunk_location> loader::route(std::span<const cell> row) {
    const auto& part = table_.part;
    const auto position = [&](std::size_t input) -> sql_result<double> {
        const auto& name = table_.columns[inputs_[input]].name;
        const auto& v = row[input];
        if (!v) {
            return sql_error{er_bad_null, "23000",
                             fmt::format("Column '{}' cannot be null: it places the row on the sky", name)};
        }
        const std::string_view text = trim(*v);
        double out = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(out)) {
            return sql_error{er_truncated_wrong_value, "HY000",
                             fmt::format("Incorrect double value: '{}' for column '{}' at row {}", *v, name, rows_ + 1)};
        }
        return out;
    };
    switch (part.kind) {
    case kind_t::sky: {
        BOOST_OUTCOME_TRY(lon, position(*lon_input_));
        BOOST_OUTCOME_TRY(lat, position(*lat_input_));
        overlaps_.clear();
        for (const auto& o : chunker_->overlap_locations(lon, lat)) {
            if (std::find(overlaps_.begin(), overlaps_.end(), o.chunk_id) == overlaps_.end()) overlaps_.push_back(o.chunk_id);
        }
        return chunker_->locate(lon, lat);
    }
    case kind_t::hash:
        return chunk_location{hash_chunk(*row[*key_input_], sql::is_integer_type(key_type_), part.partitions), 0};
    case kind_t::child: {
        const cell& key = row[*key_input_];
        if (!key) return chunk_location{dummy_chunk, 0};
        index_find_.reset();
        BOOST_OUTCOME_TRY(bind_value(index_find_, 1, key, key_type_));
        BOOST_OUTCOME_TRY(found, index_find_.step());
        if (!found) return chunk_location{dummy_chunk, 0};
        return chunk_location{static_cast<std::int32_t>(index_find_.column_int64(0)),
                              static_cast<std::int32_t>(index_find_.column_int64(1))};
    }
    case kind_t::none: break;
    }
    return chunk_location{};
}

sql_status loader::index_key(const cell& key, chunk_location where) {
    index_insert_.reset();
    BOOST_OUTCOME_TRY(bind_value(index_insert_, 1, key, key_type_));
    BOOST_OUTCOME_TRY(index_insert_.bind_int64(2, where.chunk_id));
    BOOST_OUTCOME_TRY(index_insert_.bind_int64(3, where.sub_chunk_id));
    auto inserted = index_insert_.run();
    if (!inserted && sqlite3_extended_errcode(index_file_->db.handle()) == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return sql_error{er_dup_entry, "23000", fmt::format("Duplicate entry '{}' for key '{}.PRIMARY'", *key, table_.name)};
    }
    return inserted;
}

sql_error loader::over() const {
    return {storage::er_unknown_error, "HY000",
            fmt::format("The load into '{}.{}' is over ({})", table_.db, table_.name, committed_ ? "committed" : "failed")};
}

sql_status loader::add_row(std::span<const cell> row) {
    if (failed_ || committed_) return over();
    failed_ = true;  // until the row is in: a half-written row ends the load
    if (row.size() != inputs_.size()) {
        return sql_error{er_wrong_value_count, "21S01", fmt::format("Column count doesn't match value count at row {}", rows_ + 1)};
    }
    for (std::size_t i = 0; i < row.size(); ++i) {
        const auto& column = table_.columns[inputs_[i]];
        const bool director_key = key_input_ == i && table_.part.kind != kind_t::child;
        if (row[i] || (column.nullable && !director_key)) continue;
        return sql_error{er_bad_null, "23000", fmt::format("Column '{}' cannot be null{}", column.name,
                                                           director_key ? ": it is the director key" : "")};
    }
    chunk_writer* w = nullptr;
    chunk_location where;
    if (replicated_) {
        w = &*replicated_;
    } else {
        BOOST_OUTCOME_TRY(located, route(row));
        where = located;
        BOOST_OUTCOME_TRY(found, writer(where.chunk_id));
        w = found;
    }
    if (index_file_) {
        auto indexed = index_key(row[*key_input_], where);
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

void loader::buffer(row_buffer& b, std::span<const cell> row, chunk_location where) {
    const auto before = b.cells.size();
    for (const auto& c : row) {
        if (c) b.cells += *c;
        b.ends.push_back(static_cast<std::uint32_t>(b.cells.size()) | (c ? 0 : null_cell));
    }
    b.locations.push_back(where);
    buffered_ += b.cells.size() - before;
}

sql_status loader::buffered(chunk_writer& w) {
    if (w.own.cells.size() + w.overlap.cells.size() >= burst_bytes) return flush(w);
    if (buffered_ >= buffer_budget) return flush_all();
    return ok();
}

sql_status loader::flush(chunk_writer& w) {
    BOOST_OUTCOME_TRY(flush(w.insert, w.own));
    return flush(w.overlap_insert, w.overlap);
}

sql_status loader::flush(storage::statement& insert, row_buffer& b) {
    const std::size_t width = inputs_.size();
    std::size_t begin = 0;
    for (std::size_t r = 0; r < b.locations.size(); ++r) {
        insert.reset();
        for (std::size_t i = 0; i < width; ++i) {
            const std::uint32_t end = b.ends[r * width + i];
            const std::size_t stop = end & ~null_cell;
            if (end & null_cell) {
                value_.reset();
            } else {
                if (!value_) value_.emplace();
                value_->assign(b.cells, begin, stop - begin);
            }
            begin = stop;
            const auto column = inputs_[i];
            BOOST_OUTCOME_TRY(bind_value(insert, static_cast<int>(column + 1), value_, table_.columns[column].meta));
        }
        if (chunk_column_) {
            BOOST_OUTCOME_TRY(insert.bind_int64(static_cast<int>(*chunk_column_ + 1), b.locations[r].chunk_id));
        }
        if (sub_chunk_column_) {
            BOOST_OUTCOME_TRY(insert.bind_int64(static_cast<int>(*sub_chunk_column_ + 1), b.locations[r].sub_chunk_id));
        }
        BOOST_OUTCOME_TRY(insert.run());
    }
    buffered_ -= b.cells.size();
    b.cells.clear();
    b.ends.clear();
    b.locations.clear();
    return ok();
}

sql_status loader::flush_all() {
    for (auto& [id, w] : writers_) {
        BOOST_OUTCOME_TRY(flush(w));
    }
    if (replicated_) {
        BOOST_OUTCOME_TRY(flush(*replicated_));
    }
    return ok();
}

sql_result<load_report> loader::commit() {
    if (failed_ || committed_) return over();
    failed_ = true;  // a commit that fails half-way cannot be retried
    BOOST_OUTCOME_TRY(flush_all());
    load_report report;
    report.rows = rows_;
    std::vector<std::int32_t> ids;
    for (const auto& [id, w] : writers_) {
        if (w.rows == 0) continue;  // overlap copies only, or its row skipped as a duplicate
        ids.push_back(id);
        report.rows_per_chunk[id] = w.rows;
    }
    BOOST_OUTCOME_TRY(catalog_.add_chunks(table_.db, ids));
    std::vector<storage::load_file*> files;
    if (index_file_) files.push_back(&*index_file_);
    for (auto& [id, w] : writers_) files.push_back(&w.file);
    if (replicated_) files.push_back(&replicated_->file);
    std::vector<std::filesystem::path> paths;
    for (auto* f : files) {
        BOOST_OUTCOME_TRY(f->commit());
        paths.push_back(f->path);
    }
    BOOST_OUTCOME_TRY(storage::sync_files(paths));
    for (auto* f : files) {
        BOOST_OUTCOME_TRY(f->checkpoint());
    }
    BOOST_OUTCOME_TRY(storage::sync_files(paths));
    failed_ = false;
    committed_ = true;
    // Every connection closes before the database's next load may start.
    last_ = nullptr;
    writers_.clear();
    replicated_.reset();
    index_insert_ = {};
    index_file_.reset();
    index_find_ = {};
    index_reader_ = {};
    lock_.unlock();
    return report;
}

}  // namespace qproxy::czar
