#include "czar/chunk_staging.hpp"

#include <fmt/format.h>

namespace qproxy::czar {

sql_result<std::unique_ptr<chunk_staging>> chunk_staging::create(std::filesystem::path p) {
    std::error_code ec;
    std::filesystem::remove(p, ec);
    BOOST_OUTCOME_TRY(db, storage::database::open(p, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                                  std::chrono::seconds(5), false));
    std::unique_ptr<chunk_staging> s(new chunk_staging(std::move(p), std::move(db)));
    BOOST_OUTCOME_TRY(s->db_.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                                  "CREATE TABLE burst (chunk_id INTEGER NOT NULL, overlap INTEGER NOT NULL, rows BLOB NOT NULL)"));
    BOOST_OUTCOME_TRY(insert, s->db_.prepare("INSERT INTO burst VALUES (?1, ?2, ?3)"));
    s->insert_ = std::move(insert);
    return s;
}

chunk_staging::~chunk_staging() {
    insert_ = {};
    db_ = {};
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

sql_status chunk_staging::add(std::int32_t chunk_id, bool overlap, const row_buffer& rows) {
    rows.serialize(blob_);
    insert_.reset();
    BOOST_OUTCOME_TRY(insert_.bind_int64(1, chunk_id));
    BOOST_OUTCOME_TRY(insert_.bind_int64(2, overlap ? 1 : 0));
    BOOST_OUTCOME_TRY(insert_.bind_blob(3, blob_));
    return insert_.run();
}

sql_status chunk_staging::read(const visitor& v) {
    // The index is built once, after the writes: a scan by chunk without
    // sorting the blobs themselves.
    BOOST_OUTCOME_TRY(db_.exec("CREATE INDEX burst_chunk ON burst (chunk_id)"));
    BOOST_OUTCOME_TRY(select, db_.prepare("SELECT chunk_id, overlap, rows FROM burst ORDER BY chunk_id, rowid"));
    row_buffer rows;
    for (;;) {
        BOOST_OUTCOME_TRY(found, select.step());
        if (!found) return ok();
        if (!rows.deserialize(select.column_blob(2))) {
            return sql_error{storage::er_unknown_error, "HY000", fmt::format("'{}' is corrupt", path_.string())};
        }
        BOOST_OUTCOME_TRY(v(static_cast<std::int32_t>(select.column_int64(0)), select.column_int64(1) != 0, rows));
    }
}

}  // namespace qproxy::czar
