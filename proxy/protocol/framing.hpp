// Packet framing: the 4-byte header (3-byte little-endian payload length +
// sequence id), splitting of payloads >= 2^24-1 bytes, and an I/O-free
// assembler that turns received bytes into whole logical packets.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html
#pragma once

#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/errc.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace qproxy::protocol {

inline constexpr std::size_t frame_header_size = 4;

struct frame_header {
    std::uint32_t size = 0;  // payload bytes of this physical packet, <= max_packet_payload
    std::uint8_t seq = 0;

    bool operator==(const frame_header&) const = default;
};

// Precondition: h.size <= max_packet_payload.
void serialize_header(const frame_header& h, std::span<std::uint8_t, frame_header_size> out) noexcept;
std::array<std::uint8_t, frame_header_size> serialize_header(const frame_header& h) noexcept;
// Exactly 4 bytes in; errc::incomplete_message / errc::extra_bytes otherwise.
[[nodiscard]] error_code deserialize_header(std::span<const std::uint8_t> in, frame_header& out) noexcept;

// Appends payload as one or more physical packets: chunks of max_packet_payload
// bytes, and a final shorter chunk -- EMPTY when the length is an exact
// multiple of max_packet_payload (including 0xffffff itself), because a
// full-size chunk always means "more follows". seq is used for the first packet
// and incremented (mod 256) per physical packet, so on return it holds the id
// the next packet must carry.
void append_packet(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> payload, std::uint8_t& seq);

// Zero-copy variant for serializers writing straight into the output buffer:
//   auto start = begin_packet(out);   // reserves a header
//   writer w(out); ... serialize the payload ...
//   end_packet(out, start, seq);      // fills the header(s), splits if needed
std::size_t begin_packet(std::vector<std::uint8_t>& out);
void end_packet(std::vector<std::uint8_t>& out, std::size_t start, std::uint8_t& seq);

// errc::sequence_mismatch unless got == expected: the caller checks the first
// packet of each message (it knows the expected id: 0 for a new command,
// last_seq()+1 inside an exchange).
[[nodiscard]] inline error_code check_seq(std::uint8_t got, std::uint8_t expected) noexcept {
    return got == expected ? error_code{} : make_error_code(errc::sequence_mismatch);
}

// Reader side of framing, without I/O. The socket loop does
//   auto buf = a.prepare(64 * 1024); n = co_await read_some(buf); a.commit(n);
//   while (!(ec = a.next(payload, seq))) handle(payload, seq);
//   if (!is_need_more(ec)) fatal(ec);
// next() returns:
//   {}                        a whole logical packet (continuations joined);
//   errc::need_more           NOT fatal: not enough bytes buffered yet;
//   errc::packet_too_large    fatal: the headers announce more than max_payload
//                             in total (detected from the headers alone, before
//                             the body is buffered);
//   errc::sequence_mismatch   fatal: a continuation's id is not previous+1.
// Fatal errors are sticky. Memory stays bounded: the buffer only ever holds
// bytes actually received (at most one logical packet of <= max_payload, its
// headers, and what the caller prepared), and no allocation is sized from an
// untrusted length beyond max_payload.
class packet_assembler {
public:
    explicit packet_assembler(std::size_t max_payload) noexcept : max_payload_(max_payload) {}

    void set_max_payload(std::size_t max_payload) noexcept { max_payload_ = max_payload; }
    std::size_t max_payload() const noexcept { return max_payload_; }

    // Space for up to n more bytes; valid until the next call to any member.
    std::span<std::uint8_t> prepare(std::size_t n);
    // n (<= the last prepare's size) bytes were written into the prepared space.
    void commit(std::size_t n) noexcept;
    // prepare + copy + commit.
    void feed(std::span<const std::uint8_t> bytes);

    // See the class comment. seq_out is the id of the FIRST physical packet of
    // the logical packet; last_seq() that of its last one.
    [[nodiscard]] error_code next(std::vector<std::uint8_t>& payload_out, std::uint8_t& seq_out);

    std::uint8_t last_seq() const noexcept { return last_seq_; }
    // Bytes received but not yet returned by next().
    std::size_t buffered() const noexcept { return end_ - begin_; }
    // Drops buffered bytes and any sticky error (e.g. after a TLS upgrade).
    void reset() noexcept;

private:
    static constexpr std::size_t idle_capacity = 64 * 1024;

    std::vector<std::uint8_t> buf_;
    std::size_t begin_ = 0;     // first byte not yet returned
    std::size_t end_ = 0;       // one past the last committed byte
    std::size_t prepared_ = 0;  // size of the last prepare()
    std::size_t max_payload_;
    std::uint8_t last_seq_ = 0;
    error_code error_;
};

}  // namespace qproxy::protocol
