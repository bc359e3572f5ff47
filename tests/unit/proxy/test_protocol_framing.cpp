#include "proxy/protocol/framing.hpp"

#include "test_protocol_util.hpp"

#include <numeric>

using namespace qproxy::protocol;
using namespace qproxy::protocol::test;

namespace {

constexpr std::size_t M = max_packet_payload;

std::vector<std::uint8_t> pattern(std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i * 7 + (i >> 16));
    return v;
}

struct physical {
    std::uint32_t size;
    std::uint8_t seq;
};

// Walks the headers of a framed stream.
std::vector<physical> headers_of(const std::vector<std::uint8_t>& stream) {
    std::vector<physical> out;
    std::size_t pos = 0;
    while (pos < stream.size()) {
        REQUIRE(stream.size() - pos >= 4);
        frame_header h;
        REQUIRE_FALSE(deserialize_header(std::span(stream).subspan(pos, 4), h));
        out.push_back({h.size, h.seq});
        pos += 4 + h.size;
    }
    REQUIRE(pos == stream.size());
    return out;
}

}  // namespace

TEST_CASE("protocol: frame header", "[protocol][framing]") {
    const auto bytes = serialize_header({0x123456, 0x07});
    QPROXY_REQUIRE_BYTES(bytes, hex("56 34 12 07"));
    frame_header h;
    REQUIRE_FALSE(deserialize_header(bytes, h));
    CHECK(h == frame_header{0x123456, 7});
    CHECK(deserialize_header(hex("56 34 12"), h) == make_error_code(errc::incomplete_message));
    CHECK(deserialize_header(hex("56 34 12 07 00"), h) == make_error_code(errc::extra_bytes));
    QPROXY_REQUIRE_BYTES(serialize_header({0xffffff, 0xff}), hex("ff ff ff ff"));
}

TEST_CASE("protocol: append_packet splits at 2^24-1 and ends full chunks with an empty packet", "[protocol][framing]") {
    struct expectation {
        std::size_t payload;
        std::vector<std::uint32_t> sizes;
    };
    const expectation cases[] = {
        {0, {0}},
        {1, {1}},
        {M - 1, {static_cast<std::uint32_t>(M - 1)}},
        {M, {static_cast<std::uint32_t>(M), 0}},
        {M + 1, {static_cast<std::uint32_t>(M), 1}},
        {2 * M, {static_cast<std::uint32_t>(M), static_cast<std::uint32_t>(M), 0}},
    };
    for (const auto& c : cases) {
        INFO("payload " << c.payload);
        const auto payload = pattern(c.payload);
        std::vector<std::uint8_t> out{0xee};  // appends after existing bytes
        std::uint8_t seq = 254;               // and wraps the sequence id
        append_packet(out, payload, seq);
        CHECK(seq == static_cast<std::uint8_t>(254 + c.sizes.size()));
        const std::vector<std::uint8_t> stream(out.begin() + 1, out.end());
        const auto hs = headers_of(stream);
        REQUIRE(hs.size() == c.sizes.size());
        for (std::size_t i = 0; i < hs.size(); ++i) {
            CHECK(hs[i].size == c.sizes[i]);
            CHECK(hs[i].seq == static_cast<std::uint8_t>(254 + i));
        }

        // begin_packet/end_packet produce exactly the same bytes in place.
        std::vector<std::uint8_t> inplace{0xee};
        const auto start = begin_packet(inplace);
        inplace.insert(inplace.end(), payload.begin(), payload.end());
        std::uint8_t seq2 = 254;
        end_packet(inplace, start, seq2);
        CHECK(seq2 == seq);
        CHECK((inplace == out));

        // The assembler joins them back.
        packet_assembler a(2 * M + 10);
        a.feed(stream);
        std::vector<std::uint8_t> joined;
        std::uint8_t first = 0;
        REQUIRE_FALSE(a.next(joined, first));
        CHECK(first == 254);
        CHECK(a.last_seq() == static_cast<std::uint8_t>(254 + c.sizes.size() - 1));
        CHECK((joined == payload));
        CHECK(a.buffered() == 0);
        CHECK(a.next(joined, first) == make_error_code(errc::need_more));
    }
}

TEST_CASE("protocol: small packets are byte-exact", "[protocol][framing]") {
    std::vector<std::uint8_t> out;
    std::uint8_t seq = 0;
    append_packet(out, hex("03 73 65 6c"), seq);
    append_packet(out, {}, seq);
    QPROXY_REQUIRE_BYTES(out, hex("04 00 00 00 03 73 65 6c | 00 00 00 01"));
    CHECK(seq == 2);
}

TEST_CASE("protocol: assembler survives every split point of a multi-packet stream", "[protocol][framing]") {
    std::vector<std::uint8_t> stream;
    const std::vector<std::vector<std::uint8_t>> payloads = {hex("0e"), {}, pattern(300), hex("03 53 45 4c 45 43 54")};
    std::uint8_t seq = 0;
    for (const auto& p : payloads) append_packet(stream, p, seq);

    auto drain = [&](packet_assembler& a, std::vector<std::vector<std::uint8_t>>& got) {
        std::vector<std::uint8_t> p;
        std::uint8_t s = 0;
        error_code ec;
        while (!(ec = a.next(p, s))) {
            CHECK(s == got.size());
            got.push_back(p);
        }
        REQUIRE(is_need_more(ec));
    };

    SECTION("one byte at a time") {
        packet_assembler a(1024);
        std::vector<std::vector<std::uint8_t>> got;
        for (const auto b : stream) {
            auto space = a.prepare(1);
            space[0] = b;
            a.commit(1);
            drain(a, got);
        }
        CHECK((got == payloads));
        CHECK(a.buffered() == 0);
    }
    SECTION("two reads split at every point") {
        for (std::size_t k = 0; k <= stream.size(); ++k) {
            INFO("split at " << k);
            packet_assembler a(1024);
            std::vector<std::vector<std::uint8_t>> got;
            a.feed(std::span(stream).first(k));
            drain(a, got);
            a.feed(std::span(stream).subspan(k));
            drain(a, got);
            CHECK((got == payloads));
        }
    }
    SECTION("a prepare larger than the commit") {
        packet_assembler a(1024);
        std::vector<std::vector<std::uint8_t>> got;
        std::size_t pos = 0;
        while (pos < stream.size()) {
            auto space = a.prepare(64);
            const std::size_t n = std::min<std::size_t>(7, stream.size() - pos);
            std::copy_n(stream.begin() + static_cast<std::ptrdiff_t>(pos), n, space.begin());
            a.commit(n);
            pos += n;
            drain(a, got);
        }
        CHECK((got == payloads));
    }
}

TEST_CASE("protocol: assembler joins a continuation fed one byte at a time", "[protocol][framing]") {
    // 0xffffff + 5 bytes: a full packet then a 5-byte continuation, followed by a ping.
    const auto big = pattern(M + 5);
    std::vector<std::uint8_t> stream;
    std::uint8_t seq = 255;  // continuation ids wrap 255 -> 0
    append_packet(stream, big, seq);
    append_packet(stream, hex("0e"), seq);
    packet_assembler a(M + 5);
    std::vector<std::uint8_t> p;
    std::uint8_t s = 0;
    std::vector<std::vector<std::uint8_t>> got;
    bool all_need_more = true;  // one assertion, not 16 million
    for (const auto b : stream) {
        a.prepare(1)[0] = b;
        a.commit(1);
        error_code ec;
        while (!(ec = a.next(p, s))) got.push_back(p);
        all_need_more = all_need_more && is_need_more(ec);
    }
    CHECK(all_need_more);
    REQUIRE(got.size() == 2);
    CHECK((got[0] == big));
    CHECK(got[1] == hex("0e"));
    CHECK(a.last_seq() == 1);
}

TEST_CASE("protocol: assembler rejects absurd lengths from the header alone", "[protocol][framing]") {
    SECTION("single packet above the limit") {
        packet_assembler a(1024);
        a.feed(hex("ff ff ff 00"));  // announces 16 MiB, sends nothing
        std::vector<std::uint8_t> p;
        std::uint8_t s = 0;
        CHECK(a.next(p, s) == make_error_code(errc::packet_too_large));
        CHECK(p.capacity() == 0);  // nothing was reserved for it
        CHECK(a.buffered() == 4);
        // Sticky.
        a.feed(hex("00 00 00"));
        CHECK(a.next(p, s) == make_error_code(errc::packet_too_large));
    }
    SECTION("exactly the limit passes") {
        packet_assembler a(3);
        a.feed(hex("03 00 00 00 61 62 63"));
        std::vector<std::uint8_t> p;
        std::uint8_t s = 0;
        REQUIRE_FALSE(a.next(p, s));
        CHECK(p == bytes("abc"));
        a.feed(hex("04 00 00 01"));
        CHECK(a.next(p, s) == make_error_code(errc::packet_too_large));
    }
    SECTION("continuations summing above the limit") {
        packet_assembler a(M + 100);
        std::vector<std::uint8_t> stream = concat(hex("ff ff ff 00"), pattern(M));
        stream = concat(stream, hex("ff ff ff 01"));  // second full chunk: total 2*M > limit
        a.feed(stream);
        std::vector<std::uint8_t> p;
        std::uint8_t s = 0;
        CHECK(a.next(p, s) == make_error_code(errc::packet_too_large));
        CHECK(p.capacity() == 0);
    }
    SECTION("a lowered limit applies to the next packet") {
        packet_assembler a(100);
        a.set_max_payload(2);
        CHECK(a.max_payload() == 2);
        a.feed(hex("03 00 00 00"));
        std::vector<std::uint8_t> p;
        std::uint8_t s = 0;
        CHECK(a.next(p, s) == make_error_code(errc::packet_too_large));
        a.reset();
        a.feed(hex("02 00 00 00 61 62"));
        REQUIRE_FALSE(a.next(p, s));
        CHECK(p == bytes("ab"));
    }
}

TEST_CASE("protocol: assembler rejects wrong continuation sequence ids", "[protocol][framing]") {
    for (const std::uint8_t bad : {std::uint8_t{0}, std::uint8_t{2}, std::uint8_t{0xff}}) {
        INFO("continuation seq " << int(bad));
        packet_assembler a(2 * M);
        a.feed(concat(hex("ff ff ff 00"), pattern(M)));
        std::vector<std::uint8_t> p;
        std::uint8_t s = 0;
        CHECK(is_need_more(a.next(p, s)));
        a.feed(std::vector<std::uint8_t>{0x01, 0x00, 0x00, bad});  // header only
        CHECK(a.next(p, s) == make_error_code(errc::sequence_mismatch));
        a.feed(hex("61"));
        CHECK(a.next(p, s) == make_error_code(errc::sequence_mismatch));
    }
    CHECK(check_seq(3, 3) == error_code{});
    CHECK(check_seq(4, 3) == make_error_code(errc::sequence_mismatch));
}
