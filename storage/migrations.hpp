// Schema versioning for one SQLite file: PRAGMA user_version counts the
// migrations applied, and a file's migration list only ever grows.
#pragma once

#include "storage/sqlite.hpp"

#include <span>
#include <string_view>

namespace qproxy::storage {

// Applies migrations[user_version..] in order, each in its own transaction
// together with its version bump, so a crash leaves a consistent version.
// Safe against several processes or threads migrating the same file at once.
// A file newer than the list (a downgrade) is refused.
[[nodiscard]] sql_status migrate(database& db, std::span<const std::string_view> migrations);

// The file's current PRAGMA user_version.
[[nodiscard]] sql_result<std::int64_t> schema_version(database& db);

}  // namespace qproxy::storage
