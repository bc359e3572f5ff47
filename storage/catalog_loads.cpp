// The catalog's load numbers (catalog.hpp, "Loads").
#include "storage/catalog.hpp"

#include <fmt/format.h>

namespace qproxy::storage {

namespace {

sql_error unknown(std::string_view db) {
    return {er::bad_db, "42000", fmt::format("Unknown database '{}'", db)};
}

}  // namespace

load_numbers catalog::loads(std::string_view db) const {
    std::shared_lock lock(mutex_);
    const auto d = databases_.find(db);
    return d == databases_.end() ? load_numbers{} : d->second.loads;
}

sql_status catalog::begin_load_commit(std::string_view db, std::int64_t load) {
    std::unique_lock lock(mutex_);
    const auto d = databases_.find(db);
    if (d == databases_.end()) return unknown(db);
    BOOST_OUTCOME_TRY(update, db_.prepare("UPDATE databases SET last_load = ? WHERE name = ?"));
    BOOST_OUTCOME_TRY(update.bind_all(load, db));
    BOOST_OUTCOME_TRY(update.run());
    d->second.loads.last = load;
    return ok();
}

sql_status catalog::publish_load(std::string_view db, std::int64_t load, std::span<const std::int32_t> ids) {
    std::unique_lock lock(mutex_);
    const auto d = databases_.find(db);
    if (d == databases_.end()) return unknown(db);
    BOOST_OUTCOME_TRY(txn, transaction::begin(db_));
    BOOST_OUTCOME_TRY(insert, db_.prepare("INSERT OR IGNORE INTO chunks (db, chunk_id) VALUES (?, ?)"));
    for (const auto id : ids) {
        insert.reset();
        BOOST_OUTCOME_TRY(insert.bind_all(db, id));
        BOOST_OUTCOME_TRY(insert.run());
    }
    BOOST_OUTCOME_TRY(update, db_.prepare("UPDATE databases SET published_load = ?1, last_load = max(last_load, ?1) "
                                          "WHERE name = ?2"));
    BOOST_OUTCOME_TRY(update.bind_all(load, db));
    BOOST_OUTCOME_TRY(update.run());
    BOOST_OUTCOME_TRY(txn.commit());
    d->second.chunks.insert(ids.begin(), ids.end());
    d->second.loads.published = load;
    d->second.loads.last = std::max(d->second.loads.last, load);
    return ok();
}

}  // namespace qproxy::storage
