#include "proxy/auth/native_password.hpp"

#include <algorithm>
#include <optional>

namespace qproxy::auth {

namespace {
std::optional<sha1_digest> parse_stored(std::string_view stored) {
    if (stored.size() != 41 || stored[0] != '*') return std::nullopt;
    sha1_digest out{};
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < 20; ++i) {
        int hi = nibble(stored[1 + 2 * i]);
        int lo = nibble(stored[2 + 2 * i]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return out;
}
}  // namespace

std::string native_hash(std::string_view password) {
    if (password.empty()) return {};
    auto stage1 = sha1({as_bytes(password)});
    auto stage2 = sha1({stage1});
    return "*" + to_hex_upper(stage2);
}

bool native_verify(bytes_view scramble, bytes_view response, std::string_view stored) {
    if (stored.empty()) return response.empty();
    auto stage2 = parse_stored(stored);
    if (!stage2 || response.size() != 20) return false;
    auto mask = sha1({scramble, *stage2});
    sha1_digest stage1{};
    for (std::size_t i = 0; i < 20; ++i) stage1[i] = response[i] ^ mask[i];
    return sha1({stage1}) == *stage2;
}

sha1_digest native_scramble_response(std::string_view password, bytes_view scramble) {
    auto stage1 = sha1({as_bytes(password)});
    auto stage2 = sha1({stage1});
    auto mask = sha1({scramble, stage2});
    for (std::size_t i = 0; i < 20; ++i) stage1[i] ^= mask[i];
    return stage1;
}

}  // namespace qproxy::auth
