#include "czar/chunk_connections.hpp"

#include "storage/catalog.hpp"
#include "storage/chunk_store.hpp"

#include <fmt/format.h>

namespace qproxy::czar {

namespace {
// A connection compiles few distinct chunk queries; a bound keeps ad-hoc ones from piling up.
constexpr std::size_t max_statements = 8;
}  // namespace

struct chunk_connections::entry {
    storage::database db;
    std::uint64_t generation = 0;
    std::unordered_map<std::string, storage::statement> statements;  // destroyed before db
    std::vector<storage::statement> versions;                        // file_load's, by file
};

chunk_connections::chunk_connections(const storage::catalog& catalog, const storage::chunk_store& store,
                                     std::size_t max_idle)
    : catalog_(catalog), store_(store), max_idle_(max_idle) {}

chunk_connections::~chunk_connections() = default;

template <class Open>
sql_result<chunk_connections::lease> chunk_connections::acquire_keyed(std::string key, Open open) {
    const auto generation = catalog_.generation();
    {
        std::lock_guard lock(mutex_);
        if (auto it = idle_.find(key); it != idle_.end()) {
            while (!it->second.empty()) {
                auto e = std::move(it->second.back());
                it->second.pop_back();
                --idle_count_;
                if (e->generation == generation) return lease(*this, std::move(key), std::move(e));
            }
        }
    }
    auto e = std::make_unique<entry>();
    e->generation = generation;
    BOOST_OUTCOME_TRY(opened, open());
    e->db = std::move(opened);
    return lease(*this, std::move(key), std::move(e));
}

sql_result<chunk_connections::lease> chunk_connections::acquire(std::string_view db, std::int32_t chunk,
                                                                std::span<const std::string> replicated_dbs) {
    std::string key = fmt::format("{}\x1f{}", db, chunk);
    for (const auto& r : replicated_dbs) key += "\x1f" + r;
    return acquire_keyed(std::move(key), [&] {
        return db.empty() ? store_.open_replicated(replicated_dbs) : store_.open_chunk(db, chunk, replicated_dbs);
    });
}

sql_result<chunk_connections::lease> chunk_connections::acquire_director_index(std::string_view db) {
    return acquire_keyed(fmt::format("{}\x1f" "director_index", db), [&] { return store_.open_director_index(db); });
}

void chunk_connections::release(const std::string& key, std::unique_ptr<entry> e) {
    if (e->generation != catalog_.generation()) return;
    std::lock_guard lock(mutex_);
    if (idle_count_ >= max_idle_) return;
    idle_[key].push_back(std::move(e));
    ++idle_count_;
}

chunk_connections::lease::lease(chunk_connections& owner, std::string key, std::unique_ptr<entry> e)
    : owner_(&owner), key_(std::move(key)), entry_(std::move(e)) {}

chunk_connections::lease::lease(lease&& other) noexcept
    : owner_(other.owner_), key_(std::move(other.key_)), entry_(std::move(other.entry_)), keep_(other.keep_) {}

chunk_connections::lease::~lease() {
    if (!entry_ || !keep_) return;
    for (auto& [text, stmt] : entry_->statements) stmt.reset();  // no statement holds a read snapshot
    owner_->release(key_, std::move(entry_));
}

storage::database& chunk_connections::lease::db() { return entry_->db; }

sql_result<std::int64_t> chunk_connections::lease::file_load(std::size_t file) {
    auto& versions = entry_->versions;
    if (versions.size() <= file) versions.resize(file + 1);
    auto& stmt = versions[file];
    if (!stmt.handle()) {
        const std::string schema = file == 0 ? "main" : storage::replicated_schema(file - 1);
        BOOST_OUTCOME_TRY(prepared, entry_->db.prepare(fmt::format("PRAGMA {}.user_version", schema)));
        stmt = std::move(prepared);
    }
    stmt.reset();
    BOOST_OUTCOME_TRY(row, stmt.step());
    const std::int64_t load = row ? stmt.column_int64(0) : 0;
    stmt.reset();
    return load;
}

sql_result<storage::statement*> chunk_connections::lease::prepare(const std::string& text) {
    auto& statements = entry_->statements;
    if (auto it = statements.find(text); it != statements.end()) {
        it->second.reset();
        return &it->second;
    }
    if (statements.size() >= max_statements) statements.clear();
    BOOST_OUTCOME_TRY(stmt, entry_->db.prepare(text));
    return &statements.emplace(text, std::move(stmt)).first->second;
}

}  // namespace qproxy::czar
