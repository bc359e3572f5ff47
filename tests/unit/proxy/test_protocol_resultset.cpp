#include "proxy/protocol/resultset.hpp"

#include "test_protocol_util.hpp"

using namespace qproxy;
using namespace qproxy::protocol;
using namespace qproxy::protocol::test;

namespace {

column_meta object_id() {
    column_meta c;
    c.db = "qcase02";
    c.table = "Object";
    c.org_table = "Object";
    c.name = "objectId";
    c.org_name = "objectId";
    c.charset = charset::binary;
    c.length = 20;
    c.type = field_type::longlong;
    c.flags = column_flag::not_null | column_flag::pri_key | column_flag::num;
    c.decimals = 0;
    return c;
}

const char* const object_id_definition =
    "03 64 65 66 | 07 71 63 61 73 65 30 32 | 06 4f 62 6a 65 63 74 | 06 4f 62 6a 65 63 74 |"
    "08 6f 62 6a 65 63 74 49 64 | 08 6f 62 6a 65 63 74 49 64 | 0c | 3f 00 | 14 00 00 00 | 08 | 03 80 | 00 | 00 00";

}  // namespace

TEST_CASE("protocol: column count", "[protocol][resultset]") {
    QPROXY_REQUIRE_BYTES(serialize_column_count(3), hex("03"));
    QPROXY_REQUIRE_BYTES(serialize_column_count(300), hex("fc 2c 01"));
}

TEST_CASE("protocol: ColumnDefinition41", "[protocol][resultset]") {
    const auto wire = serialize_column_definition(object_id());
    QPROXY_REQUIRE_BYTES(wire, hex(object_id_definition));
    column_meta back;
    REQUIRE_FALSE(deserialize_column_definition(wire, back));
    CHECK(back == object_id());
    auto parse = [](std::span<const std::uint8_t> in) {
        column_meta out;
        return deserialize_column_definition(in, out);
    };
    require_truncations_fail(wire, parse);
    require_trailing_rejected(wire, parse);

    // A text column with the helper from parser/types.hpp.
    const auto text = text_column("name", 64);
    column_meta text_back;
    REQUIRE_FALSE(deserialize_column_definition(serialize_column_definition(text), text_back));
    CHECK(text_back == text);

    // Wrong catalog or fixed-length marker.
    auto bad = wire;
    bad[1] = 'x';
    CHECK(parse(bad) == make_error_code(errc::protocol_value_error));
}

TEST_CASE("protocol: COM_FIELD_LIST column definitions carry a default value", "[protocol][resultset]") {
    const auto with_null = serialize_column_definition(object_id(), true);
    QPROXY_REQUIRE_BYTES(with_null, concat(hex(object_id_definition), hex("fb")));
    const auto with_value = serialize_column_definition(object_id(), true, std::string_view("42"));
    QPROXY_REQUIRE_BYTES(with_value, concat(hex(object_id_definition), hex("02 34 32")));

    column_meta back;
    std::optional<std::string> def = "x";
    REQUIRE_FALSE(deserialize_field_list_column(with_null, back, def));
    CHECK(back == object_id());
    CHECK_FALSE(def);
    REQUIRE_FALSE(deserialize_field_list_column(with_value, back, def));
    CHECK(def == "42");
    auto parse = [](std::span<const std::uint8_t> in) {
        column_meta out;
        std::optional<std::string> d;
        return deserialize_field_list_column(in, out, d);
    };
    require_truncations_fail(with_value, parse);
    require_trailing_rejected(with_value, parse);
}

TEST_CASE("protocol: text rows", "[protocol][resultset]") {
    const row r{"1", std::nullopt, "", "h\xc3\xa9llo", std::string(251, 'x')};
    const auto wire = serialize_text_row(r);
    QPROXY_REQUIRE_BYTES(wire, concat(hex("01 31 | fb | 00 | 06 68 c3 a9 6c 6c 6f | fc fb 00"), bytes(std::string(251, 'x'))));
    row back;
    REQUIRE_FALSE(deserialize_text_row(wire, r.size(), back));
    CHECK(back == r);
    auto parse = [&](std::span<const std::uint8_t> in) {
        row out;
        return deserialize_text_row(in, r.size(), out);
    };
    require_truncations_fail(wire, parse);
    require_trailing_rejected(wire, parse);
    // A row may not claim more columns than it has.
    CHECK(deserialize_text_row(wire, r.size() + 1, back) == make_error_code(errc::incomplete_message));
}
