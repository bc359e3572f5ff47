#include "proxy/protocol/change_user.hpp"
#include "proxy/protocol/constants.hpp"

#include "test_protocol_util.hpp"

using namespace qproxy::protocol;
using namespace qproxy::protocol::test;

namespace {

// COM_CHANGE_USER captured from libmariadb 3.3: mysql_change_user(m, "bob",
// "pw", "db2") on a session that negotiated these capabilities.
constexpr std::uint32_t session_caps = 0x00bea28c;
const char* const libmariadb_change_user =
    "11 | 62 6f 62 00 | 14 97 f1 16 d6 bf 6c 16 53 87 d7 34 a2 62 e1 f2 87 15 4b 9b 66 | 64 62 32 00 | 2d 00 |"
    "6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00 |"
    "6b | 03 5f 6f 73 05 4c 69 6e 75 78 | 0c 5f 63 6c 69 65 6e 74 5f 6e 61 6d 65 0a 6c 69 62 6d 61 72 69 61 64 62 |"
    "04 5f 70 69 64 04 36 34 35 36 | 0f 5f 63 6c 69 65 6e 74 5f 76 65 72 73 69 6f 6e 06 33 2e 33 2e 32 30 |"
    "09 5f 70 6c 61 74 66 6f 72 6d 06 78 38 36 5f 36 34 | 0c 5f 73 65 72 76 65 72 5f 68 6f 73 74 09 31 32 37 2e 30 2e 30 2e 31";

}  // namespace

TEST_CASE("protocol: libmariadb's COM_CHANGE_USER", "[protocol][change_user]") {
    const auto wire = hex(libmariadb_change_user);
    change_user_request req;
    REQUIRE_FALSE(deserialize(wire, req, session_caps));
    CHECK(req.user == "bob");
    CHECK(to_hex(bytes(req.auth_response)) == to_hex(hex("97 f1 16 d6 bf 6c 16 53 87 d7 34 a2 62 e1 f2 87 15 4b 9b 66")));
    CHECK(req.database == "db2");
    CHECK(req.charset == 45);
    CHECK(req.auth_plugin == "mysql_native_password");
    REQUIRE(req.attributes.size() == 6);
    CHECK(req.attributes[0] == std::pair<std::string, std::string>{"_os", "Linux"});
    CHECK(req.attributes[5] == std::pair<std::string, std::string>{"_server_host", "127.0.0.1"});
    QPROXY_REQUIRE_BYTES(serialize(req, session_caps), wire);

    // The protocol lets the packet end after the database, the charset or the
    // plugin name ("if more data"); every other prefix is an error.
    const std::size_t after_db = 1 + 4 + 21 + 4;
    const std::size_t after_charset = after_db + 2;
    const std::size_t after_plugin = after_charset + 22;
    require_truncations_fail(
        wire,
        [](std::span<const std::uint8_t> in) {
            change_user_request out;
            return deserialize(in, out, session_caps);
        },
        {after_db, after_charset, after_plugin});
    require_trailing_rejected(wire, [](std::span<const std::uint8_t> in) {
        change_user_request out;
        return deserialize(in, out, session_caps);
    });

    change_user_request shortest;
    REQUIRE_FALSE(deserialize(std::span(wire).first(after_db), shortest, session_caps));
    CHECK(shortest.database == "db2");
    CHECK(shortest.charset == 0);
    CHECK(shortest.auth_plugin.empty());
    CHECK(shortest.attributes.empty());
}

TEST_CASE("protocol: COM_CHANGE_USER without SECURE_CONNECTION and with a wrong command", "[protocol][change_user]") {
    const std::uint32_t caps = capability::protocol_41;
    change_user_request req{"al", "pw", "db", 33, "", {}};
    const auto wire = serialize(req, caps);
    QPROXY_REQUIRE_BYTES(wire, hex("11 61 6c 00 70 77 00 64 62 00 21 00"));
    change_user_request back;
    REQUIRE_FALSE(deserialize(wire, back, caps));
    CHECK(back == req);
    auto wrong = wire;
    wrong[0] = 0x03;
    CHECK(deserialize(wrong, back, caps) == make_error_code(errc::unexpected_command));
}
