#include "proxy/protocol/response.hpp"

#include <algorithm>
#include <cmath>

namespace qproxy::protocol {
namespace {
constexpr std::uint8_t ok_header = 0x00;
constexpr std::uint8_t eof_header = 0xfe;
constexpr std::uint8_t err_header = 0xff;
constexpr std::uint8_t local_infile_header = 0xfb;
constexpr std::size_t sqlstate_size = 5;
}  // namespace

// ---- OK ---------------------------------------------------------------------------

void serialize(const ok_packet& ok, writer& w, bool as_eof) {
    w.put_u8(as_eof ? eof_header : ok_header);
    w.put_lenenc_int(ok.affected_rows);
    w.put_lenenc_int(ok.last_insert_id);
    w.put_u16(ok.status);
    w.put_u16(ok.warnings);
    // string<lenenc>, as MySQL's net_send_ok writes it (libmariadb reads it so).
    if (!ok.info.empty()) w.put_lenenc_string(ok.info);
}

std::vector<std::uint8_t> serialize(const ok_packet& ok, bool as_eof) {
    writer w;
    serialize(ok, w, as_eof);
    return w.take();
}

error_code deserialize(std::span<const std::uint8_t> in, ok_packet& out) {
    reader r(in);
    std::uint8_t header = 0;
    if (auto ec = r.get_u8(header)) return ec;
    if (header != ok_header && header != eof_header) return make_error_code(errc::protocol_value_error);
    if (auto ec = r.get_lenenc_int(out.affected_rows)) return ec;
    if (auto ec = r.get_lenenc_int(out.last_insert_id)) return ec;
    if (auto ec = r.get_u16(out.status)) return ec;
    if (auto ec = r.get_u16(out.warnings)) return ec;
    out.info.clear();
    if (r.remaining() == 0) return {};
    std::string_view info;
    if (auto ec = r.get_lenenc_string(info)) return ec;
    out.info = info;
    return r.check_finished();
}

// ---- ERR --------------------------------------------------------------------------

err_packet err_packet::from(const sql_error& e) { return err_packet{e.code, e.sqlstate, e.message}; }

err_packet from(const sql_error& e) { return err_packet::from(e); }

void serialize(const err_packet& err, writer& w) {
    w.put_u8(err_header);
    w.put_u16(err.code);
    w.put_u8('#');
    w.put_bytes(err.sqlstate.size() == sqlstate_size ? std::string_view(err.sqlstate) : std::string_view("HY000"));
    w.put_bytes(err.message);
}

std::vector<std::uint8_t> serialize(const err_packet& err) {
    writer w;
    serialize(err, w);
    return w.take();
}

error_code deserialize(std::span<const std::uint8_t> in, err_packet& out) {
    reader r(in);
    std::uint8_t header = 0;
    if (auto ec = r.get_u8(header)) return ec;
    if (header != err_header) return make_error_code(errc::protocol_value_error);
    if (auto ec = r.get_u16(out.code)) return ec;
    std::uint8_t marker = 0;
    std::string_view state;
    if (auto ec = r.get_u8(marker)) return ec;
    if (marker != '#') return make_error_code(errc::protocol_value_error);
    if (auto ec = r.get_fixed_string(sqlstate_size, state)) return ec;
    out.sqlstate = std::string(state);
    out.message = std::string(r.get_eof_string());
    return {};
}

// ---- EOF --------------------------------------------------------------------------

void serialize(const eof_packet& eof, writer& w) {
    w.put_u8(eof_header);
    w.put_u16(eof.warnings);
    w.put_u16(eof.status);
}

std::vector<std::uint8_t> serialize(const eof_packet& eof) {
    writer w;
    serialize(eof, w);
    return w.take();
}

error_code deserialize(std::span<const std::uint8_t> in, eof_packet& out) {
    reader r(in);
    std::uint8_t header = 0;
    if (auto ec = r.get_u8(header)) return ec;
    if (header != eof_header) return make_error_code(errc::protocol_value_error);
    if (auto ec = r.get_u16(out.warnings)) return ec;
    if (auto ec = r.get_u16(out.status)) return ec;
    return r.check_finished();
}

// ---- MariaDB progress ------------------------------------------------------------

std::vector<std::uint8_t> serialize_progress(std::uint8_t stage, std::uint8_t max_stage, double progress_percent,
                                             std::string_view state) {
    if (!(progress_percent >= 0.0)) progress_percent = 0.0;  // also catches NaN
    progress_percent = std::min(progress_percent, 100.0);
    writer w;
    w.put_u8(err_header);
    w.put_u16(0xffff);
    w.put_u8(1);  // number of strings
    w.put_u8(stage);
    w.put_u8(max_stage);
    w.put_u24(static_cast<std::uint32_t>(std::lround(progress_percent * 1000.0)));
    w.put_lenenc_string(state);
    return w.take();
}

std::vector<std::uint8_t> serialize(const local_infile_request& r) {
    writer w;
    w.put_u8(local_infile_header);
    w.put_bytes(std::string_view(r.filename));
    return w.take();
}

}  // namespace qproxy::protocol
