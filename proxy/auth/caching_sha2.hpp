// caching_sha2_password.
// Stored form (as MySQL 8.0): "$A$005$" + 20-byte salt + 43 characters of
// SHA-256-crypt (Drepper) with 5000 rounds. Fast path: the client answers the
// scramble with SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + scramble), checked
// against SHA256(SHA256(pw)) cached after a full authentication.
// Full path: the clear password over TLS, or RSA-OAEP encrypted
// (password XOR scramble) over plain TCP.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html
#pragma once

#include "proxy/auth/crypto.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace qproxy::auth {

inline constexpr std::string_view sha2_plugin = "caching_sha2_password";

// Protocol bytes of the exchange (sent after 0x01, "more data").
inline constexpr std::uint8_t sha2_request_public_key = 0x02;
inline constexpr std::uint8_t sha2_fast_auth_success = 0x03;
inline constexpr std::uint8_t sha2_perform_full_auth = 0x04;

// The stored form for `password` with a fresh salt; empty for an empty password.
std::string sha2_hash(std::string_view password);
// SHA-256-crypt of `password` with `salt` and 5000 rounds, 43 characters (tests pin it).
std::string sha256_crypt(std::string_view password, std::string_view salt, unsigned rounds = 5000);
// Full authentication: does `password` match the stored form?
bool sha2_verify_full(std::string_view password, std::string_view stored);
// Fast authentication against the cached SHA256(SHA256(pw)).
bool sha2_verify_fast(bytes_view scramble, bytes_view response, const sha256_digest& cached);
// What a client sends on the fast path (tests and benchmarks use it).
sha256_digest sha2_scramble_response(std::string_view password, bytes_view scramble);
sha256_digest sha2_cache_entry(std::string_view password);

// The server's fast-path cache: "user@host" → SHA256(SHA256(pw)), filled after
// a successful full authentication, dropped when the account changes.
class sha2_cache {
public:
    std::optional<sha256_digest> find(const std::string& key) const;
    void put(const std::string& key, const sha256_digest& digest);
    void erase(const std::string& key);

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, sha256_digest> entries_;
};

}  // namespace qproxy::auth
