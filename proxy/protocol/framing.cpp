#include "proxy/protocol/framing.hpp"

#include <boost/endian/conversion.hpp>

#include <algorithm>
#include <cassert>
#include <cstring>

namespace qproxy::protocol {

void serialize_header(const frame_header& h, std::span<std::uint8_t, frame_header_size> out) noexcept {
    assert(h.size <= max_packet_payload);
    boost::endian::store_little_u24(out.data(), h.size & 0xffffff);
    out[3] = h.seq;
}

std::array<std::uint8_t, frame_header_size> serialize_header(const frame_header& h) noexcept {
    std::array<std::uint8_t, frame_header_size> out{};
    serialize_header(h, std::span<std::uint8_t, frame_header_size>(out));
    return out;
}

error_code deserialize_header(std::span<const std::uint8_t> in, frame_header& out) noexcept {
    if (in.size() < frame_header_size) return make_error_code(errc::incomplete_message);
    if (in.size() > frame_header_size) return make_error_code(errc::extra_bytes);
    out.size = boost::endian::load_little_u24(in.data());
    out.seq = in[3];
    return {};
}

void append_packet(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> payload, std::uint8_t& seq) {
    const std::size_t packets = payload.size() / max_packet_payload + 1;
    // Geometric growth: a result piece appends row after row to one buffer.
    const std::size_t need = out.size() + payload.size() + packets * frame_header_size;
    if (need > out.capacity()) out.reserve(std::max(need, 2 * out.capacity()));
    std::size_t offset = 0;
    for (std::size_t i = 0; i < packets; ++i) {
        const std::size_t chunk = std::min(max_packet_payload, payload.size() - offset);
        const auto header = serialize_header({static_cast<std::uint32_t>(chunk), seq++});
        out.insert(out.end(), header.begin(), header.end());
        out.insert(out.end(), payload.begin() + static_cast<std::ptrdiff_t>(offset),
                   payload.begin() + static_cast<std::ptrdiff_t>(offset + chunk));
        offset += chunk;
    }
}

std::size_t begin_packet(std::vector<std::uint8_t>& out) {
    const std::size_t start = out.size();
    out.insert(out.end(), frame_header_size, 0);
    return start;
}

void end_packet(std::vector<std::uint8_t>& out, std::size_t start, std::uint8_t& seq) {
    assert(out.size() >= start + frame_header_size);
    const std::size_t payload = out.size() - start - frame_header_size;
    const std::size_t packets = payload / max_packet_payload + 1;
    // Chunk i sits at start+4+i*M and belongs at start+i*(M+4)+4: shift the
    // chunks right, last first (memmove handles the overlap), then write headers.
    // Only payloads of 16 MiB and more pay for this.
    out.resize(out.size() + (packets - 1) * frame_header_size);
    std::uint8_t* base = out.data() + start;
    for (std::size_t i = packets - 1; i > 0; --i) {
        const std::size_t from = frame_header_size + i * max_packet_payload;
        const std::size_t to = i * (max_packet_payload + frame_header_size) + frame_header_size;
        const std::size_t len = std::min(max_packet_payload, payload - i * max_packet_payload);
        std::memmove(base + to, base + from, len);
    }
    for (std::size_t i = 0; i < packets; ++i) {
        const std::size_t len = std::min(max_packet_payload, payload - i * max_packet_payload);
        serialize_header({static_cast<std::uint32_t>(len), seq++},
                         std::span<std::uint8_t, frame_header_size>(base + i * (max_packet_payload + frame_header_size),
                                                                    frame_header_size));
    }
}

// ---- packet_assembler --------------------------------------------------------

std::span<std::uint8_t> packet_assembler::prepare(std::size_t n) {
    if (begin_ > 0) {
        // Compact: move the unreturned tail to the front (usually a few bytes).
        std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    // Give back the memory of a past big packet once nothing is pending, so an
    // idle connection costs only what its next small read needs.
    if (end_ == 0 && buf_.size() > idle_capacity && n <= idle_capacity) std::vector<std::uint8_t>().swap(buf_);
    if (buf_.size() < end_ + n) buf_.resize(end_ + n);
    prepared_ = n;
    return {buf_.data() + end_, n};
}

void packet_assembler::commit(std::size_t n) noexcept {
    assert(n <= prepared_);
    n = std::min(n, prepared_);
    end_ += n;
    prepared_ = 0;
}

void packet_assembler::feed(std::span<const std::uint8_t> bytes) {
    auto space = prepare(bytes.size());
    std::copy(bytes.begin(), bytes.end(), space.begin());
    commit(bytes.size());
}

error_code packet_assembler::next(std::vector<std::uint8_t>& payload_out, std::uint8_t& seq_out) {
    if (error_) return error_;

    // Pass 1: walk the headers of the physical packets, checking limits and
    // continuation ids as soon as each header is visible.
    std::size_t pos = begin_;
    std::size_t total = 0;
    std::uint8_t first_seq = 0;
    std::uint8_t expected = 0;
    bool first = true;
    for (;;) {
        if (end_ - pos < frame_header_size) return make_error_code(errc::need_more);
        const std::uint32_t size = boost::endian::load_little_u24(buf_.data() + pos);
        const std::uint8_t seq = buf_[pos + 3];
        if (first) {
            first_seq = seq;
        } else if (seq != expected) {
            return error_ = make_error_code(errc::sequence_mismatch);
        }
        total += size;
        if (total > max_payload_) return error_ = make_error_code(errc::packet_too_large);
        expected = static_cast<std::uint8_t>(seq + 1);
        if (end_ - pos - frame_header_size < size) return make_error_code(errc::need_more);
        pos += frame_header_size + size;
        if (size < max_packet_payload) break;
        first = false;
    }

    // Pass 2: every byte is here; join the chunks.
    payload_out.clear();
    payload_out.reserve(total);  // <= max_payload_, and that many bytes are buffered
    std::size_t p = begin_;
    while (p < pos) {
        const std::uint32_t size = boost::endian::load_little_u24(buf_.data() + p);
        const auto* body = buf_.data() + p + frame_header_size;
        payload_out.insert(payload_out.end(), body, body + size);
        p += frame_header_size + size;
    }
    begin_ = pos;
    if (begin_ == end_) begin_ = end_ = 0;
    seq_out = first_seq;
    last_seq_ = static_cast<std::uint8_t>(expected - 1);
    return {};
}

void packet_assembler::reset() noexcept {
    begin_ = end_ = prepared_ = 0;
    error_.clear();
}

}  // namespace qproxy::protocol
