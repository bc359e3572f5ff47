#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/response.hpp"

#include "test_protocol_util.hpp"

using namespace qproxy::protocol;
using namespace qproxy::protocol::test;

TEST_CASE("protocol: OK packet", "[protocol][response]") {
    SECTION("the plain OK") {
        const ok_packet ok{0, 0, server_status::autocommit, 0, ""};
        const auto wire = serialize(ok);
        QPROXY_REQUIRE_BYTES(wire, hex("00 00 00 02 00 00 00"));
        ok_packet back;
        REQUIRE_FALSE(deserialize(wire, back));
        CHECK(back == ok);
        require_truncations_fail(wire, [](std::span<const std::uint8_t> in) {
            ok_packet out;
            return deserialize(in, out);
        });
    }
    SECTION("with counts and info") {
        const ok_packet ok{300, 0x10000, server_status::autocommit | server_status::in_trans, 2,
                           "Rows matched: 1  Changed: 1  Warnings: 0"};
        const auto wire = serialize(ok);
        // info is string<lenenc> (0x28 = 40 bytes), as MySQL writes it.
        QPROXY_REQUIRE_BYTES(wire, concat(hex("00 fc 2c 01 fd 00 00 01 03 00 02 00 28"), bytes(ok.info)));
        ok_packet back;
        REQUIRE_FALSE(deserialize(wire, back));
        CHECK(back == ok);
        const std::set<std::size_t> valid{12};  // without info
        require_truncations_fail(
            wire,
            [](std::span<const std::uint8_t> in) {
                ok_packet out;
                return deserialize(in, out);
            },
            valid);
    }
    SECTION("as the DEPRECATE_EOF terminator") {
        const ok_packet ok{0, 0, server_status::autocommit, 1, ""};
        QPROXY_REQUIRE_BYTES(serialize(ok, true), hex("fe 00 00 02 00 01 00"));
        ok_packet back;
        REQUIRE_FALSE(deserialize(serialize(ok, true), back));
        CHECK(back == ok);
    }
    ok_packet back;
    CHECK(deserialize(hex("ff 00 00 02 00 00 00"), back) == make_error_code(errc::protocol_value_error));
}

TEST_CASE("protocol: ERR packet", "[protocol][response]") {
    const qproxy::sql_error e{1045, "28000", "Access denied for user 'x'@'localhost' (using password: YES)"};
    const err_packet err = err_packet::from(e);
    CHECK(err == from(e));
    const auto wire = serialize(err);
    QPROXY_REQUIRE_BYTES(wire, concat(hex("ff 15 04 23 32 38 30 30 30"), bytes(e.message)));
    err_packet back;
    REQUIRE_FALSE(deserialize(wire, back));
    CHECK(back == err);
    std::set<std::size_t> valid;
    for (std::size_t n = 9; n < wire.size(); ++n) valid.insert(n);
    require_truncations_fail(
        wire,
        [](std::span<const std::uint8_t> in) {
            err_packet out;
            return deserialize(in, out);
        },
        valid);

    // A bad SQLSTATE never breaks the packet's shape.
    const auto odd = serialize(err_packet{1064, "4200", "x"});
    QPROXY_REQUIRE_BYTES(odd, hex("ff 28 04 23 48 59 30 30 30 78"));
    // qproxy's own "Proxy" state is 5 characters and goes through.
    QPROXY_REQUIRE_BYTES(serialize(err_packet{4005, "Proxy", ""}), hex("ff a5 0f 23 50 72 6f 78 79"));
    CHECK(deserialize(hex("ff 15 04 41 42"), back) == make_error_code(errc::protocol_value_error));
}

TEST_CASE("protocol: EOF packet", "[protocol][response]") {
    const eof_packet eof{1, server_status::autocommit | server_status::more_results_exist};
    const auto wire = serialize(eof);
    QPROXY_REQUIRE_BYTES(wire, hex("fe 01 00 0a 00"));
    eof_packet back;
    REQUIRE_FALSE(deserialize(wire, back));
    CHECK(back == eof);
    auto parse = [](std::span<const std::uint8_t> in) {
        eof_packet out;
        return deserialize(in, out);
    };
    require_truncations_fail(wire, parse);
    require_trailing_rejected(wire, parse);
}

TEST_CASE("protocol: MariaDB progress report", "[protocol][response]") {
    // stage 1 of 3, 42.5 %, state "Fetching chunks".
    QPROXY_REQUIRE_BYTES(serialize_progress(1, 3, 42.5, "Fetching chunks"),
                         concat(hex("ff ff ff 01 01 03 04 a6 00 0f"), bytes("Fetching chunks")));
    // Clamped to 0..100 % (100000 = 0x0186a0).
    QPROXY_REQUIRE_BYTES(serialize_progress(2, 2, 250.0, ""), hex("ff ff ff 01 02 02 a0 86 01 00"));
    QPROXY_REQUIRE_BYTES(serialize_progress(0, 1, -3.0, ""), hex("ff ff ff 01 00 01 00 00 00 00"));
    QPROXY_REQUIRE_BYTES(serialize_progress(0, 1, std::nan(""), ""), hex("ff ff ff 01 00 01 00 00 00 00"));
}

TEST_CASE("protocol: LOCAL INFILE request", "[protocol][response]") {
    QPROXY_REQUIRE_BYTES(serialize(local_infile_request{"Object.csv"}), concat(hex("fb"), bytes("Object.csv")));
    QPROXY_REQUIRE_BYTES(serialize(local_infile_request{""}), hex("fb"));
}
