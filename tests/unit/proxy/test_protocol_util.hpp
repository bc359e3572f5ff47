// Helpers shared by the tests of proxy/protocol: hex vectors and the
// "every truncation fails" check.
#pragma once

#include "proxy/protocol/errc.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::protocol::test {

// "0a 38 2e" -> {0x0a, 0x38, 0x2e}; whitespace and '|' are ignored.
inline std::vector<std::uint8_t> hex(std::string_view s) {
    std::vector<std::uint8_t> out;
    int hi = -1;
    for (const char c : s) {
        int v = -1;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else continue;
        if (hi < 0) {
            hi = v;
        } else {
            out.push_back(static_cast<std::uint8_t>(hi * 16 + v));
            hi = -1;
        }
    }
    REQUIRE(hi < 0);
    return out;
}

inline std::string to_hex(std::span<const std::uint8_t> b) {
    static constexpr char d[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i) out += ' ';
        out += d[b[i] >> 4];
        out += d[b[i] & 15];
    }
    return out;
}

inline std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

inline std::vector<std::uint8_t> concat(std::vector<std::uint8_t> a, std::span<const std::uint8_t> b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Byte-exact comparison printed as hex on failure.
#define QPROXY_REQUIRE_BYTES(actual, expected) REQUIRE(::qproxy::protocol::test::to_hex(actual) == ::qproxy::protocol::test::to_hex(expected))

// Runs `parse` on every proper prefix of `full`, each copied into its own heap
// block of exactly that size (so ASan flags any read past the end), and
// requires an error -- except for prefix lengths listed in `valid`, which the
// protocol allows to end there.
inline void require_truncations_fail(std::span<const std::uint8_t> full,
                                     const std::function<error_code(std::span<const std::uint8_t>)>& parse,
                                     const std::set<std::size_t>& valid = {}) {
    for (std::size_t n = 0; n < full.size(); ++n) {
        auto block = std::make_unique<std::uint8_t[]>(n ? n : 1);
        std::copy_n(full.begin(), n, block.get());
        const error_code ec = parse(std::span<const std::uint8_t>(block.get(), n));
        INFO("prefix length " << n << " of " << full.size());
        if (valid.count(n)) {
            CHECK_FALSE(ec);
        } else {
            CHECK(ec);
        }
    }
}

// Requires errc::extra_bytes once a byte is appended to a valid message.
inline void require_trailing_rejected(std::span<const std::uint8_t> full,
                                      const std::function<error_code(std::span<const std::uint8_t>)>& parse) {
    auto longer = std::vector<std::uint8_t>(full.begin(), full.end());
    longer.push_back(0x00);
    CHECK(parse(longer) == make_error_code(errc::extra_bytes));
}

}  // namespace qproxy::protocol::test
