// Binary-protocol result rows (COM_STMT_EXECUTE results), built from rows in
// MySQL's text form. https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html
#pragma once

#include "parser/types.hpp"
#include "proxy/protocol/buffer.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace qproxy::protocol {

// Bytes of a binary row's NULL bitmap (offset 2) for n columns.
constexpr std::size_t binary_row_bitmap_size(std::size_t n) noexcept { return (n + 7 + 2) / 8; }

// Appends ProtocolBinary::ResultsetRow: 0x00, the NULL bitmap (bit i+2 for
// column i), then every non-NULL value converted from its text form by
// write_binary_value() according to columns[i].type and the column's unsigned
// flag. On error (errc::bad_value: a text that does not parse for its type;
// errc::protocol_value_error: values.size() != columns.size(), a value in a
// NULL-typed column, or an unknown type) `out` is restored to its former size.
[[nodiscard]] error_code serialize_binary_row(std::span<const column_meta> columns, const row& values,
                                              std::vector<std::uint8_t>& out);

// The reverse, producing canonical text (see read_binary_value); for tests and
// client-side tools.
[[nodiscard]] error_code deserialize_binary_row(std::span<const std::uint8_t> in, std::span<const column_meta> columns,
                                                row& out);

}  // namespace qproxy::protocol
