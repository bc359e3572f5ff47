// The handshake state machine driven by a scripted client: every exchange is
// split at every byte, and an error (wrong sequence id, truncated packet) is
// injected at every client step; the connection must end cleanly each time.
#include "proxy/auth/caching_sha2.hpp"
#include "proxy/auth/native_password.hpp"
#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/framing.hpp"
#include "proxy/protocol/handshake.hpp"
#include "proxy/protocol/response.hpp"
#include "proxy/session/handshake.hpp"
#include "session_fixture.hpp"

#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>


using namespace qproxy;
using next_step = session::io_action::next_step;
namespace cap = protocol::capability;

namespace {

struct fixture : testing::store_fixture {
    std::optional<session::handshake_services> services;

    fixture() {
        bool existed = false;
        REQUIRE(accounts->create_user({"nat", "%", "mysql_native_password", auth::native_hash("pw1")}, false, existed));
        REQUIRE(accounts->create_user({"sha", "%", "caching_sha2_password", auth::sha2_hash("pw2")}, false, existed));
        services.emplace(session::handshake_services{{*accounts, cache, *rsa}, *catalog});
    }
};

std::vector<std::uint8_t> frame(std::span<const std::uint8_t> payload, std::uint8_t seq) {
    std::vector<std::uint8_t> out;
    protocol::append_packet(out, payload, seq);
    return out;
}

using testing::packets_of;

std::array<std::uint8_t, 20> greeting_scramble(const session::io_action& start) {
    auto pk = packets_of(start.bytes);
    REQUIRE(pk.size() == 1);
    protocol::handshake_v10 g;
    REQUIRE_FALSE(protocol::deserialize(pk[0].payload, g));
    CHECK(g.server_version.find("-qproxy-") != std::string::npos);
    CHECK_FALSE(g.capabilities & cap::long_password);  // MariaDB clients then read extended capabilities
    return g.scramble;
}

std::vector<std::uint8_t> response(const std::string& user, const std::string& plugin, std::span<const std::uint8_t> auth) {
    protocol::handshake_response r;
    r.capabilities = cap::protocol_41 | cap::secure_connection | cap::plugin_auth | cap::plugin_auth_lenenc_client_data |
                     cap::deprecate_eof | cap::multi_statements | cap::connect_attrs;
    r.max_packet = 1 << 24;
    r.charset = 45;
    r.user = user;
    r.auth_response.assign(auth.begin(), auth.end());
    r.auth_plugin = plugin;
    return protocol::serialize(r);
}

// Feeds `bytes` to the handshake through an assembler split at `split`.
session::io_action feed(session::handshake& hs, const std::vector<std::uint8_t>& bytes, std::size_t split) {
    protocol::packet_assembler a(1 << 20);
    std::vector<std::uint8_t> payload;
    std::uint8_t seq = 0;
    a.feed(std::span(bytes).first(split));
    if (split < bytes.size()) {
        REQUIRE(protocol::is_need_more(a.next(payload, seq)));
        a.feed(std::span(bytes).subspan(split));
    }
    REQUIRE_FALSE(a.next(payload, seq));
    return hs.on_packet(payload, seq);
}

bool ends_with_ok(const session::io_action& a) {
    auto pk = packets_of(a.bytes);
    return !pk.empty() && pk.back().payload[0] == 0x00;
}

std::vector<std::uint8_t> rsa_encrypt(const std::string& pem, std::string_view password, std::span<const std::uint8_t> scramble) {
    std::string plain(password);
    plain.push_back('\0');
    for (std::size_t i = 0; i < plain.size(); ++i) plain[i] ^= static_cast<char>(scramble[i % scramble.size()]);
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    REQUIRE(key);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
    EVP_PKEY_encrypt_init(ctx);
    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING);
    std::size_t len = 0;
    EVP_PKEY_encrypt(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(plain.data()), plain.size());
    std::vector<std::uint8_t> out(len);
    EVP_PKEY_encrypt(ctx, out.data(), &len, reinterpret_cast<const unsigned char*>(plain.data()), plain.size());
    out.resize(len);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(key);
    return out;
}

}  // namespace

TEST_CASE("handshake: the response split at every byte logs qsmaster in", "[session]") {
    fixture f;
    session::handshake probe(*f.services, 1, "127.0.0.1", false);
    auto bytes = frame(response("qsmaster", "mysql_native_password", {}), 1);
    for (std::size_t split = 0; split <= bytes.size(); ++split) {
        session::handshake hs(*f.services, 1, "127.0.0.1", false);
        (void)hs.start();
        auto a = feed(hs, bytes, split);
        REQUIRE(a.next == next_step::established);
        REQUIRE(ends_with_ok(a));
    }
}

TEST_CASE("handshake: native password, wrong password, unknown user", "[session]") {
    fixture f;
    session::handshake hs(*f.services, 1, "10.0.0.1", false);
    auto scramble = greeting_scramble(hs.start());
    auto good = auth::native_scramble_response("pw1", scramble);
    auto a = feed(hs, frame(response("nat", "mysql_native_password", good), 1), 0);
    CHECK(a.next == next_step::established);

    session::handshake bad(*f.services, 2, "10.0.0.1", false);
    scramble = greeting_scramble(bad.start());
    auto wrong = auth::native_scramble_response("nope", scramble);
    a = feed(bad, frame(response("nat", "mysql_native_password", wrong), 1), 0);
    CHECK(a.next == next_step::close);
    protocol::err_packet err;
    REQUIRE_FALSE(protocol::deserialize(packets_of(a.bytes).back().payload, err));
    CHECK(err.code == 1045);
    CHECK(err.message == "Access denied for user 'nat'@'10.0.0.1' (using password: YES)");

    session::handshake unknown(*f.services, 3, "10.0.0.1", false);
    (void)unknown.start();
    a = feed(unknown, frame(response("ghost", "mysql_native_password", {}), 1), 0);
    REQUIRE_FALSE(protocol::deserialize(packets_of(a.bytes).back().payload, err));
    CHECK(err.message == "Access denied for user 'ghost'@'10.0.0.1' (using password: NO)");
}

TEST_CASE("handshake: auth switch from caching_sha2 to native", "[session]") {
    fixture f;
    session::handshake hs(*f.services, 1, "10.0.0.1", false);
    auto scramble = greeting_scramble(hs.start());
    auto a = feed(hs, frame(response("nat", "caching_sha2_password", auth::sha2_scramble_response("pw1", scramble)), 1), 0);
    REQUIRE(a.next == next_step::read);
    protocol::auth_switch_request sw;
    REQUIRE_FALSE(protocol::deserialize(packets_of(a.bytes).at(0).payload, sw));
    CHECK(sw.plugin == "mysql_native_password");
    auto reply = auth::native_scramble_response("pw1", scramble);
    a = feed(hs, frame(reply, 3), 0);
    CHECK(a.next == next_step::established);
}

TEST_CASE("handshake: caching_sha2 RSA exchange, then the fast path; errors at every step end the connection",
          "[session]") {
    fixture f;
    // The happy path over plain TCP: 0x04 perform-full-auth, 0x02 key request, PEM, cipher text, OK.
    auto run = [&](int inject_at, int kind) -> next_step {
        f.cache.erase("sha@%");  // every run takes the full path
        session::handshake hs(*f.services, 1, "10.0.0.1", false);
        auto scramble = greeting_scramble(hs.start());
        std::vector<std::vector<std::uint8_t>> steps;
        std::uint8_t seq = 1;
        auto step = [&](std::vector<std::uint8_t> payload, int index) -> session::io_action {
            std::uint8_t s = seq;
            if (index == inject_at && kind == 0) s = static_cast<std::uint8_t>(s + 7);           // wrong sequence id
            if (index == inject_at && kind == 1) payload.resize(payload.size() / 2);             // truncated
            if (index == inject_at && kind == 2) payload.assign(payload.size() + 1, 0xff);       // garbage
            auto a = feed(hs, frame(payload, s), 0);
            seq = static_cast<std::uint8_t>(seq + 2);
            return a;
        };
        auto a = step(response("sha", "caching_sha2_password", auth::sha2_scramble_response("pw2", scramble)), 0);
        if (a.next != next_step::read) return a.next;
        a = step({auth::sha2_request_public_key}, 1);
        if (a.next != next_step::read) return a.next;
        auto pk = packets_of(a.bytes).at(0).payload;
        std::string pem(pk.begin() + 1, pk.end());
        a = step(rsa_encrypt(pem, "pw2", scramble), 2);
        return a.next;
    };
    CHECK(run(-1, 0) == next_step::established);
    for (int at = 0; at < 3; ++at)
        for (int kind = 0; kind < 3; ++kind) {
            INFO("step " << at << " kind " << kind);
            CHECK(run(at, kind) == next_step::close);
        }
    // After a full authentication the cache allows the fast path: 0x01 0x03 then OK.
    REQUIRE(run(-1, 0) == next_step::established);
    session::handshake hs(*f.services, 9, "10.0.0.1", false);
    auto scramble = greeting_scramble(hs.start());
    auto a = feed(hs, frame(response("sha", "caching_sha2_password", auth::sha2_scramble_response("pw2", scramble)), 1), 0);
    REQUIRE(a.next == next_step::established);
    auto pk = packets_of(a.bytes);
    REQUIRE(pk.size() == 2);
    CHECK(pk[0].payload == std::vector<std::uint8_t>{0x01, 0x03});
}

TEST_CASE("handshake: unknown database and TLS-only accounts", "[session]") {
    fixture f;
    bool existed = false;
    REQUIRE(f.accounts->create_user({"tls", "%", "mysql_native_password", "", true}, false, existed));
    session::handshake hs(*f.services, 1, "10.0.0.1", true);
    (void)hs.start();
    auto a = feed(hs, frame(response("tls", "mysql_native_password", {}), 1), 0);
    CHECK(a.next == next_step::close);

    protocol::handshake_response r;
    r.capabilities = cap::protocol_41 | cap::secure_connection | cap::plugin_auth | cap::connect_with_db;
    r.user = "qsmaster";
    r.database = "nosuchdb";
    r.auth_plugin = "mysql_native_password";
    session::handshake db(*f.services, 2, "127.0.0.1", false);
    (void)db.start();
    a = feed(db, frame(protocol::serialize(r), 1), 0);
    CHECK(a.next == next_step::close);
    protocol::err_packet err;
    REQUIRE_FALSE(protocol::deserialize(packets_of(a.bytes).back().payload, err));
    CHECK(err.code == 1049);
    CHECK(err.message == "Unknown database 'nosuchdb'");
}
