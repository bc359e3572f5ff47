// Small command-phase requests: COM_FIELD_LIST, COM_SET_OPTION,
// COM_PROCESS_KILL, and the commands whose argument is the rest of the packet
// (COM_QUERY, COM_INIT_DB, COM_STMT_PREPARE, COM_CREATE_DB, COM_DROP_DB).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_field_list.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_set_option.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_process_kill.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query.html
// Deserializers take the WHOLE payload, command byte included.
#pragma once

#include "proxy/protocol/buffer.hpp"
#include "proxy/protocol/constants.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace qproxy::protocol {

// Reads the command byte; errc::unexpected_command unless it is `expected`.
[[nodiscard]] error_code expect_command(reader& r, command expected);

// COM_FIELD_LIST: 0x04, table string<NUL>, wildcard string<EOF>.
struct field_list_request {
    std::string table;
    std::string wildcard;
};
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> payload, field_list_request& out);

// COM_SET_OPTION: 0x1b, option u16 (0 = multi-statements on, 1 = off).
struct set_option {
    std::uint16_t option = 0;
};
namespace set_option_value {
inline constexpr std::uint16_t multi_statements_on = 0;
inline constexpr std::uint16_t multi_statements_off = 1;
}  // namespace set_option_value
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> payload, set_option& out);

// COM_PROCESS_KILL: 0x0c, connection id u32.
struct process_kill {
    std::uint32_t connection_id = 0;
};
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> payload, process_kill& out);

// The argument of a command whose payload is its command byte followed by
// string<EOF> (COM_QUERY without query attributes, COM_INIT_DB,
// COM_STMT_PREPARE, COM_CREATE_DB, COM_DROP_DB). `text` views the payload.
[[nodiscard]] error_code deserialize_text_command(std::span<const std::uint8_t> payload, command expected,
                                                  std::string_view& text);

}  // namespace qproxy::protocol
