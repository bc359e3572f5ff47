// Generic response packets: OK, ERR, EOF, MariaDB's progress report, and
// COM_QUERY's request for a LOCAL INFILE.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_response_packets.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html
// On every deserializer here: `out` is unspecified when an error is returned.
#pragma once

#include "parser/error.hpp"
#include "proxy/protocol/buffer.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::protocol {

// OK_Packet without session tracking (we never offer CLIENT_SESSION_TRACK):
// 0x00, affected rows and last insert id as int<lenenc>, status u16, warnings
// u16, info as string<lenenc> (omitted when empty: the protocol page says
// string<EOF>, but MySQL writes, and libmariadb reads, a length first). With
// as_eof the header is 0xfe: the packet that ends a result set when
// CLIENT_DEPRECATE_EOF was negotiated.
struct ok_packet {
    std::uint64_t affected_rows = 0, last_insert_id = 0;
    std::uint16_t status = 0, warnings = 0;
    std::string info;

    bool operator==(const ok_packet&) const = default;
};

std::vector<std::uint8_t> serialize(const ok_packet& ok, bool as_eof = false);
void serialize(const ok_packet& ok, writer& w, bool as_eof = false);
// Accepts either header (0x00 or 0xfe).
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> in, ok_packet& out);

// ERR_Packet in its protocol-4.1 form: 0xff, code u16, '#', 5-char SQLSTATE,
// message as string<EOF>. MySQL uses this same form for errors sent during the
// connection phase, before the handshake completes (e.g. 1040 too many
// connections sent in place of the greeting, or 1045 access denied): every
// 4.1 client checks for '#' after the code, so we always send it.
struct err_packet {
    std::uint16_t code = 0;
    std::string sqlstate = "HY000";  // exactly 5 characters on the wire
    std::string message;

    static err_packet from(const sql_error& e);
    bool operator==(const err_packet&) const = default;
};

err_packet from(const sql_error& e);
// A sqlstate that is not 5 characters long is sent as "HY000".
std::vector<std::uint8_t> serialize(const err_packet& err);
void serialize(const err_packet& err, writer& w);
// Requires the 4.1 form ('#' + SQLSTATE).
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> in, err_packet& out);

// EOF_Packet (protocol 4.1): 0xfe, warnings u16, status u16. Used only without
// CLIENT_DEPRECATE_EOF; otherwise serialize(ok_packet, true).
struct eof_packet {
    std::uint16_t warnings = 0, status = 0;

    bool operator==(const eof_packet&) const = default;
};

std::vector<std::uint8_t> serialize(const eof_packet& eof);
void serialize(const eof_packet& eof, writer& w);
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> in, eof_packet& out);

// MariaDB progress report, sent while a command runs when the client
// negotiated mariadb_capability::progress. It travels as an ERR packet with
// error code 0xffff, which libmariadb's ma_net_safe_read() intercepts and hands
// to cli_report_progress() before reading the real response:
//   0xff, 0xff 0xff, 0x01 (number of strings), stage u8, max_stage u8,
//   progress u24 (percent * 1000, i.e. 0..100000), state as string<lenenc>.
// The layout follows MariaDB's net_send_progress_packet(). progress_percent is
// clamped to [0, 100].
std::vector<std::uint8_t> serialize_progress(std::uint8_t stage, std::uint8_t max_stage, double progress_percent,
                                             std::string_view state);

// LOCAL INFILE Request, COM_QUERY's answer to LOAD DATA LOCAL INFILE: 0xfb,
// then the file name as string<EOF>. The client sends the file's contents in
// packets, an empty packet last, and reads the statement's OK or ERR.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_local_infile_request.html
struct local_infile_request {
    std::string filename;
};

std::vector<std::uint8_t> serialize(const local_infile_request& r);

}  // namespace qproxy::protocol
