#include "proxy/protocol/buffer.hpp"
#include "proxy/protocol/errc.hpp"

#include "test_protocol_util.hpp"

#include <limits>

using namespace qproxy::protocol;
using namespace qproxy::protocol::test;

namespace {

std::vector<std::uint8_t> lenenc(std::uint64_t v) {
    writer w;
    w.put_lenenc_int(v);
    return w.take();
}

}  // namespace

TEST_CASE("protocol: lenenc integers are byte-exact at every boundary", "[protocol][buffer]") {
    struct vec {
        std::uint64_t value;
        const char* bytes;
    };
    const vec cases[] = {
        {0, "00"},
        {250, "fa"},
        {251, "fc fb 00"},
        {0xffff, "fc ff ff"},
        {0x10000, "fd 00 00 01"},
        {0xffffff, "fd ff ff ff"},
        {0x1000000, "fe 00 00 00 01 00 00 00 00"},
        {std::numeric_limits<std::uint64_t>::max(), "fe ff ff ff ff ff ff ff ff"},
    };
    for (const auto& c : cases) {
        INFO("value " << c.value);
        const auto expected = hex(c.bytes);
        QPROXY_REQUIRE_BYTES(lenenc(c.value), expected);
        CHECK(writer::lenenc_int_size(c.value) == expected.size());

        reader r(expected);
        std::uint64_t v = 0;
        REQUIRE_FALSE(r.get_lenenc_int(v));
        CHECK(v == c.value);
        CHECK(r.empty());

        require_truncations_fail(expected, [](std::span<const std::uint8_t> in) {
            reader rr(in);
            std::uint64_t x = 0;
            return rr.get_lenenc_int(x);
        });
    }
}

TEST_CASE("protocol: 0xfb and 0xff are not lenenc integers", "[protocol][buffer]") {
    for (const std::uint8_t b : {std::uint8_t{0xfb}, std::uint8_t{0xff}}) {
        const std::vector<std::uint8_t> in{b, 1, 2, 3, 4, 5, 6, 7, 8};
        reader r(in);
        std::uint64_t v = 0;
        CHECK(r.get_lenenc_int(v) == make_error_code(errc::bad_lenenc));
        CHECK(r.position() == 0);
    }
    // ... but 0xfb is NULL where a nullable string is expected.
    const auto in = hex("fb 03 61 62 63");
    reader r(in);
    std::optional<std::string_view> s = "x";
    REQUIRE_FALSE(r.get_lenenc_string_or_null(s));
    CHECK_FALSE(s);
    REQUIRE_FALSE(r.get_lenenc_string_or_null(s));
    CHECK(s == "abc");
    CHECK(r.empty());
}

TEST_CASE("protocol: fixed-width integers are little-endian", "[protocol][buffer]") {
    writer w;
    w.put_u8(0x01);
    w.put_u16(0x0302);
    w.put_u24(0x060504);
    w.put_u32(0x0a090807);
    w.put_u64(0x1211100f0e0d0c0bULL);
    const auto expected = hex("01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12");
    QPROXY_REQUIRE_BYTES(w.buffer(), expected);

    reader r(expected);
    std::uint8_t a = 0;
    std::uint16_t b = 0;
    std::uint32_t c = 0, d = 0;
    std::uint64_t e = 0;
    REQUIRE_FALSE(r.get_u8(a));
    REQUIRE_FALSE(r.get_u16(b));
    REQUIRE_FALSE(r.get_u24(c));
    REQUIRE_FALSE(r.get_u32(d));
    REQUIRE_FALSE(r.get_u64(e));
    CHECK(a == 0x01);
    CHECK(b == 0x0302);
    CHECK(c == 0x060504);
    CHECK(d == 0x0a090807);
    CHECK(e == 0x1211100f0e0d0c0bULL);
    CHECK(r.empty());
    CHECK_FALSE(r.check_finished());
}

TEST_CASE("protocol: strings", "[protocol][buffer]") {
    writer w;
    w.put_lenenc_string(std::string_view("abc"));
    w.put_null_string("de");
    w.put_fixed_string("fg");
    w.put_zeros(2);
    w.put_lenenc_null();
    w.put_bytes(std::string_view("tail"));
    const auto expected = hex("03 61 62 63 | 64 65 00 | 66 67 | 00 00 | fb | 74 61 69 6c");
    QPROXY_REQUIRE_BYTES(w.buffer(), expected);

    reader r(expected);
    std::string_view s1, s2, s3;
    std::optional<std::string_view> n;
    REQUIRE_FALSE(r.get_lenenc_string(s1));
    REQUIRE_FALSE(r.get_null_string(s2));
    REQUIRE_FALSE(r.get_fixed_string(2, s3));
    REQUIRE_FALSE(r.skip(2));
    REQUIRE_FALSE(r.get_lenenc_string_or_null(n));
    CHECK(s1 == "abc");
    CHECK(s2 == "de");
    CHECK(s3 == "fg");
    CHECK_FALSE(n);
    CHECK(r.check_finished() == make_error_code(errc::extra_bytes));
    CHECK(r.get_eof_string() == "tail");
    CHECK(r.empty());
    CHECK(r.get_eof_string().empty());
}

TEST_CASE("protocol: a failed read consumes nothing and never reads past the end", "[protocol][buffer]") {
    const auto in = hex("05 61 62");  // lenenc string announcing 5 bytes, 2 present
    reader r(in);
    std::string_view s;
    CHECK(r.get_lenenc_string(s) == make_error_code(errc::incomplete_message));
    CHECK(r.position() == 0);
    std::uint32_t v = 0;
    CHECK(r.get_u32(v) == make_error_code(errc::incomplete_message));
    CHECK(r.position() == 0);
    CHECK(r.get_null_string(s) == make_error_code(errc::incomplete_message));  // no NUL
    CHECK(r.position() == 0);
    CHECK(r.skip(4) == make_error_code(errc::incomplete_message));
    std::span<const std::uint8_t> f;
    CHECK(r.get_fixed(4, f) == make_error_code(errc::incomplete_message));
    CHECK(r.remaining() == 3);

    // A huge announced length must not overflow the bounds check.
    const auto huge = hex("fe ff ff ff ff ff ff ff ff 00");
    reader r2(huge);
    CHECK(r2.get_lenenc_string(s) == make_error_code(errc::incomplete_message));
    CHECK(r2.position() == 0);
}

TEST_CASE("protocol: writer on a lent buffer appends", "[protocol][buffer]") {
    std::vector<std::uint8_t> out{0xaa};
    writer w(out);
    w.put_u16(0x0102);
    CHECK(out == hex("aa 02 01"));
    CHECK(w.size() == 3);
}

TEST_CASE("protocol: error category", "[protocol][buffer]") {
    const error_code ec = errc::packet_too_large;
    CHECK(std::string(ec.category().name()) == "qproxy.protocol");
    CHECK_FALSE(ec.message().empty());
    CHECK(is_need_more(make_error_code(errc::need_more)));
    CHECK_FALSE(is_need_more(ec));
    for (int i = 1; i <= static_cast<int>(errc::attributes_too_large); ++i) {
        CHECK(make_error_code(static_cast<errc>(i)).message() != "unknown protocol error");
    }
}
