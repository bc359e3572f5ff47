#include "proxy/protocol/buffer.hpp"

#include <boost/endian/conversion.hpp>

#include <algorithm>

namespace qproxy::protocol {

namespace endian = boost::endian;

// ---- writer ----------------------------------------------------------------

void writer::put_u16(std::uint16_t v) {
    unsigned char b[2];
    endian::store_little_u16(b, v);
    out_->insert(out_->end(), b, b + 2);
}

void writer::put_u24(std::uint32_t v) {
    unsigned char b[3];
    endian::store_little_u24(b, v & 0xffffff);
    out_->insert(out_->end(), b, b + 3);
}

void writer::put_u32(std::uint32_t v) {
    unsigned char b[4];
    endian::store_little_u32(b, v);
    out_->insert(out_->end(), b, b + 4);
}

void writer::put_u64(std::uint64_t v) {
    unsigned char b[8];
    endian::store_little_u64(b, v);
    out_->insert(out_->end(), b, b + 8);
}

void writer::put_lenenc_int(std::uint64_t v) {
    if (v < 251) {
        put_u8(static_cast<std::uint8_t>(v));
    } else if (v <= 0xffff) {
        put_u8(0xfc);
        put_u16(static_cast<std::uint16_t>(v));
    } else if (v <= 0xffffff) {
        put_u8(0xfd);
        put_u24(static_cast<std::uint32_t>(v));
    } else {
        put_u8(0xfe);
        put_u64(v);
    }
}

void writer::put_lenenc_string(std::string_view s) {
    put_lenenc_int(s.size());
    put_bytes(s);
}

void writer::put_lenenc_string(std::span<const std::uint8_t> s) {
    put_lenenc_int(s.size());
    put_bytes(s);
}

void writer::put_null_string(std::string_view s) {
    put_bytes(s);
    put_u8(0);
}

void writer::put_bytes(std::span<const std::uint8_t> s) {
    out_->insert(out_->end(), s.begin(), s.end());
}

void writer::put_bytes(std::string_view s) { put_bytes(as_bytes(s)); }

// ---- reader ----------------------------------------------------------------

namespace {
const error_code incomplete = make_error_code(errc::incomplete_message);
}

error_code reader::get_u8(std::uint8_t& v) noexcept {
    if (remaining() < 1) return incomplete;
    v = in_[pos_++];
    return {};
}

error_code reader::get_u16(std::uint16_t& v) noexcept {
    if (remaining() < 2) return incomplete;
    v = endian::load_little_u16(in_.data() + pos_);
    pos_ += 2;
    return {};
}

error_code reader::get_u24(std::uint32_t& v) noexcept {
    if (remaining() < 3) return incomplete;
    v = endian::load_little_u24(in_.data() + pos_);
    pos_ += 3;
    return {};
}

error_code reader::get_u32(std::uint32_t& v) noexcept {
    if (remaining() < 4) return incomplete;
    v = endian::load_little_u32(in_.data() + pos_);
    pos_ += 4;
    return {};
}

error_code reader::get_u64(std::uint64_t& v) noexcept {
    if (remaining() < 8) return incomplete;
    v = endian::load_little_u64(in_.data() + pos_);
    pos_ += 8;
    return {};
}

error_code reader::get_lenenc_int(std::uint64_t& v) noexcept {
    if (empty()) return incomplete;
    const std::uint8_t first = in_[pos_];
    if (first < 251) {
        v = first;
        ++pos_;
        return {};
    }
    std::size_t width = 0;
    switch (first) {
    case 0xfc: width = 2; break;
    case 0xfd: width = 3; break;
    case 0xfe: width = 8; break;
    default: return make_error_code(errc::bad_lenenc);  // 0xfb NULL, 0xff ERR
    }
    if (remaining() < 1 + width) return incomplete;
    const std::uint8_t* p = in_.data() + pos_ + 1;
    v = width == 2 ? endian::load_little_u16(p) : width == 3 ? endian::load_little_u24(p) : endian::load_little_u64(p);
    pos_ += 1 + width;
    return {};
}

error_code reader::get_lenenc_string(std::string_view& v) noexcept {
    const std::size_t start = pos_;
    std::uint64_t len = 0;
    if (auto ec = get_lenenc_int(len)) return ec;
    if (len > remaining()) {
        pos_ = start;
        return incomplete;
    }
    v = as_string_view(in_.subspan(pos_, static_cast<std::size_t>(len)));
    pos_ += static_cast<std::size_t>(len);
    return {};
}

error_code reader::get_lenenc_string_or_null(std::optional<std::string_view>& v) noexcept {
    if (!empty() && in_[pos_] == 0xfb) {
        ++pos_;
        v.reset();
        return {};
    }
    std::string_view s;
    if (auto ec = get_lenenc_string(s)) return ec;
    v = s;
    return {};
}

error_code reader::get_null_string(std::string_view& v) noexcept {
    const auto rest = in_.subspan(pos_);
    const auto nul = std::find(rest.begin(), rest.end(), std::uint8_t{0});
    if (nul == rest.end()) return incomplete;
    const auto len = static_cast<std::size_t>(nul - rest.begin());
    v = as_string_view(rest.first(len));
    pos_ += len + 1;
    return {};
}

error_code reader::get_fixed(std::size_t n, std::span<const std::uint8_t>& v) noexcept {
    if (remaining() < n) return incomplete;
    v = in_.subspan(pos_, n);
    pos_ += n;
    return {};
}

error_code reader::get_fixed_string(std::size_t n, std::string_view& v) noexcept {
    std::span<const std::uint8_t> bytes;
    if (auto ec = get_fixed(n, bytes)) return ec;
    v = as_string_view(bytes);
    return {};
}

error_code reader::skip(std::size_t n) noexcept {
    if (remaining() < n) return incomplete;
    pos_ += n;
    return {};
}

std::string_view reader::get_eof_string() noexcept { return as_string_view(get_eof_bytes()); }

std::span<const std::uint8_t> reader::get_eof_bytes() noexcept {
    auto rest = in_.subspan(pos_);
    pos_ = in_.size();
    return rest;
}

error_code reader::check_finished() const noexcept {
    return empty() ? error_code{} : make_error_code(errc::extra_bytes);
}

}  // namespace qproxy::protocol
