#include "storage/privileges.hpp"

#include "storage/text.hpp"

#include <array>

namespace qproxy::storage {

namespace {

// Indexed by bit position.
constexpr std::array<std::string_view, 28> names = {
    "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "RELOAD", "SHUTDOWN", "PROCESS", "FILE",
    "GRANT OPTION", "REFERENCES", "INDEX", "ALTER", "SHOW DATABASES", "SUPER", "CREATE TEMPORARY TABLES",
    "LOCK TABLES", "EXECUTE", "REPLICATION SLAVE", "REPLICATION CLIENT", "CREATE VIEW", "SHOW VIEW",
    "CREATE ROUTINE", "ALTER ROUTINE", "CREATE USER", "EVENT", "TRIGGER",
};

}  // namespace

std::optional<privilege> privilege_from_name(std::string_view upper_name) {
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (iequals(upper_name, names[i])) return static_cast<privilege>(1u << i);
    }
    // MySQL 8.0.22+ accepts REPLICA for SLAVE.
    if (iequals(upper_name, "REPLICATION REPLICA")) return privilege::repl_slave;
    return std::nullopt;
}

std::string_view privilege_name(privilege p) {
    const auto value = static_cast<std::uint32_t>(p);
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (value == (1u << i)) return names[i];
    }
    return {};
}

std::string privilege_list(privilege_set set) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto p = static_cast<privilege>(1u << i);
        if (p == privilege::grant_option || !(set & bit(p))) continue;
        if (!out.empty()) out += ", ";
        out += names[i];
    }
    return out;
}

}  // namespace qproxy::storage
