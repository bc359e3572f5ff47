#include "proxy/protocol/commands.hpp"

#include "test_protocol_util.hpp"

using namespace qproxy::protocol;
using namespace qproxy::protocol::test;

TEST_CASE("protocol: COM_FIELD_LIST", "[protocol][commands]") {
    // As libmariadb's mysql_list_fields(m, "Object", "ra%") sends it.
    const auto wire = hex("04 4f 62 6a 65 63 74 00 72 61 25");
    field_list_request req;
    REQUIRE_FALSE(deserialize(wire, req));
    CHECK(req.table == "Object");
    CHECK(req.wildcard == "ra%");
    std::set<std::size_t> valid;
    for (std::size_t n = 8; n < wire.size(); ++n) valid.insert(n);  // wildcard is string<EOF>
    require_truncations_fail(
        wire,
        [](std::span<const std::uint8_t> in) {
            field_list_request out;
            return deserialize(in, out);
        },
        valid);
    REQUIRE_FALSE(deserialize(hex("04 74 00"), req));
    CHECK(req.wildcard.empty());
}

TEST_CASE("protocol: COM_SET_OPTION and COM_PROCESS_KILL", "[protocol][commands]") {
    const auto opt = hex("1b 01 00");
    set_option so;
    REQUIRE_FALSE(deserialize(opt, so));
    CHECK(so.option == set_option_value::multi_statements_off);
    auto parse_opt = [](std::span<const std::uint8_t> in) {
        set_option out;
        return deserialize(in, out);
    };
    require_truncations_fail(opt, parse_opt);
    require_trailing_rejected(opt, parse_opt);

    const auto kill = hex("0c 2a 01 00 00");
    process_kill pk;
    REQUIRE_FALSE(deserialize(kill, pk));
    CHECK(pk.connection_id == 298);
    auto parse_kill = [](std::span<const std::uint8_t> in) {
        process_kill out;
        return deserialize(in, out);
    };
    require_truncations_fail(kill, parse_kill);
    require_trailing_rejected(kill, parse_kill);
    CHECK(deserialize(opt, pk) == make_error_code(errc::unexpected_command));
}

TEST_CASE("protocol: text commands", "[protocol][commands]") {
    std::string_view text;  // views the payload, which must outlive it
    const auto query = hex("03 73 65 6c 65 63 74 20 31");
    REQUIRE_FALSE(deserialize_text_command(query, command::query, text));
    CHECK(text == "select 1");
    REQUIRE_FALSE(deserialize_text_command(hex("02"), command::init_db, text));
    CHECK(text.empty());
    CHECK(deserialize_text_command({}, command::query, text) == make_error_code(errc::incomplete_message));
    CHECK(deserialize_text_command(hex("16 78"), command::query, text) == make_error_code(errc::unexpected_command));
}
