#include "czar/director_keys.hpp"

#include "czar/mysql_number.hpp"
#include "parser/print_sqlite.hpp"
#include "parser/typing.hpp"

#include <fmt/format.h>

#include <string>

namespace qproxy::czar {

namespace {

inline constexpr std::uint16_t er_dup_entry = 1062;  // 23000

// Keys buffered before their burst (16 bytes each); a burst inserts them
// burst_rows at a time: one statement per key costs twice the B-tree's work.
constexpr std::size_t burst_keys = 1 << 12;
constexpr std::size_t burst_rows = 64;

// The key as MySQL shows it in 1062.
std::string shown(const typed_cell& key, const column_meta& type) {
    switch (key.k) {
    case typed_cell::kind::integer:
        return sql::is_unsigned(type) ? std::to_string(static_cast<std::uint64_t>(key.integer)) : std::to_string(key.integer);
    case typed_cell::kind::real: return format_double(key.real);
    default: return key.text;
    }
}

}  // namespace

sql_result<director_keys> director_keys::create(storage::load_file& index, const std::string& table,
                                                column_meta key_type) {
    director_keys k(index, table, std::move(key_type));
    const std::string name = sql::sqlite_quote_identifier(table);
    const std::string row = fmt::format("(?, ?, ?, {})", index.load);
    const std::string insert = fmt::format("INSERT INTO {} (\"key\", chunk_id, sub_chunk_id, {}) VALUES {}", name,
                                           storage::load_column, row);
    BOOST_OUTCOME_TRY(one, index.db.prepare(insert));
    k.insert_ = std::move(one);
    std::string many = insert;
    for (std::size_t i = 1; i < burst_rows; ++i) many += ", " + row;
    BOOST_OUTCOME_TRY(insert_many, index.db.prepare(many));
    k.insert_many_ = std::move(insert_many);
    k.ascending_ = sql::is_integer_type(k.key_type_);
    if (!k.ascending_) return k;
    BOOST_OUTCOME_TRY(max, index.db.prepare(fmt::format("SELECT max(\"key\") FROM {}", name)));
    BOOST_OUTCOME_TRY(found, max.step());
    if (found && !max.is_null(0)) k.max_ = max.column_int64(0);
    return k;
}

sql_status director_keys::add(const typed_cell& key, chunk_location where) {
    if (ascending_) {
        if (key.k == typed_cell::kind::integer && (!max_ || key.integer > *max_)) {
            max_ = key.integer;
            pending_.push_back({key.integer, where});
            return pending_.size() >= burst_keys ? flush() : ok();
        }
        // Out of order: from now on the index checks each key.
        ascending_ = false;
        BOOST_OUTCOME_TRY(flush());
    }
    return insert_now(key, where);
}

sql_status director_keys::insert_now(const typed_cell& key, chunk_location where) {
    insert_.reset();
    BOOST_OUTCOME_TRY(bind_typed(insert_, 1, key, key_type_));
    BOOST_OUTCOME_TRY(insert_.bind_int64(2, where.chunk_id));
    BOOST_OUTCOME_TRY(insert_.bind_int64(3, where.sub_chunk_id));
    auto inserted = insert_.run();
    if (!inserted && sqlite3_extended_errcode(index_->db.handle()) == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return sql_error{er_dup_entry, "23000", fmt::format("Duplicate entry '{}' for key '{}.PRIMARY'", shown(key, key_type_), table_)};
    }
    return inserted;
}

sql_status director_keys::flush() {
    for (std::size_t first = 0; first < pending_.size();) {
        const std::size_t n = pending_.size() - first >= burst_rows ? burst_rows : 1;
        storage::statement& stmt = n > 1 ? insert_many_ : insert_;
        stmt.reset();
        for (std::size_t i = 0; i < n; ++i) {
            const auto& [key, where] = pending_[first + i];
            const int param = static_cast<int>(3 * i);
            BOOST_OUTCOME_TRY(stmt.bind_int64(param + 1, key));
            BOOST_OUTCOME_TRY(stmt.bind_int64(param + 2, where.chunk_id));
            BOOST_OUTCOME_TRY(stmt.bind_int64(param + 3, where.sub_chunk_id));
        }
        BOOST_OUTCOME_TRY(stmt.run());
        first += n;
    }
    pending_.clear();
    return ok();
}

}  // namespace qproxy::czar
