// MySQL's static privileges. The bit values are MySQL's own ACL bits, so
// ascending bit order is the canonical order SHOW GRANTS prints them in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qproxy::storage {

enum class privilege : std::uint32_t {
    select = 1, insert = 2, update = 4, delete_ = 8, create = 16, drop = 32, reload = 64, shutdown = 128,
    process = 256, file = 512, grant_option = 1024, references = 2048, index = 4096, alter = 8192,
    show_databases = 16384, super = 32768, create_tmp_table = 1 << 16, lock_tables = 1 << 17,
    execute = 1 << 18, repl_slave = 1 << 19, repl_client = 1 << 20, create_view = 1 << 21,
    show_view = 1 << 22, create_routine = 1 << 23, alter_routine = 1 << 24, create_user = 1 << 25,
    event = 1 << 26, trigger = 1 << 27,
};

using privilege_set = std::uint32_t;

constexpr privilege_set bit(privilege p) { return static_cast<privilege_set>(p); }

// ALL [PRIVILEGES] at each level: what GRANT ALL gives and what SHOW GRANTS
// prints as ALL PRIVILEGES. GRANT OPTION is never part of ALL.
inline constexpr privilege_set all_privileges = ((1u << 28) - 1) & ~bit(privilege::grant_option);
inline constexpr privilege_set db_level_privileges =
    bit(privilege::select) | bit(privilege::insert) | bit(privilege::update) | bit(privilege::delete_) |
    bit(privilege::create) | bit(privilege::drop) | bit(privilege::references) | bit(privilege::index) |
    bit(privilege::alter) | bit(privilege::create_tmp_table) | bit(privilege::lock_tables) |
    bit(privilege::execute) | bit(privilege::create_view) | bit(privilege::show_view) |
    bit(privilege::create_routine) | bit(privilege::alter_routine) | bit(privilege::event) |
    bit(privilege::trigger);
inline constexpr privilege_set table_level_privileges =
    bit(privilege::select) | bit(privilege::insert) | bit(privilege::update) | bit(privilege::delete_) |
    bit(privilege::create) | bit(privilege::drop) | bit(privilege::references) | bit(privilege::index) |
    bit(privilege::alter) | bit(privilege::create_view) | bit(privilege::show_view) | bit(privilege::trigger);

// "SELECT", "CREATE TEMPORARY TABLES", "REPLICATION SLAVE" (or REPLICA),
// "GRANT OPTION"... Case-insensitive; ALL and USAGE are not privileges.
std::optional<privilege> privilege_from_name(std::string_view upper_name);
// MySQL's spelling, e.g. "SHOW DATABASES".
std::string_view privilege_name(privilege p);
// The set's privileges in canonical order, comma-separated ("SELECT, INSERT");
// GRANT OPTION is left out (it is printed as WITH GRANT OPTION).
std::string privilege_list(privilege_set set);

}  // namespace qproxy::storage
