// The rows of the chunks a load cannot keep open (each open chunk costs three
// file descriptors until commit, and a whole sky has ~9,000 chunks): their
// bursts wait in a scratch SQLite file until the loader's commit applies
// them chunk by chunk. The file lives next to the chunk files (the same disk,
// sized like the load), is written without journal nor syncs (nothing in it
// outlives the load) and deleted with this object; one left by a crash is
// replaced by the next load of its database.
#pragma once

#include "czar/row_buffer.hpp"
#include "storage/sqlite.hpp"

#include <filesystem>
#include <functional>
#include <memory>

namespace qproxy::czar {

class chunk_staging {
public:
    [[nodiscard]] static sql_result<std::unique_ptr<chunk_staging>> create(std::filesystem::path p);
    chunk_staging(const chunk_staging&) = delete;
    chunk_staging& operator=(const chunk_staging&) = delete;
    ~chunk_staging();

    // A burst of chunk_id's rows (overlap: copies for its overlap table).
    [[nodiscard]] sql_status add(std::int32_t chunk_id, bool overlap, const row_buffer& rows);

    using visitor = std::function<sql_status(std::int32_t chunk_id, bool overlap, const row_buffer& rows)>;
    // Every burst, by chunk, each chunk's in the order added; once, at the end.
    [[nodiscard]] sql_status read(const visitor& v);

private:
    chunk_staging(std::filesystem::path p, storage::database db) : path_(std::move(p)), db_(std::move(db)) {}

    std::filesystem::path path_;
    storage::database db_;
    storage::statement insert_;  // after db_: finalized before the connection closes
    std::string blob_;           // add's scratch
};

}  // namespace qproxy::czar
