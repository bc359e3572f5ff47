#include "storage/migrations.hpp"

#include <fmt/format.h>

namespace qproxy::storage {

sql_result<std::int64_t> schema_version(database& db) {
    BOOST_OUTCOME_TRY(stmt, db.prepare("PRAGMA user_version"));
    BOOST_OUTCOME_TRY(row, stmt.step());
    return row ? stmt.column_int64(0) : 0;
}

sql_status migrate(database& db, std::span<const std::string_view> migrations) {
    const auto target = static_cast<std::int64_t>(migrations.size());
    for (;;) {
        // The version is re-read under the write lock: another connection
        // may have migrated between our steps.
        BOOST_OUTCOME_TRY(txn, transaction::begin(db));
        BOOST_OUTCOME_TRY(version, schema_version(db));
        if (version > target) {
            return sql_error{er_unknown_error, "HY000",
                             fmt::format("{}: schema version {} is newer than this qproxy understands ({})",
                                         sqlite3_db_filename(db.handle(), "main"), version, target)};
        }
        if (version == target) return txn.commit();
        BOOST_OUTCOME_TRY(db.exec(migrations[static_cast<std::size_t>(version)]));
        BOOST_OUTCOME_TRY(db.exec(fmt::format("PRAGMA user_version = {}", version + 1)));
        BOOST_OUTCOME_TRY(txn.commit());
    }
}

}  // namespace qproxy::storage
