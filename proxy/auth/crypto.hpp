// Thin RAII-free wrappers over OpenSSL's one-shot digests and RNG: every
// caller here hashes a few short buffers, so a fixed-size array result is enough.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace qproxy::auth {

using sha1_digest = std::array<std::uint8_t, 20>;
using sha256_digest = std::array<std::uint8_t, 32>;
using bytes_view = std::span<const std::uint8_t>;

inline bytes_view as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Digest of the concatenation of the parts.
sha1_digest sha1(std::initializer_list<bytes_view> parts);
sha256_digest sha256(std::initializer_list<bytes_view> parts);

// Cryptographically random bytes (OpenSSL RAND_bytes).
void random_bytes(std::span<std::uint8_t> out);

std::string to_hex_upper(bytes_view bytes);

}  // namespace qproxy::auth
