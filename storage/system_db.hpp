// <data_dir>/system.sqlite3: the server's own state — accounts and the
// catalog today; later migrations add what later components need. One file,
// one migration list (append only: a shipped entry is never edited).
#pragma once

#include "storage/sqlite.hpp"

#include <filesystem>
#include <span>
#include <string_view>

namespace qproxy::storage {

std::filesystem::path system_db_path(const std::filesystem::path& data_dir);

std::span<const std::string_view> system_migrations();

// Creates data_dir if needed, opens the file and applies pending migrations.
[[nodiscard]] sql_result<database> open_system_db(const std::filesystem::path& data_dir);

}  // namespace qproxy::storage
