// One value in the binary protocol, converted from / to MySQL's text form.
// Shared by binary result rows and COM_STMT_EXECUTE parameters.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html
// (section "Binary Protocol Value").
#pragma once

#include "parser/types.hpp"
#include "proxy/protocol/buffer.hpp"

#include <string>
#include <string_view>

namespace qproxy::protocol {

// How a type travels in the binary protocol.
enum class binary_kind {
    int8,     // tiny
    int16,    // short, year
    int32,    // long, int24
    int64,    // longlong
    float32,  // float
    float64,  // double
    datetime, // date, datetime, timestamp: length 0/4/7/11 + parts
    time,     // time: length 0/8/12 + parts
    lenenc,   // decimal, strings, blobs, json, bit, enum, set, geometry
    null,     // the NULL type: no value bytes
    unknown,  // a code we do not handle (e.g. server-internal 0x0e, 0x11-0x14)
};

binary_kind kind_of(field_type type) noexcept;

// Appends the binary form of `text` (a value in MySQL text form) for `type`:
// integers as fixed-width little-endian ('-' only when signed, range-checked
// for the width), float/double as IEEE-754 little-endian, date/datetime/
// timestamp from 'YYYY-MM-DD[ HH:MM:SS[.f{1,6}]]' in the shortest length MySQL
// would use, time from '[-]H+:MM:SS[.f{1,6}]' (hours folded into days + hours),
// everything else as string<lenenc>. errc::bad_value when the text does not
// parse for the type (nothing is appended then); errc::protocol_value_error for
// the NULL or an unknown type.
[[nodiscard]] error_code write_binary_value(writer& w, field_type type, bool is_unsigned, std::string_view text);

// Reads one value and produces its canonical text form: integers in decimal,
// float/double as the shortest text that round-trips, dates 'YYYY-MM-DD',
// datetimes 'YYYY-MM-DD HH:MM:SS[.ffffff]', times '[-]HH:MM:SS[.ffffff]' (days
// folded into hours), strings raw. errc::protocol_value_error for a bad
// temporal length or field, the NULL type or an unknown type.
[[nodiscard]] error_code read_binary_value(reader& r, field_type type, bool is_unsigned, std::string& text);

}  // namespace qproxy::protocol
