// Protocol constants: capability flags, command bytes, server status flags.
// https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/my__command_8h.html
// https://dev.mysql.com/doc/dev/mysql-server/latest/mysql__com_8h.html (SERVER_STATUS_*)
#pragma once

#include <cstddef>
#include <cstdint>

namespace qproxy::protocol {

// The 32 capability bits of HandshakeV10 / HandshakeResponse41.
namespace capability {
// MariaDB calls bit 0 CLIENT_MYSQL: a server that CLEARS it announces that the
// 4 last reserved bytes of its greeting carry MariaDB extended capabilities.
inline constexpr std::uint32_t long_password = 1;
inline constexpr std::uint32_t found_rows = 2;
inline constexpr std::uint32_t long_flag = 4;
inline constexpr std::uint32_t connect_with_db = 8;
inline constexpr std::uint32_t no_schema = 16;
inline constexpr std::uint32_t compress = 32;
inline constexpr std::uint32_t odbc = 64;
inline constexpr std::uint32_t local_files = 128;
inline constexpr std::uint32_t ignore_space = 256;
inline constexpr std::uint32_t protocol_41 = 512;
inline constexpr std::uint32_t interactive = 1024;
inline constexpr std::uint32_t ssl = 2048;
inline constexpr std::uint32_t ignore_sigpipe = 4096;
inline constexpr std::uint32_t transactions = 8192;
inline constexpr std::uint32_t reserved = 16384;
inline constexpr std::uint32_t secure_connection = 32768;
inline constexpr std::uint32_t multi_statements = 1u << 16;
inline constexpr std::uint32_t multi_results = 1u << 17;
inline constexpr std::uint32_t ps_multi_results = 1u << 18;
inline constexpr std::uint32_t plugin_auth = 1u << 19;
inline constexpr std::uint32_t connect_attrs = 1u << 20;
inline constexpr std::uint32_t plugin_auth_lenenc_client_data = 1u << 21;
inline constexpr std::uint32_t can_handle_expired_passwords = 1u << 22;
inline constexpr std::uint32_t session_track = 1u << 23;
inline constexpr std::uint32_t deprecate_eof = 1u << 24;
inline constexpr std::uint32_t optional_resultset_metadata = 1u << 25;
inline constexpr std::uint32_t zstd_compression_algorithm = 1u << 26;
inline constexpr std::uint32_t query_attributes = 1u << 27;
inline constexpr std::uint32_t ssl_verify_server_cert = 1u << 30;
inline constexpr std::uint32_t remember_options = 1u << 31;
}  // namespace capability

// MariaDB extended capabilities, in the 32-BIT form that travels on the wire:
// MariaDB's mysql_com.h defines them shifted into a 64-bit value
// (MARIADB_CLIENT_PROGRESS = 1ULL << 32, ...); here they are the upper 32 bits
// on their own, which is what handshake_v10::mariadb_ext_caps and
// handshake_response::mariadb_ext_caps hold.
// Wire placement: the server's greeting carries them in the last 4 of its 10
// reserved bytes, and the client's HandshakeResponse41/SSLRequest in the last
// 4 of its 23 filler bytes, only when the server's capabilities LACK
// capability::long_password (CLIENT_MYSQL). libmariadb (3.3) additionally reads
// them only when the server version string contains "MariaDB" (verified against
// the Debian 12 client); otherwise it sends zeros there.
namespace mariadb_capability {
inline constexpr std::uint32_t progress = 1;              // MARIADB_CLIENT_PROGRESS
inline constexpr std::uint32_t com_multi = 2;             // former COM_MULTI (reserved)
inline constexpr std::uint32_t stmt_bulk_operations = 4;  // COM_STMT_BULK_EXECUTE
inline constexpr std::uint32_t extended_metadata = 8;     // extended type info in column defs
inline constexpr std::uint32_t cache_metadata = 16;       // skip resending PS metadata
}  // namespace mariadb_capability

// The first byte of every command-phase packet.
enum class command : std::uint8_t {
    sleep = 0, quit = 1, init_db = 2, query = 3, field_list = 4, create_db = 5,
    drop_db = 6, refresh = 7, shutdown = 8, statistics = 9, process_info = 10,
    connect = 11, process_kill = 12, debug = 13, ping = 14, time = 15,
    delayed_insert = 16, change_user = 17, binlog_dump = 18, table_dump = 19,
    connect_out = 20, register_slave = 21, stmt_prepare = 22, stmt_execute = 23,
    stmt_send_long_data = 24, stmt_close = 25, stmt_reset = 26, set_option = 27,
    stmt_fetch = 28, daemon = 29, binlog_dump_gtid = 30, reset_connection = 31,
};

// Status flags of OK/EOF packets and the greeting.
namespace server_status {
inline constexpr std::uint16_t in_trans = 1;
inline constexpr std::uint16_t autocommit = 2;
inline constexpr std::uint16_t more_results_exist = 8;
inline constexpr std::uint16_t no_good_index_used = 16;
inline constexpr std::uint16_t no_index_used = 32;
inline constexpr std::uint16_t cursor_exists = 64;
inline constexpr std::uint16_t last_row_sent = 128;
inline constexpr std::uint16_t db_dropped = 256;
inline constexpr std::uint16_t no_backslash_escapes = 512;
inline constexpr std::uint16_t metadata_changed = 1024;
inline constexpr std::uint16_t query_was_slow = 2048;
inline constexpr std::uint16_t ps_out_params = 4096;
inline constexpr std::uint16_t in_trans_readonly = 8192;
inline constexpr std::uint16_t session_state_changed = 16384;
}  // namespace server_status

// Largest payload of one physical packet; a logical payload of this size or
// more is split (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html).
inline constexpr std::size_t max_packet_payload = 0xffffff;

// Upper bound on the CONNECT_ATTRS block we accept (MySQL's own limit is 64 KiB).
inline constexpr std::size_t max_connect_attrs_size = 64 * 1024;

}  // namespace qproxy::protocol
