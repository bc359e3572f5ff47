// Loads publish a database's chunk files one by one (SQLite commits one file
// at a time; this build has no cross-file snapshots), so a query reading
// chunks while a load commits could see part of it. Each database has an
// epoch: the low 32 bits count commits in progress, the high 32 bits
// finished ones. A query notes the epoch before it reads the chunk lists and
// the director index, and after its last chunk: unless no commit was in
// progress and nothing changed, its rows may mix two states of the table.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace qproxy::storage {

class publish_epochs {
public:
    // While alive, a load of db is publishing.
    class scope {
    public:
        explicit scope(std::atomic<std::uint64_t>& epoch) noexcept;
        scope(scope&& other) noexcept;
        scope& operator=(scope&&) = delete;
        ~scope();

    private:
        std::atomic<std::uint64_t>* epoch_;
    };

    [[nodiscard]] std::uint64_t epoch(std::string_view db);
    [[nodiscard]] scope publish(std::string_view db);
    // True when a query that noted `before` and then `after` read one state of the table.
    [[nodiscard]] static bool consistent(std::uint64_t before, std::uint64_t after) noexcept;

private:
    std::atomic<std::uint64_t>& slot(std::string_view db);

    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<std::atomic<std::uint64_t>>, std::less<>> epochs_;
};

}  // namespace qproxy::storage
