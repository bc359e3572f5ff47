// Byte-level building blocks: a writer appending MySQL wire types to a byte
// vector, and a bounds-checked reader over a received payload.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_integers.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_strings.html
#pragma once

#include "proxy/protocol/errc.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace qproxy::protocol {

// Appends little-endian integers and MySQL strings to a byte vector: either one
// it owns (default constructor) or one the caller lends (which must outlive it).
// Not copyable: it may point into itself.
class writer {
public:
    writer() : out_(&own_) {}
    explicit writer(std::vector<std::uint8_t>& out) : out_(&out) {}
    writer(const writer&) = delete;
    writer& operator=(const writer&) = delete;

    void put_u8(std::uint8_t v) { out_->push_back(v); }
    void put_u16(std::uint16_t v);
    void put_u24(std::uint32_t v);  // low 24 bits
    void put_u32(std::uint32_t v);
    void put_u64(std::uint64_t v);

    // int<lenenc>: <251 one byte; 0xfc+2; 0xfd+3; 0xfe+8.
    void put_lenenc_int(std::uint64_t v);
    // string<lenenc>: lenenc length then the bytes.
    void put_lenenc_string(std::string_view s);
    void put_lenenc_string(std::span<const std::uint8_t> s);
    // 0xfb: NULL in a text row or a COM_FIELD_LIST default value.
    void put_lenenc_null() { put_u8(0xfb); }
    // string<NUL>. Precondition: s holds no NUL byte (the peer would stop there).
    void put_null_string(std::string_view s);
    // string<fix> / string<EOF>: the bytes as they are.
    void put_bytes(std::span<const std::uint8_t> s);
    void put_bytes(std::string_view s);
    void put_fixed_string(std::string_view s) { put_bytes(s); }
    void put_zeros(std::size_t n) { out_->insert(out_->end(), n, 0); }

    std::vector<std::uint8_t>& buffer() noexcept { return *out_; }
    std::size_t size() const noexcept { return out_->size(); }
    // Moves the bytes out of the underlying vector (owned or lent).
    std::vector<std::uint8_t> take() { return std::move(*out_); }

    // Bytes put_lenenc_int(v) writes.
    static constexpr std::size_t lenenc_int_size(std::uint64_t v) noexcept {
        return v < 251 ? 1 : v <= 0xffff ? 3 : v <= 0xffffff ? 4 : 9;
    }

private:
    std::vector<std::uint8_t> own_;
    std::vector<std::uint8_t>* out_;
};

// Reads MySQL wire types from a span. Every getter checks bounds first and, on
// failure, returns an error WITHOUT consuming anything; string getters return
// views into the span (valid as long as the caller's buffer).
class reader {
public:
    explicit reader(std::span<const std::uint8_t> in) noexcept : in_(in) {}

    [[nodiscard]] error_code get_u8(std::uint8_t& v) noexcept;
    [[nodiscard]] error_code get_u16(std::uint16_t& v) noexcept;
    [[nodiscard]] error_code get_u24(std::uint32_t& v) noexcept;
    [[nodiscard]] error_code get_u32(std::uint32_t& v) noexcept;
    [[nodiscard]] error_code get_u64(std::uint64_t& v) noexcept;

    // int<lenenc>; 0xfb (NULL) and 0xff are errc::bad_lenenc.
    [[nodiscard]] error_code get_lenenc_int(std::uint64_t& v) noexcept;
    // string<lenenc>.
    [[nodiscard]] error_code get_lenenc_string(std::string_view& v) noexcept;
    // string<lenenc> or 0xfb, as in text rows.
    [[nodiscard]] error_code get_lenenc_string_or_null(std::optional<std::string_view>& v) noexcept;
    // string<NUL>: errc::incomplete_message when no NUL is left.
    [[nodiscard]] error_code get_null_string(std::string_view& v) noexcept;
    // string<fix> of n bytes.
    [[nodiscard]] error_code get_fixed(std::size_t n, std::span<const std::uint8_t>& v) noexcept;
    [[nodiscard]] error_code get_fixed_string(std::size_t n, std::string_view& v) noexcept;
    [[nodiscard]] error_code skip(std::size_t n) noexcept;
    // string<EOF>: everything left (possibly empty); cannot fail.
    std::string_view get_eof_string() noexcept;
    std::span<const std::uint8_t> get_eof_bytes() noexcept;

    // errc::extra_bytes unless everything was consumed.
    [[nodiscard]] error_code check_finished() const noexcept;

    std::optional<std::uint8_t> peek() const noexcept {
        if (empty()) return std::nullopt;
        return in_[pos_];
    }
    std::size_t remaining() const noexcept { return in_.size() - pos_; }
    bool empty() const noexcept { return pos_ == in_.size(); }
    std::size_t position() const noexcept { return pos_; }

private:
    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0;
};

// Views bytes as chars and back (same object representation, no copy).
inline std::string_view as_string_view(std::span<const std::uint8_t> s) noexcept {
    return {reinterpret_cast<const char*>(s.data()), s.size()};
}
inline std::span<const std::uint8_t> as_bytes(std::string_view s) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace qproxy::protocol
