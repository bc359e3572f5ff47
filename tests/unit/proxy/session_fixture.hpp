// What the session state-machine tests share: the stores in a temporary data
// dir, and a parser for the server's framed output.
#pragma once

#include "proxy/auth/caching_sha2.hpp"
#include "proxy/auth/key_files.hpp"
#include "proxy/protocol/framing.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace qproxy::testing {

struct store_fixture {
    std::filesystem::path dir;
    std::unique_ptr<storage::account_store> accounts;
    std::unique_ptr<storage::catalog> catalog;
    auth::sha2_cache cache;
    std::optional<auth::rsa_key> rsa;

    store_fixture() {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() / ("qproxy-session-test-" + std::to_string(rd()));
        std::filesystem::create_directories(dir);
        accounts = std::move(storage::account_store::open(dir).value());
        catalog = std::move(storage::catalog::open(dir).value());
        rsa = auth::rsa_key::load_or_create(dir);
    }
    ~store_fixture() { std::filesystem::remove_all(dir); }
    store_fixture(const store_fixture&) = delete;
    store_fixture& operator=(const store_fixture&) = delete;
};

struct packet {
    std::uint8_t seq = 0;
    std::vector<std::uint8_t> payload;
};

// The server's bytes as whole packets; nothing may be left over.
inline std::vector<packet> packets_of(const std::vector<std::uint8_t>& bytes) {
    protocol::packet_assembler a(1 << 24);
    a.feed(bytes);
    std::vector<packet> out;
    packet p;
    while (!a.next(p.payload, p.seq)) out.push_back(p);
    REQUIRE(a.buffered() == 0);
    return out;
}

}  // namespace qproxy::testing
