#include "proxy/protocol/binary_row.hpp"
#include "proxy/protocol/binary_value.hpp"

#include "test_protocol_util.hpp"

using namespace qproxy;
using namespace qproxy::protocol;
using namespace qproxy::protocol::test;

namespace {

column_meta col(field_type t, bool is_unsigned = false) {
    column_meta c;
    c.type = t;
    if (is_unsigned) c.flags |= column_flag::unsigned_;
    return c;
}

// The binary encoding of one value of one type, from its text.
std::vector<std::uint8_t> encode(field_type t, bool is_unsigned, std::string_view text) {
    writer w;
    const auto ec = write_binary_value(w, t, is_unsigned, text);
    INFO(text);
    REQUIRE_FALSE(ec);
    return w.take();
}

std::string decode(field_type t, bool is_unsigned, const std::vector<std::uint8_t>& bytes) {
    reader r(bytes);
    std::string text;
    REQUIRE_FALSE(read_binary_value(r, t, is_unsigned, text));
    CHECK(r.empty());
    return text;
}

struct value_case {
    field_type type;
    bool is_unsigned;
    const char* text;
    const char* wire;
    const char* canonical;  // nullptr: same as text
};

const value_case value_cases[] = {
    {field_type::tiny, false, "-5", "fb", nullptr},
    {field_type::tiny, false, "127", "7f", nullptr},
    {field_type::tiny, true, "255", "ff", nullptr},
    {field_type::short_, false, "-2", "fe ff", nullptr},
    {field_type::short_, true, "65535", "ff ff", nullptr},
    {field_type::year, true, "2024", "e8 07", nullptr},
    {field_type::year, false, "0", "00 00", nullptr},
    {field_type::long_, false, "-123456", "c0 1d fe ff", nullptr},
    {field_type::long_, true, "4294967295", "ff ff ff ff", nullptr},
    {field_type::int24, false, "8388607", "ff ff 7f 00", nullptr},
    {field_type::int24, false, "-8388608", "00 00 80 ff", nullptr},
    {field_type::longlong, true, "18446744073709551615", "ff ff ff ff ff ff ff ff", nullptr},
    {field_type::longlong, false, "-9223372036854775808", "00 00 00 00 00 00 00 80", nullptr},
    {field_type::longlong, false, "42", "2a 00 00 00 00 00 00 00", nullptr},
    {field_type::float_, false, "1.5", "00 00 c0 3f", nullptr},
    {field_type::float_, false, "0.1", "cd cc cc 3d", nullptr},
    {field_type::double_, false, "3.141592653589793", "18 2d 44 54 fb 21 09 40", nullptr},
    {field_type::double_, false, "-0.1", "9a 99 99 99 99 99 b9 bf", nullptr},
    {field_type::double_, false, "1e+300", "9c 75 00 88 3c e4 37 7e", nullptr},
    {field_type::double_, false, "1.0E+20", "40 8c b5 78 1d af 15 44", "1e+20"},
    {field_type::date, false, "2024-02-29", "04 e8 07 02 1d", nullptr},
    {field_type::date, false, "0000-00-00", "00", nullptr},
    {field_type::datetime, false, "2024-02-29 13:14:15.123456", "0b e8 07 02 1d 0d 0e 0f 40 e2 01 00", nullptr},
    {field_type::datetime, false, "2024-02-29 13:14:15", "07 e8 07 02 1d 0d 0e 0f", nullptr},
    {field_type::datetime, false, "2024-02-29 00:00:00", "04 e8 07 02 1d", nullptr},
    {field_type::datetime, false, "2024-02-29", "04 e8 07 02 1d", "2024-02-29 00:00:00"},
    {field_type::datetime, false, "0000-00-00 00:00:00", "00", nullptr},
    {field_type::timestamp, false, "2001-01-02 03:04:05.5", "0b d1 07 01 02 03 04 05 20 a1 07 00",
     "2001-01-02 03:04:05.500000"},
    {field_type::time, false, "-838:59:59", "08 01 22 00 00 00 16 3b 3b", nullptr},
    {field_type::time, false, "00:00:00", "00", nullptr},
    {field_type::time, false, "01:02:03.000004", "0c 00 00 00 00 00 01 02 03 04 00 00 00", nullptr},
    {field_type::time, false, "24:00:00", "08 00 01 00 00 00 00 00 00", nullptr},
    {field_type::time, false, "5:06:07", "08 00 00 00 00 00 05 06 07", "05:06:07"},
    {field_type::newdecimal, false, "123.45", "06 31 32 33 2e 34 35", nullptr},
    {field_type::decimal, false, "-0.5", "04 2d 30 2e 35", nullptr},
    {field_type::var_string, false, "abc", "03 61 62 63", nullptr},
    {field_type::varchar, false, "", "00", nullptr},
    {field_type::string, false, "x", "01 78", nullptr},
    {field_type::blob, false, "\xff\x27", "02 ff 27", nullptr},
    {field_type::tiny_blob, false, "t", "01 74", nullptr},
    {field_type::medium_blob, false, "m", "01 6d", nullptr},
    {field_type::long_blob, false, "l", "01 6c", nullptr},
    {field_type::json, false, "{\"a\":1}", "07 7b 22 61 22 3a 31 7d", nullptr},
    {field_type::bit, false, "\x01", "01 01", nullptr},
    {field_type::enum_, false, "red", "03 72 65 64", nullptr},
    {field_type::set, false, "a,b", "03 61 2c 62", nullptr},
    {field_type::geometry, false, "g", "01 67", nullptr},
};

}  // namespace

TEST_CASE("protocol: binary values of every type family", "[protocol][binary]") {
    for (const auto& c : value_cases) {
        INFO("type " << int(c.type) << " text '" << c.text << "'");
        const auto wire = encode(c.type, c.is_unsigned, c.text);
        QPROXY_REQUIRE_BYTES(wire, hex(c.wire));
        CHECK(decode(c.type, c.is_unsigned, wire) == (c.canonical ? c.canonical : c.text));
        // Every truncated value fails to decode.
        require_truncations_fail(wire, [&](std::span<const std::uint8_t> in) {
            reader r(in);
            std::string t;
            return read_binary_value(r, c.type, c.is_unsigned, t);
        });
    }
}

TEST_CASE("protocol: text that does not parse for its type is refused", "[protocol][binary]") {
    const value_case bad[] = {
        {field_type::tiny, false, "128", "", nullptr},
        {field_type::tiny, true, "-1", "", nullptr},
        {field_type::tiny, true, "256", "", nullptr},
        {field_type::short_, false, "40000", "", nullptr},
        {field_type::long_, false, "abc", "", nullptr},
        {field_type::long_, false, "1.0", "", nullptr},
        {field_type::long_, false, "", "", nullptr},
        {field_type::long_, false, " 1", "", nullptr},
        {field_type::longlong, false, "9223372036854775808", "", nullptr},
        {field_type::longlong, true, "18446744073709551616", "", nullptr},
        {field_type::double_, false, "1.5x", "", nullptr},
        {field_type::float_, false, "", "", nullptr},
        {field_type::date, false, "2024-13-01", "", nullptr},
        {field_type::date, false, "2024-02-30x", "", nullptr},
        {field_type::date, false, "24-02-29", "", nullptr},
        {field_type::datetime, false, "2024-02-29T10:00:00", "", nullptr},
        {field_type::datetime, false, "2024-02-29 24:00:00", "", nullptr},
        {field_type::datetime, false, "2024-02-29 10:00:00.", "", nullptr},
        {field_type::datetime, false, "2024-02-29 10:00:00.1234567", "", nullptr},
        {field_type::time, false, "12:60:00", "", nullptr},
        {field_type::time, false, ":00:00", "", nullptr},
        {field_type::time, false, "12:00", "", nullptr},
        {field_type::time, false, "-", "", nullptr},
    };
    for (const auto& c : bad) {
        INFO("type " << int(c.type) << " text '" << c.text << "'");
        writer w;
        CHECK(write_binary_value(w, c.type, c.is_unsigned, c.text) == make_error_code(errc::bad_value));
        CHECK(w.size() == 0);
    }
    writer w;
    CHECK(write_binary_value(w, field_type::null, false, "x") == make_error_code(errc::protocol_value_error));
    CHECK(write_binary_value(w, static_cast<field_type>(0x0e), false, "x") ==
          make_error_code(errc::protocol_value_error));
}

TEST_CASE("protocol: malformed binary temporal values are refused", "[protocol][binary]") {
    std::string t;
    for (const char* wire : {"05 e8 07 02 1d 00", "0b e8 07 02 1d 0d 0e 0f 40 42 0f 00"}) {  // bad length; 1000000 µs
        const auto b = hex(wire);
        reader r(b);
        CHECK(read_binary_value(r, field_type::datetime, false, t) == make_error_code(errc::protocol_value_error));
    }
    {
        const auto negative_zero = hex("08 01 00 00 00 00 00 00 00");
        reader r(negative_zero);
        REQUIRE_FALSE(read_binary_value(r, field_type::time, false, t));
        CHECK(t == "00:00:00");
    }
    for (const char* wire : {"07 00 00 00 00 00 01 02", "08 02 00 00 00 00 01 02 03"}) {  // bad length; sign 2
        const auto b = hex(wire);
        reader r(b);
        CHECK(read_binary_value(r, field_type::time, false, t) == make_error_code(errc::protocol_value_error));
    }
}

TEST_CASE("protocol: binary rows", "[protocol][binary]") {
    const std::vector<column_meta> cols = {
        col(field_type::longlong), col(field_type::var_string), col(field_type::double_),
        col(field_type::datetime), col(field_type::tiny, true),  col(field_type::time),
        col(field_type::newdecimal), col(field_type::null),      col(field_type::date),
    };
    const row values = {"-1", "abc", std::nullopt, "2024-02-29 13:14:15", "200", "-01:00:00", std::nullopt,
                        std::nullopt, "1999-12-31"};
    std::vector<std::uint8_t> out{0xaa};  // appends
    REQUIRE_FALSE(serialize_binary_row(cols, values, out));
    // NULL bitmap (offset 2): columns 2, 6, 7 -> bits 4, 8, 9 -> 10 03.
    const auto expected = hex(
        "aa | 00 | 10 03 | ff ff ff ff ff ff ff ff | 03 61 62 63 | 07 e8 07 02 1d 0d 0e 0f | c8 |"
        "08 01 00 00 00 00 01 00 00 | 04 cf 07 0c 1f");
    QPROXY_REQUIRE_BYTES(out, expected);

    const std::vector<std::uint8_t> wire(out.begin() + 1, out.end());
    row back;
    REQUIRE_FALSE(deserialize_binary_row(wire, cols, back));
    CHECK(back == values);
    auto parse = [&](std::span<const std::uint8_t> in) {
        row r;
        return deserialize_binary_row(in, cols, r);
    };
    require_truncations_fail(wire, parse);
    require_trailing_rejected(wire, parse);

    SECTION("the bitmap grows at 7 columns") {
        CHECK(binary_row_bitmap_size(0) == 1);
        CHECK(binary_row_bitmap_size(6) == 1);
        CHECK(binary_row_bitmap_size(7) == 2);
        CHECK(binary_row_bitmap_size(14) == 2);
        CHECK(binary_row_bitmap_size(15) == 3);
        std::vector<std::uint8_t> empty_row;
        REQUIRE_FALSE(serialize_binary_row({}, {}, empty_row));
        CHECK(empty_row == hex("00 00"));
    }
    SECTION("errors leave the output as it was") {
        std::vector<std::uint8_t> o{0x01, 0x02};
        row bad = values;
        bad[4].emplace("300");  // out of range for TINYINT UNSIGNED
        CHECK(serialize_binary_row(cols, bad, o) == make_error_code(errc::bad_value));
        CHECK(o == hex("01 02"));
        bad = values;
        bad[7].emplace("x");  // a value in a NULL-typed column
        CHECK(serialize_binary_row(cols, bad, o) == make_error_code(errc::protocol_value_error));
        CHECK(o == hex("01 02"));
        bad.pop_back();
        CHECK(serialize_binary_row(cols, bad, o) == make_error_code(errc::protocol_value_error));
        CHECK(o == hex("01 02"));
    }
}
