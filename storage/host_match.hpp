// MySQL account host matching: literal names, % and _ patterns, and the
// loopback equivalence between 'localhost' and 127.0.0.1 / ::1.
#pragma once

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace qproxy::storage {

// How specifically a host pattern matches; the higher, the more specific.
struct host_rank {
    int tier = 0;                    // 3: same name, 2: loopback alias, 1: wildcard pattern
    std::size_t literal_prefix = 0;  // wildcard patterns: characters before the first wildcard
    auto operator<=>(const host_rank&) const = default;
};

// nullopt when pattern does not match client_host. Case-insensitive.
std::optional<host_rank> match_host(std::string_view pattern, std::string_view client_host);

}  // namespace qproxy::storage
