#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/statement.hpp"

#include "test_protocol_util.hpp"

using namespace qproxy;
using namespace qproxy::protocol;
using namespace qproxy::protocol::test;

namespace {

// COM_STMT_EXECUTE captured from libmariadb 3.3 for
// "select ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?" with 15 bound parameters:
// TINY -5, SHORT UNSIGNED 65535, LONG -123456, LONGLONG UNSIGNED 2^64-1,
// FLOAT 1.5, DOUBLE pi, STRING "it's", BLOB 00 ff 27 5c, NULL type,
// DATE 2024-02-29, DATETIME 2024-02-29 13:14:15.123456, TIME -838:59:59,
// TIMESTAMP 2001-01-02 03:04:05, NEWDECIMAL "123.45", LONG NULL.
const char* const libmariadb_execute =
    "17 | 01 00 00 00 | 00 | 01 00 00 00 | 00 41 | 01 |"
    "01 00 02 80 03 00 08 80 04 00 05 00 fe 00 fc 00 06 00 0a 00 0c 00 0b 00 07 00 f6 00 03 00 |"
    "fb | ff ff | c0 1d fe ff | ff ff ff ff ff ff ff ff | 00 00 c0 3f | 18 2d 44 54 fb 21 09 40 |"
    "04 69 74 27 73 | 04 00 ff 27 5c | 04 e8 07 02 1d | 0b e8 07 02 1d 0d 0e 0f 40 e2 01 00 |"
    "08 01 00 00 00 00 46 3b 3b | 07 d1 07 01 02 03 04 05 | 06 31 32 33 2e 34 35";

// The second execute of the same statement: types not resent, TINY now 7.
const char* const libmariadb_execute_again =
    "17 | 01 00 00 00 | 00 | 01 00 00 00 | 00 41 | 00 |"
    "07 | ff ff | c0 1d fe ff | ff ff ff ff ff ff ff ff | 00 00 c0 3f | 18 2d 44 54 fb 21 09 40 |"
    "04 69 74 27 73 | 04 00 ff 27 5c | 04 e8 07 02 1d | 0b e8 07 02 1d 0d 0e 0f 40 e2 01 00 |"
    "08 01 00 00 00 00 46 3b 3b | 07 d1 07 01 02 03 04 05 | 06 31 32 33 2e 34 35";

param_value value(field_type t, bool u, std::optional<std::string> text) {
    param_value p;
    p.type = t;
    p.is_unsigned = u;
    p.is_null = !text;
    p.text = text.value_or("");
    return p;
}

const std::vector<param_value> expected_params = {
    value(field_type::tiny, false, "-5"),
    value(field_type::short_, true, "65535"),
    value(field_type::long_, false, "-123456"),
    value(field_type::longlong, true, "18446744073709551615"),
    value(field_type::float_, false, "1.5"),
    value(field_type::double_, false, "3.141592653589793"),
    value(field_type::string, false, "it's"),
    value(field_type::blob, false, std::string("\x00\xff\x27\x5c", 4)),
    value(field_type::null, false, std::nullopt),
    value(field_type::date, false, "2024-02-29"),
    value(field_type::datetime, false, "2024-02-29 13:14:15.123456"),
    // libmariadb stores MYSQL_TIME::hour (838) in the one-byte hour field
    // unfolded, so it arrives as 838 mod 256 = 70 hours with 0 days.
    value(field_type::time, false, "-70:59:59"),
    value(field_type::timestamp, false, "2001-01-02 03:04:05"),
    value(field_type::newdecimal, false, "123.45"),
    value(field_type::long_, false, std::nullopt),
};

}  // namespace

TEST_CASE("protocol: COM_STMT_PREPARE OK", "[protocol][statement]") {
    const stmt_prepare_ok ok{1, 2, 3, 4};
    const auto wire = serialize(ok);
    QPROXY_REQUIRE_BYTES(wire, hex("00 01 00 00 00 02 00 03 00 00 04 00"));
    stmt_prepare_ok back;
    REQUIRE_FALSE(deserialize(wire, back));
    CHECK(back == ok);
    auto parse = [](std::span<const std::uint8_t> in) {
        stmt_prepare_ok out;
        return deserialize(in, out);
    };
    require_truncations_fail(wire, parse);
    require_trailing_rejected(wire, parse);
}

TEST_CASE("protocol: libmariadb's COM_STMT_EXECUTE with every parameter family", "[protocol][statement]") {
    const auto wire = hex(libmariadb_execute);
    std::uint32_t id = 0;
    REQUIRE_FALSE(peek_statement_id(wire, id));
    CHECK(id == 1);

    stmt_execute_request req;
    REQUIRE_FALSE(deserialize(wire, req, 15));
    CHECK(req.statement_id == 1);
    CHECK(req.flags == cursor_flag::no_cursor);
    CHECK(req.iteration_count == 1);
    CHECK(req.new_params_bound);
    REQUIRE(req.params.size() == 15);
    for (std::size_t i = 0; i < 15; ++i) {
        INFO("param " << i);
        CHECK(req.params[i] == expected_params[i]);
        CHECK(req.types[i] == param_type{expected_params[i].type, expected_params[i].is_unsigned});
    }
    // Serializing our reading gives back the client's bytes, except TIME,
    // which we fold into days + hours as MySQL does.
    std::vector<std::uint8_t> again;
    REQUIRE_FALSE(serialize(req, again));
    auto expected = wire;
    const auto time_at = wire.size() - 7 - 8 - 9;
    const auto folded = hex("08 01 02 00 00 00 16 3b 3b");  // 70 h = 2 days 22 h
    std::copy(folded.begin(), folded.end(), expected.begin() + static_cast<std::ptrdiff_t>(time_at));
    QPROXY_REQUIRE_BYTES(again, expected);

    auto parse = [](std::span<const std::uint8_t> in) {
        stmt_execute_request out;
        return deserialize(in, out, 15);
    };
    require_truncations_fail(wire, parse);
    require_trailing_rejected(wire, parse);

    SECTION("the next execute reuses the bound types") {
        const auto next = hex(libmariadb_execute_again);
        stmt_execute_request req2;
        REQUIRE_FALSE(deserialize(next, req2, 15, req.types));
        CHECK_FALSE(req2.new_params_bound);
        CHECK(req2.types == req.types);
        CHECK(req2.params[0].text == "7");
        for (std::size_t i = 1; i < 15; ++i) CHECK(req2.params[i] == expected_params[i]);
        // Without the previous types it cannot be read.
        CHECK(deserialize(next, req2, 15) == make_error_code(errc::protocol_value_error));
        require_truncations_fail(next, [&](std::span<const std::uint8_t> in) {
            stmt_execute_request out;
            return deserialize(in, out, 15, req.types);
        });
    }
    SECTION("SQL literals for substitution") {
        const char* const literals[] = {"-5",
                                        "65535",
                                        "-123456",
                                        "18446744073709551615",
                                        "1.5e0",
                                        "3.141592653589793e0",
                                        "'it\\'s'",
                                        "X'00FF275C'",
                                        "NULL",
                                        "DATE'2024-02-29'",
                                        "TIMESTAMP'2024-02-29 13:14:15.123456'",
                                        "TIME'-70:59:59'",
                                        "TIMESTAMP'2001-01-02 03:04:05'",
                                        "123.45",
                                        "NULL"};
        for (std::size_t i = 0; i < 15; ++i) {
            INFO("param " << i);
            CHECK(param_to_sql_literal(req.params[i]) == literals[i]);
        }
    }
}

TEST_CASE("protocol: COM_STMT_EXECUTE round-trips every binary type", "[protocol][statement]") {
    stmt_execute_request req;
    req.statement_id = 9;
    req.new_params_bound = true;
    req.params = {
        value(field_type::tiny, true, "200"),
        value(field_type::short_, false, "-300"),
        value(field_type::year, true, "1999"),
        value(field_type::int24, false, "-70000"),
        value(field_type::long_, true, "4000000000"),
        value(field_type::longlong, false, "-9223372036854775808"),
        value(field_type::float_, false, "0.1"),
        value(field_type::double_, false, "-2.5e-10"),
        value(field_type::decimal, false, "-1.50"),
        value(field_type::newdecimal, false, "99999999999999999999.99"),
        value(field_type::varchar, false, "v"),
        value(field_type::var_string, false, std::string(300, 's')),
        value(field_type::string, false, ""),
        value(field_type::tiny_blob, false, "tb"),
        value(field_type::medium_blob, false, "mb"),
        value(field_type::long_blob, false, "lb"),
        value(field_type::blob, false, "b"),
        value(field_type::json, false, "[1,2]"),
        value(field_type::bit, false, "\x05"),
        value(field_type::enum_, false, "e"),
        value(field_type::set, false, "s1,s2"),
        value(field_type::geometry, false, "geo"),
        value(field_type::date, false, "0000-00-00"),
        value(field_type::datetime, false, "2038-01-19 03:14:07"),
        value(field_type::timestamp, false, "1970-01-01 00:00:01.000001"),
        value(field_type::time, false, "838:59:59.999999"),
        value(field_type::time, false, "00:00:00"),
        value(field_type::longlong, false, std::nullopt),
    };
    for (const auto& p : req.params) req.types.push_back({p.type, p.is_unsigned});
    std::vector<std::uint8_t> wire;
    REQUIRE_FALSE(serialize(req, wire));
    stmt_execute_request back;
    REQUIRE_FALSE(deserialize(wire, back, req.params.size()));
    CHECK(back == req);
    require_truncations_fail(wire, [&](std::span<const std::uint8_t> in) {
        stmt_execute_request out;
        return deserialize(in, out, req.params.size());
    });
}

TEST_CASE("protocol: COM_STMT_EXECUTE edge cases", "[protocol][statement]") {
    stmt_execute_request out;
    SECTION("no parameters") {
        const auto wire = hex("17 05 00 00 00 00 01 00 00 00");
        REQUIRE_FALSE(deserialize(wire, out, 0));
        CHECK(out.statement_id == 5);
        CHECK(out.params.empty());
        CHECK(deserialize(concat(wire, hex("00")), out, 0) == make_error_code(errc::extra_bytes));
        // MySQL 8's PARAMETER_COUNT_AVAILABLE flag is ignored (never negotiated).
        REQUIRE_FALSE(deserialize(hex("17 05 00 00 00 08 01 00 00 00"), out, 0));
        CHECK(out.flags == cursor_flag::parameter_count_available);
    }
    SECTION("long data parameters have no value bytes and ignore their NULL bit") {
        // Two params: STRING supplied by long data, LONG 5.
        const auto wire = hex("17 01 00 00 00 00 01 00 00 00 | 00 | 01 | fe 00 03 00 | 05 00 00 00");
        REQUIRE_FALSE(deserialize(wire, out, 2, {}, {true, false}));
        CHECK(out.params[0].long_data);
        CHECK_FALSE(out.params[0].is_null);
        CHECK(out.params[0].text.empty());
        CHECK(out.params[1].text == "5");
        out.params[0].text = "from long data";
        CHECK(param_to_sql_literal(out.params[0]) == "'from long data'");
        // Without the long-data mark the value list is read wrongly and runs short.
        CHECK(deserialize(wire, out, 2) == make_error_code(errc::incomplete_message));
        // The NULL bit of a long-data parameter does not matter.
        auto null_bit = wire;
        null_bit[10] = 0x01;
        REQUIRE_FALSE(deserialize(null_bit, out, 2, {}, {true, false}));
        CHECK(out.params[0].long_data);
        CHECK_FALSE(out.params[0].is_null);
    }
    SECTION("unknown type codes and bad flags are refused") {
        CHECK(deserialize(hex("17 01 00 00 00 00 01 00 00 00 | 00 | 01 | 0e 00 | 00"), out, 1) ==
              make_error_code(errc::protocol_value_error));
        CHECK(deserialize(hex("17 01 00 00 00 00 01 00 00 00 | 00 | 02 | 03 00 | 00 00 00 00"), out, 1) ==
              make_error_code(errc::protocol_value_error));
        CHECK(deserialize(hex("17 01 00 00 00 00 01 00 00 00 | 00 | 01 | 0a 00 | 05 e8 07 02 1d 00"), out, 1) ==
              make_error_code(errc::protocol_value_error));
        CHECK(deserialize(hex("03 01 00 00 00 00 01 00 00 00"), out, 0) == make_error_code(errc::unexpected_command));
    }
}

TEST_CASE("protocol: SQL literals", "[protocol][statement]") {
    auto lit = [](field_type t, std::string text) { return param_to_sql_literal(value(t, false, std::move(text))); };
    CHECK(lit(field_type::var_string, std::string("a\\b'c\0d\ne\rf\x1ag\th\"i", 17)) ==
          "'a\\\\b\\'c\\0d\\ne\\rf\\Zg\th\"i'");
    CHECK(lit(field_type::blob, std::string("a\0b", 3)) == "X'610062'");  // binary-looking blob
    CHECK(lit(field_type::blob, "plain\ttext\n") == "'plain\ttext\\n'");
    CHECK(lit(field_type::var_string, "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80") ==
          "'h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80'");
    CHECK(lit(field_type::blob, "\xc3\x28") == "X'C328'");            // invalid UTF-8
    CHECK(lit(field_type::var_string, "\xc0\x80") == "X'C080'");      // overlong NUL
    CHECK(lit(field_type::var_string, "\xed\xa0\x80") == "X'EDA080'");  // surrogate
    CHECK(lit(field_type::var_string, "\xe2\x82") == "X'E282'");      // truncated sequence
    CHECK(lit(field_type::var_string, "\x01") == "'\x01'");  // valid UTF-8 text stays text
    CHECK(lit(field_type::var_string, "") == "''");
    CHECK(lit(field_type::double_, "1e+20") == "1e+20");
    CHECK(lit(field_type::double_, "-2.5e-10") == "-2.5e-10");
    CHECK(lit(field_type::double_, "inf") == "'inf'");
    CHECK(lit(field_type::float_, "nan") == "'nan'");
    CHECK(lit(field_type::newdecimal, "-0.50") == "-0.50");
    CHECK(lit(field_type::newdecimal, "1; DROP") == "'1; DROP'");
    CHECK(lit(field_type::longlong, "12 OR 1") == "'12 OR 1'");
    CHECK(lit(field_type::year, "2024") == "2024");
    CHECK(lit(field_type::time, "-01:00:00") == "TIME'-01:00:00'");
    CHECK(lit(field_type::double_, "2.25") == "2.25e0");  // stays a DOUBLE, not a DECIMAL
    CHECK(lit(field_type::json, "{\"a\":\"b'c\"}") == "'{\"a\":\"b\\'c\"}'");
    CHECK(lit(field_type::bit, "\x05") == "X'05'");
    CHECK(param_to_sql_literal(value(field_type::long_, false, std::nullopt)) == "NULL");
}

TEST_CASE("protocol: COM_STMT_SEND_LONG_DATA, CLOSE, RESET, FETCH", "[protocol][statement]") {
    const auto long_data = hex("18 07 00 00 00 02 00 61 62 63");
    stmt_send_long_data ld;
    REQUIRE_FALSE(deserialize(long_data, ld));
    CHECK(ld.statement_id == 7);
    CHECK(ld.param_id == 2);
    CHECK(ld.data == "abc");
    require_truncations_fail(
        long_data,
        [](std::span<const std::uint8_t> in) {
            stmt_send_long_data out;
            return deserialize(in, out);
        },
        {7, 8, 9});

    const auto close = hex("19 07 00 00 00");
    stmt_close c;
    REQUIRE_FALSE(deserialize(close, c));
    CHECK(c.statement_id == 7);
    auto parse_close = [](std::span<const std::uint8_t> in) {
        stmt_close out;
        return deserialize(in, out);
    };
    require_truncations_fail(close, parse_close);
    require_trailing_rejected(close, parse_close);

    const auto reset = hex("1a 08 00 00 00");
    stmt_reset r;
    REQUIRE_FALSE(deserialize(reset, r));
    CHECK(r.statement_id == 8);
    CHECK(deserialize(close, r) == make_error_code(errc::unexpected_command));
    auto parse_reset = [](std::span<const std::uint8_t> in) {
        stmt_reset out;
        return deserialize(in, out);
    };
    require_truncations_fail(reset, parse_reset);
    require_trailing_rejected(reset, parse_reset);

    const auto fetch = hex("1c 08 00 00 00 64 00 00 00");
    stmt_fetch f;
    REQUIRE_FALSE(deserialize(fetch, f));
    CHECK(f.statement_id == 8);
    CHECK(f.num_rows == 100);
    auto parse_fetch = [](std::span<const std::uint8_t> in) {
        stmt_fetch out;
        return deserialize(in, out);
    };
    require_truncations_fail(fetch, parse_fetch);
    require_trailing_rejected(fetch, parse_fetch);

    std::uint32_t id = 0;
    CHECK(peek_statement_id(hex("19 07 00 00"), id) == make_error_code(errc::incomplete_message));
}
