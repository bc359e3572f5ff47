// Authentication plugins: stored forms, scramble responses, SHA-256-crypt
// vectors (cross-checked with glibc crypt()'s $5$ output).
#include "proxy/auth/caching_sha2.hpp"
#include "proxy/auth/native_password.hpp"

#include <catch2/catch.hpp>

using namespace qproxy::auth;

namespace {
std::array<std::uint8_t, 20> scramble_of(char c) {
    std::array<std::uint8_t, 20> s{};
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<std::uint8_t>(c + i);
    return s;
}
}  // namespace

TEST_CASE("mysql_native_password stored form is MySQL's PASSWORD()", "[auth]") {
    CHECK(native_hash("password") == "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
    CHECK(native_hash("") == "");
}

TEST_CASE("mysql_native_password verifies the client's scramble response", "[auth]") {
    auto scramble = scramble_of('a');
    auto stored = native_hash("s3cret");
    auto good = native_scramble_response("s3cret", scramble);
    auto bad = native_scramble_response("wrong", scramble);
    CHECK(native_verify(scramble, good, stored));
    CHECK_FALSE(native_verify(scramble, bad, stored));
    CHECK_FALSE(native_verify(scramble_of('b'), good, stored));
    CHECK_FALSE(native_verify(scramble, std::span(good).first(19), stored));
    // Empty password: only an empty response passes.
    CHECK(native_verify(scramble, {}, ""));
    CHECK_FALSE(native_verify(scramble, good, ""));
}

TEST_CASE("SHA-256-crypt matches glibc's $5$ with 5000 rounds", "[auth]") {
    CHECK(sha256_crypt("secret", "abcdefghijklmnop") == "i7zHaTeYqXlesRXJ8dXj6o.MEFQdzfIJpJpcWAtszs6");
    CHECK(sha256_crypt("", "saltsalt") == "09agN5RZ2meWdEdnEusqsq5G7RwwghB8jCKoWWADxW/");
    CHECK(sha256_crypt("a much longer password that exceeds thirty-two bytes", "0123456789abcdef") ==
          "/s7KknAv9ZMQinbxUBBSugT/6lVtdagpaQn7KTw7MW0");
}

TEST_CASE("caching_sha2_password stored form and full authentication", "[auth]") {
    auto stored = sha2_hash("pa55");
    CHECK(stored.size() == 7 + 20 + 43);
    CHECK(stored.rfind("$A$005$", 0) == 0);
    CHECK(sha2_hash("pa55") != stored);  // a fresh salt each time
    CHECK(sha2_verify_full("pa55", stored));
    CHECK_FALSE(sha2_verify_full("pa56", stored));
    CHECK_FALSE(sha2_verify_full("pa55", "garbage"));
    CHECK(sha2_verify_full("", ""));
}

TEST_CASE("caching_sha2_password fast path checks against the cache entry", "[auth]") {
    auto scramble = scramble_of('x');
    auto cached = sha2_cache_entry("pa55");
    CHECK(sha2_verify_fast(scramble, sha2_scramble_response("pa55", scramble), cached));
    CHECK_FALSE(sha2_verify_fast(scramble, sha2_scramble_response("pa5", scramble), cached));
    CHECK_FALSE(sha2_verify_fast(scramble_of('y'), sha2_scramble_response("pa55", scramble), cached));

    sha2_cache cache;
    CHECK_FALSE(cache.find("u@%"));
    cache.put("u@%", cached);
    CHECK(cache.find("u@%") == cached);
    cache.erase("u@%");
    CHECK_FALSE(cache.find("u@%"));
}
