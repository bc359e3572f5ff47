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

// Buffered rows: a chunk's burst goes in at up to this many bytes of cells, all
// bursts when the buffers hold this much together; bursts handed to the
// pipeline and not yet written hold at most pipeline_budget.
constexpr std::size_t burst_bytes = 64 << 10, min_burst_bytes = 8 << 10;
constexpr std::size_t buffer_budget = 64 << 20;
constexpr std::size_t pipeline_budget = 32 << 20;

// How many chunks one load may hold open: each is a WAL connection (file,
// -wal, -shm descriptors), a quarter of the process's descriptors at most.
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

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

loader::loader(storage::catalog& catalog, storage::chunk_store& store, storage::table_info table)
    : catalog_(catalog),
      store_(store),
      table_(std::move(table)),
      lock_(store.lock_database(table_.db)),
      pipeline_(pipeline_budget) {}

loader::~loader() = default;

sql_result<std::unique_ptr<loader>> loader::create(storage::catalog& catalog, storage::chunk_store& store,
                                                   storage::table_info table, std::size_t max_open_chunks) {
    std::unique_ptr<loader> l(new loader(catalog, store, std::move(table)));
    l->max_open_ = max_open_chunks ? max_open_chunks : writer_limit();
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
    if (chunk_column_) layout_.chunk_param = static_cast<int>(*chunk_column_ + 1);
    if (sub_chunk_column_) layout_.sub_chunk_param = static_cast<int>(*sub_chunk_column_ + 1);

    switch (part.kind) {
    case kind_t::none: {
        BOOST_OUTCOME_TRY(file, open_file(store_.begin_replicated_load(table_.db)));
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

sql_result<std::unique_ptr<loader::chunk_file>> loader::open_file(sql_result<storage::load_file> file) {
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
    return added;
}

sql_result<loader::chunk_writer> loader::new_writer(std::int32_t chunk_id) {
    chunk_writer w;
    w.chunk_id = chunk_id;
    if (open_ < max_open_) {
        BOOST_OUTCOME_TRY(file, open_file(store_.begin_chunk_load(table_.db, chunk_id)));
        w.file = std::move(file);
        ++open_;
        return w;
    }
    // Staged: the file exists when the catalog lists the chunk, before commit applies its rows.
    BOOST_OUTCOME_TRY(store_.create_chunk_file(table_.db, chunk_id));
    if (!staging_) {
        BOOST_OUTCOME_TRY(staging, chunk_staging::create(store_.database_dir(table_.db) / "load_staging.sqlite3"));
        staging_ = std::move(staging);
    }
    return w;
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
        BOOST_OUTCOME_TRY(write(w.file.get(), w.chunk_id, overlap, b));
        b = {};
        return ok();
    }
    const std::size_t bytes = b.cells.size() + b.ends.size() * sizeof(b.ends[0]) +
                              b.locations.size() * sizeof(b.locations[0]);
    auto burst = [this, file = w.file.get(), id = w.chunk_id, overlap, rows = std::move(b)] {
        return write(file, id, overlap, rows);
    };
    b = {};
    return pipeline_.submit(bytes, std::move(burst));
}

sql_status loader::write(chunk_file* file, std::int32_t chunk_id, bool overlap, const row_buffer& rows) {
    if (!file) return staging_->add(chunk_id, overlap, rows);
    return insert_rows(overlap ? file->overlap_insert : file->insert, rows, layout_);
}

sql_status loader::flush_all(bool now) {
    for (auto& [id, w] : writers_) {
        BOOST_OUTCOME_TRY(flush(w, false, now));
        BOOST_OUTCOME_TRY(flush(w, true, now));
    }
    if (replicated_) {
        BOOST_OUTCOME_TRY(flush(*replicated_, false, now));
    }
    return ok();
}

}  // namespace qproxy::czar
