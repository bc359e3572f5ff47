// Prepared-statement messages: COM_STMT_PREPARE's OK, COM_STMT_EXECUTE (with
// the binary parameter values), COM_STMT_SEND_LONG_DATA, COM_STMT_CLOSE,
// COM_STMT_RESET and COM_STMT_FETCH.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_send_long_data.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_close.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_reset.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_fetch.html
// Command deserializers take the WHOLE payload, command byte included, and
// return errc::unexpected_command when it is not theirs; `out` is unspecified
// when an error is returned.
#pragma once

#include "parser/types.hpp"
#include "proxy/protocol/buffer.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::protocol {

// COM_STMT_PREPARE_OK: 0x00, statement id u32, num_columns u16, num_params u16,
// 0x00 filler, warnings u16. The parameter and column definitions follow as
// separate packets (each group ended by EOF unless DEPRECATE_EOF).
struct stmt_prepare_ok {
    std::uint32_t statement_id = 0;
    std::uint16_t num_columns = 0, num_params = 0, warnings = 0;

    bool operator==(const stmt_prepare_ok&) const = default;
};

std::vector<std::uint8_t> serialize(const stmt_prepare_ok& ok);
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> in, stmt_prepare_ok& out);

// The statement id of any COM_STMT_* payload (bytes 1..4): the session needs it
// to find the statement's parameter count before it can parse an execute.
[[nodiscard]] error_code peek_statement_id(std::span<const std::uint8_t> payload, std::uint32_t& id);

// A parameter's type as COM_STMT_EXECUTE binds it (type byte + 0x80 flag).
struct param_type {
    field_type type = field_type::null;
    bool is_unsigned = false;

    bool operator==(const param_type&) const = default;
};

// One parameter value in canonical MySQL text form (see read_binary_value):
// integers in decimal, float/double shortest round-trip, dates 'YYYY-MM-DD',
// datetimes 'YYYY-MM-DD HH:MM:SS[.ffffff]', times '[-]HH:MM:SS[.ffffff]',
// strings and blobs as raw bytes.
struct param_value {
    field_type type = field_type::null;
    bool is_unsigned = false;
    bool is_null = true;
    // The value came through COM_STMT_SEND_LONG_DATA: nothing was read for it
    // (and its NULL bit ignored, as MySQL does); the caller fills `text` from
    // the data it accumulated.
    bool long_data = false;
    std::string text;

    bool operator==(const param_value&) const = default;
};

// cursor_type flags of COM_STMT_EXECUTE.
namespace cursor_flag {
inline constexpr std::uint8_t no_cursor = 0;
inline constexpr std::uint8_t read_only = 1;
inline constexpr std::uint8_t for_update = 2;
inline constexpr std::uint8_t scrollable = 4;
// MySQL 8 with CLIENT_QUERY_ATTRIBUTES; never negotiated here, so ignored.
inline constexpr std::uint8_t parameter_count_available = 8;
}  // namespace cursor_flag

struct stmt_execute_request {
    std::uint32_t statement_id = 0;
    std::uint8_t flags = 0;               // cursor_flag::*
    std::uint32_t iteration_count = 1;    // always 1 in practice
    bool new_params_bound = false;        // types were sent with this execute
    std::vector<param_type> types;        // in force for this execute: keep them for the next one
    std::vector<param_value> params;

    bool operator==(const stmt_execute_request&) const = default;
};

// Parses COM_STMT_EXECUTE for a statement with `num_params` parameters.
// `bound_types` are the types of the previous execute, used when the client
// sends new_params_bound_flag = 0 (errc::protocol_value_error if they are
// missing). long_data[i] marks parameters supplied by COM_STMT_SEND_LONG_DATA,
// which have no bytes in the value list. Unknown type codes, bad temporal
// lengths and trailing bytes are errors.
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> payload, stmt_execute_request& out,
                                     std::size_t num_params, std::span<const param_type> bound_types = {},
                                     const std::vector<bool>& long_data = {});
// Client side (tests, benchmarks): writes types when new_params_bound and each
// non-NULL, non-long-data value from its text via write_binary_value.
[[nodiscard]] error_code serialize(const stmt_execute_request& req, std::vector<std::uint8_t>& out);

// A SQL literal for substituting the parameter into statement text: NULL;
// numbers bare (a negative one starts with '-': substitute with spaces around
// it so that "5-?" cannot become "5--3"); dates and times quoted; text
// single-quoted with MySQL escapes for \ ' NUL \n \r and \x1a (so it assumes
// NO_BACKSLASH_ESCAPES is off); bytes that are not valid UTF-8, and blob/bit/
// geometry values holding control characters, as X'hex'. A float/double or
// decimal text that is not a plain number (inf, nan) is quoted.
std::string param_to_sql_literal(const param_value& p);

// COM_STMT_SEND_LONG_DATA: 0x18, statement id u32, param id u16, data
// string<EOF>. `data` views the payload: copy it before the payload goes.
struct stmt_send_long_data {
    std::uint32_t statement_id = 0;
    std::uint16_t param_id = 0;
    std::string_view data;
};
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> payload, stmt_send_long_data& out);

struct stmt_close {
    std::uint32_t statement_id = 0;
};
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> payload, stmt_close& out);

struct stmt_reset {
    std::uint32_t statement_id = 0;
};
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> payload, stmt_reset& out);

struct stmt_fetch {
    std::uint32_t statement_id = 0;
    std::uint32_t num_rows = 0;
};
[[nodiscard]] error_code deserialize(std::span<const std::uint8_t> payload, stmt_fetch& out);

}  // namespace qproxy::protocol
