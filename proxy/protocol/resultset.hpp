// Text-protocol result sets: column count, ColumnDefinition41 and text rows.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_row.html
// For convenience this header also brings in the binary rows, the prepared
// statement messages and the small command messages.
#pragma once

#include "parser/types.hpp"
#include "proxy/protocol/binary_row.hpp"
#include "proxy/protocol/buffer.hpp"
#include "proxy/protocol/commands.hpp"
#include "proxy/protocol/statement.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::protocol {

// The first packet of a result set: the column count as int<lenenc> (no
// metadata-follows byte: CLIENT_OPTIONAL_RESULTSET_METADATA is never offered).
std::vector<std::uint8_t> serialize_column_count(std::uint64_t n);
void serialize_column_count(std::uint64_t n, writer& w);

// ColumnDefinition41: lenenc "def", schema, table, org_table, name, org_name,
// lenenc 0x0c, charset u16, length u32, type u8, flags u16, decimals u8, two
// 0x00 fillers. With field_list (the COM_FIELD_LIST response) a default value
// follows as string<lenenc>, 0xfb when there is none.
std::vector<std::uint8_t> serialize_column_definition(const column_meta& col, bool field_list = false,
                                                      std::optional<std::string_view> default_value = std::nullopt);
void serialize_column_definition(const column_meta& col, writer& w, bool field_list = false,
                                 std::optional<std::string_view> default_value = std::nullopt);
// For tests and client-side tools; `out` is unspecified on error.
[[nodiscard]] error_code deserialize_column_definition(std::span<const std::uint8_t> in, column_meta& out);
[[nodiscard]] error_code deserialize_field_list_column(std::span<const std::uint8_t> in, column_meta& out,
                                                       std::optional<std::string>& default_value);

// ProtocolText::ResultsetRow: each cell as string<lenenc>, NULL as 0xfb.
std::vector<std::uint8_t> serialize_text_row(const row& values);
void serialize_text_row(const row& values, writer& w);
[[nodiscard]] error_code deserialize_text_row(std::span<const std::uint8_t> in, std::size_t num_columns, row& out);

}  // namespace qproxy::protocol
