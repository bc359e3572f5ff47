#include "proxy/protocol/handshake.hpp"

#include "test_protocol_util.hpp"

using namespace qproxy::protocol;
using namespace qproxy::protocol::test;

namespace {

std::array<std::uint8_t, 20> abc_scramble() {
    std::array<std::uint8_t, 20> s{};
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<std::uint8_t>('A' + i);
    return s;
}

template <class T>
auto parser_for() {
    return [](std::span<const std::uint8_t> in) {
        T out;
        return deserialize(in, out);
    };
}

// A real MySQL 5.7.18 greeting (payload of a 0x4e-byte packet, seq 0).
const char* const mysql57_greeting =
    "0a 35 2e 37 2e 31 38 2d 6c 6f 67 00 | 12 7a 29 00 | 33 58 38 18 44 5e 16 48 | 00 | ff ff | 21 | 02 00 | ff c1 |"
    "15 | 00 00 00 00 00 00 00 00 00 00 | 40 79 11 30 2a 41 61 55 64 77 6e 0d 00 |"
    "6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00";

// The layout MySQL 8.0 sends, with a caching_sha2_password default.
const char* const mysql80_greeting =
    "0a 38 2e 30 2e 33 36 2d 71 70 72 6f 78 79 00 | 07 00 00 00 | 41 42 43 44 45 46 47 48 | 00 | ff ff | ff |"
    "02 00 | ff df | 15 | 00 00 00 00 00 00 00 00 00 00 | 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 00 |"
    "63 61 63 68 69 6e 67 5f 73 68 61 32 5f 70 61 73 73 77 6f 72 64 00";

// A greeting without CLIENT_MYSQL: MariaDB extended capabilities (0x1d) in the
// last 4 reserved bytes. libmariadb 3.3 accepted it and answered with them.
const char* const mariadb_ext_greeting =
    "0a 38 2e 30 2e 33 36 2d 4d 61 72 69 61 44 42 2d 71 70 72 6f 78 79 00 | 07 00 00 00 | 41 42 43 44 45 46 47 48 |"
    "00 | de f7 | 2d | 02 00 | ff 01 | 15 | 00 00 00 00 00 00 | 1d 00 00 00 |"
    "49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 00 | 6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00";

// HandshakeResponse41 captured from the Debian 12 mariadb CLI (libmariadb
// 3.3) answering mariadb_ext_greeting: `mariadb -uqsmaster -psecret -D testdb`.
const char* const libmariadb_response =
    "8c a2 bf 00 | 00 00 00 10 | 21 | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 1d 00 00 00 |"
    "71 73 6d 61 73 74 65 72 00 |"
    "14 28 44 15 90 67 42 85 e7 d0 3c ae 7a f2 37 50 47 97 f7 0e 91 |"
    "74 65 73 74 64 62 00 |"
    "6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00 |"
    "7e | 03 5f 6f 73 05 4c 69 6e 75 78 | 0c 5f 63 6c 69 65 6e 74 5f 6e 61 6d 65 0a 6c 69 62 6d 61 72 69 61 64 62 |"
    "04 5f 70 69 64 04 36 33 32 31 | 0f 5f 63 6c 69 65 6e 74 5f 76 65 72 73 69 6f 6e 06 33 2e 33 2e 32 30 |"
    "09 5f 70 6c 61 74 66 6f 72 6d 06 78 38 36 5f 36 34 | 0c 70 72 6f 67 72 61 6d 5f 6e 61 6d 65 05 6d 79 73 71 6c |"
    "0c 5f 73 65 72 76 65 72 5f 68 6f 73 74 09 31 32 37 2e 30 2e 30 2e 31";

// The SSLRequest the same client sends with --ssl.
const char* const libmariadb_ssl_request =
    "84 aa bf 00 | 00 00 00 10 | 21 | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 1d 00 00 00";

// PyMySQL 1.0.2 (python3-pymysql), empty password, database db1, answering a
// greeting WITH CLIENT_MYSQL: no extended capabilities.
const char* const pymysql_response =
    "0d a2 3a 00 | ff ff ff 00 | 2d | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 |"
    "71 73 6d 61 73 74 65 72 00 | 00 | 64 62 31 00 |"
    "6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00 |"
    "35 | 0c 5f 63 6c 69 65 6e 74 5f 6e 61 6d 65 07 70 79 6d 79 73 71 6c | 04 5f 70 69 64 04 36 34 30 35 |"
    "0f 5f 63 6c 69 65 6e 74 5f 76 65 72 73 69 6f 6e 05 31 2e 30 2e 32";

}  // namespace

TEST_CASE("protocol: a real MySQL 5.7 greeting round-trips", "[protocol][handshake]") {
    const auto wire = hex(mysql57_greeting);
    handshake_v10 hs;
    REQUIRE_FALSE(deserialize(wire, hs));
    CHECK(hs.server_version == "5.7.18-log");
    CHECK(hs.connection_id == 0x297a12);
    CHECK(hs.capabilities == 0xc1ffffff);
    CHECK(hs.charset == 0x21);
    CHECK(hs.status == 2);
    CHECK(hs.mariadb_ext_caps == 0);
    CHECK(hs.auth_plugin == "mysql_native_password");
    CHECK(to_hex(hs.scramble) == to_hex(hex("33 58 38 18 44 5e 16 48 40 79 11 30 2a 41 61 55 64 77 6e 0d")));
    QPROXY_REQUIRE_BYTES(serialize(hs), wire);
    require_truncations_fail(wire, parser_for<handshake_v10>());
    require_trailing_rejected(wire, parser_for<handshake_v10>());
}

TEST_CASE("protocol: the MySQL 8.0 greeting is byte-exact", "[protocol][handshake]") {
    handshake_v10 hs;
    hs.server_version = "8.0.36-qproxy";
    hs.connection_id = 7;
    hs.scramble = abc_scramble();
    hs.capabilities = 0xdfffffff;
    hs.charset = 0xff;  // utf8mb4_0900_ai_ci
    hs.status = server_status::autocommit;
    hs.mariadb_ext_caps = 0x1d;  // ignored: CLIENT_MYSQL is set
    hs.auth_plugin = "caching_sha2_password";
    const auto wire = serialize(hs);
    QPROXY_REQUIRE_BYTES(wire, hex(mysql80_greeting));
    handshake_v10 back;
    REQUIRE_FALSE(deserialize(wire, back));
    hs.mariadb_ext_caps = 0;
    CHECK(back == hs);
}

TEST_CASE("protocol: the MariaDB extended-capabilities greeting is byte-exact", "[protocol][handshake]") {
    handshake_v10 hs;
    hs.server_version = "8.0.36-MariaDB-qproxy";
    hs.connection_id = 7;
    hs.scramble = abc_scramble();
    hs.capabilities = 0x01fff7de;  // no CLIENT_MYSQL, SSL or COMPRESS
    hs.charset = 45;
    hs.status = server_status::autocommit;
    hs.mariadb_ext_caps = mariadb_capability::progress | mariadb_capability::stmt_bulk_operations |
                          mariadb_capability::extended_metadata | mariadb_capability::cache_metadata;
    hs.auth_plugin = "mysql_native_password";
    const auto wire = serialize(hs);
    QPROXY_REQUIRE_BYTES(wire, hex(mariadb_ext_greeting));
    handshake_v10 back;
    REQUIRE_FALSE(deserialize(wire, back));
    CHECK(back == hs);
}

TEST_CASE("protocol: libmariadb's HandshakeResponse41 with attributes", "[protocol][handshake]") {
    const auto wire = hex(libmariadb_response);
    const std::uint32_t server_caps = 0x01fff7de;
    handshake_response r;
    REQUIRE_FALSE(deserialize(wire, r, server_caps));
    CHECK(r.capabilities == 0x00bfa28c);
    CHECK_FALSE(r.capabilities & capability::long_password);  // cleared: MariaDB client
    CHECK(r.max_packet == 0x10000000);
    CHECK(r.charset == 33);
    CHECK(r.mariadb_ext_caps == 0x1d);
    CHECK(r.user == "qsmaster");
    CHECK(to_hex(bytes(r.auth_response)) == to_hex(hex("28 44 15 90 67 42 85 e7 d0 3c ae 7a f2 37 50 47 97 f7 0e 91")));
    CHECK(r.database == "testdb");
    CHECK(r.auth_plugin == "mysql_native_password");
    const connect_attributes attrs = {{"_os", "Linux"},           {"_client_name", "libmariadb"},
                                      {"_pid", "6321"},           {"_client_version", "3.3.20"},
                                      {"_platform", "x86_64"},    {"program_name", "mysql"},
                                      {"_server_host", "127.0.0.1"}};
    CHECK(r.attributes == attrs);
    CHECK_FALSE(is_ssl_request(wire));

    QPROXY_REQUIRE_BYTES(serialize(r), wire);
    require_truncations_fail(wire, [&](std::span<const std::uint8_t> in) {
        handshake_response out;
        return deserialize(in, out, server_caps);
    });
    require_trailing_rejected(wire, parser_for<handshake_response>());
}

TEST_CASE("protocol: PyMySQL's HandshakeResponse41", "[protocol][handshake]") {
    const auto wire = hex(pymysql_response);
    handshake_response r;
    REQUIRE_FALSE(deserialize(wire, r));
    CHECK(r.capabilities == 0x003aa20d);
    CHECK(r.max_packet == 0xffffff);
    CHECK(r.charset == 45);
    CHECK(r.mariadb_ext_caps == 0);
    CHECK(r.user == "qsmaster");
    CHECK(r.auth_response.empty());
    CHECK(r.database == "db1");
    CHECK(r.auth_plugin == "mysql_native_password");
    CHECK(r.attributes ==
          connect_attributes{{"_client_name", "pymysql"}, {"_pid", "6405"}, {"_client_version", "1.0.2"}});
    QPROXY_REQUIRE_BYTES(serialize(r), wire);
    require_truncations_fail(wire, parser_for<handshake_response>());
}

TEST_CASE("protocol: the SSLRequest", "[protocol][handshake]") {
    const auto wire = hex(libmariadb_ssl_request);
    CHECK(is_ssl_request(wire));
    ssl_request req;
    REQUIRE_FALSE(deserialize(wire, req));
    CHECK(req.capabilities == 0x00bfaa84);
    CHECK(req.capabilities & capability::ssl);
    CHECK(req.max_packet == 0x10000000);
    CHECK(req.charset == 33);
    CHECK(req.mariadb_ext_caps == 0x1d);
    QPROXY_REQUIRE_BYTES(serialize(req), wire);
    require_truncations_fail(wire, parser_for<ssl_request>());
    require_trailing_rejected(wire, parser_for<ssl_request>());
    for (std::size_t n = 0; n < wire.size(); ++n) CHECK_FALSE(is_ssl_request(std::span(wire).first(n)));

    // The 32-byte head alone is not a full response.
    handshake_response r;
    CHECK(deserialize(wire, r) == make_error_code(errc::incomplete_message));
    // Without the SSL flag it is not an SSLRequest.
    auto no_ssl = wire;
    no_ssl[1] &= ~0x08;
    CHECK_FALSE(is_ssl_request(no_ssl));
    CHECK(deserialize(no_ssl, req) == make_error_code(errc::protocol_value_error));
}

TEST_CASE("protocol: auth response encodings follow the negotiated capabilities", "[protocol][handshake]") {
    handshake_response r;
    r.capabilities = capability::protocol_41 | capability::secure_connection | capability::plugin_auth_lenenc_client_data;
    r.user = "u";
    r.auth_response = std::string(300, 'x');
    auto lenenc = serialize(r);
    CHECK(to_hex(std::span(lenenc).subspan(32, 5)) == "75 00 fc 2c 01");
    handshake_response back;
    REQUIRE_FALSE(deserialize(lenenc, back));
    CHECK(back == r);

    r.capabilities = capability::protocol_41 | capability::secure_connection;
    r.auth_response = std::string(20, 'y');
    auto one_byte = serialize(r);
    CHECK(to_hex(std::span(one_byte).subspan(32, 3)) == "75 00 14");
    REQUIRE_FALSE(deserialize(one_byte, back));
    CHECK(back == r);

    r.capabilities = capability::protocol_41;
    r.auth_response = "legacy";
    auto nul = serialize(r);
    CHECK(to_hex(std::span(nul).subspan(32)) == to_hex(hex("75 00 6c 65 67 61 63 79 00")));
    REQUIRE_FALSE(deserialize(nul, back));
    CHECK(back == r);

    // libmariadb writes the database only when the SERVER offered
    // CONNECT_WITH_DB, while still setting the flag in its own capabilities.
    r.capabilities = capability::protocol_41 | capability::connect_with_db;
    r.database = "ignored";
    auto without_db = serialize(r);
    without_db.resize(without_db.size() - (r.database.size() + 1));
    REQUIRE_FALSE(deserialize(without_db, back, capability::protocol_41));
    CHECK(back.database.empty());

    // Pre-4.1 clients are refused.
    auto old = hex(pymysql_response);
    old[1] &= ~0x02;  // clear CLIENT_PROTOCOL_41 (0x200)
    CHECK(deserialize(old, back) == make_error_code(errc::protocol_value_error));
}

TEST_CASE("protocol: connection attributes are bounded and must fill their block", "[protocol][handshake]") {
    handshake_response r;
    r.capabilities = capability::protocol_41 | capability::secure_connection | capability::connect_attrs;
    r.user = "u";
    r.attributes = {{"k", std::string(70000, 'v')}};
    auto big = serialize(r);
    handshake_response back;
    CHECK(deserialize(big, back) == make_error_code(errc::attributes_too_large));

    // Announce 4 bytes of attributes holding a pair that claims 5.
    r.attributes.clear();
    auto wire = serialize(r);
    wire.back() = 0x04;
    wire = concat(wire, hex("01 6b 03 76"));
    CHECK(deserialize(wire, back) == make_error_code(errc::protocol_value_error));

    // A lying total length larger than the packet: truncation, nothing allocated.
    wire = serialize(r);
    wire.back() = 0xfc;
    wire = concat(wire, hex("ff 00"));
    CHECK(deserialize(wire, back) == make_error_code(errc::incomplete_message));
}

TEST_CASE("protocol: AuthSwitchRequest and AuthMoreData", "[protocol][handshake]") {
    const auto scramble = abc_scramble();
    const auto req = make_auth_switch("mysql_native_password", scramble);
    const auto wire = serialize(req);
    QPROXY_REQUIRE_BYTES(wire, hex("fe 6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00"
                                   "41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 00"));
    auth_switch_request back;
    REQUIRE_FALSE(deserialize(wire, back));
    CHECK(back == req);
    // Every prefix up to the plugin's NUL is incomplete; after it the data is string<EOF>.
    std::set<std::size_t> valid;
    for (std::size_t n = 23; n < wire.size(); ++n) valid.insert(n);
    require_truncations_fail(wire, parser_for<auth_switch_request>(), valid);

    QPROXY_REQUIRE_BYTES(serialize(auth_more_data{{caching_sha2::fast_auth_ok}}), hex("01 03"));
    QPROXY_REQUIRE_BYTES(serialize(auth_more_data{{caching_sha2::perform_full_auth}}), hex("01 04"));
    const std::string pem = "-----BEGIN PUBLIC KEY-----\n";
    const auto key = serialize(auth_more_data{std::vector<std::uint8_t>(pem.begin(), pem.end())});
    CHECK(key.size() == pem.size() + 1);
    auth_more_data more;
    REQUIRE_FALSE(deserialize(key, more));
    CHECK(std::string(more.data.begin(), more.data.end()) == pem);
    CHECK(deserialize(hex("02 03"), more) == make_error_code(errc::protocol_value_error));
    CHECK(deserialize({}, more) == make_error_code(errc::incomplete_message));
}
