// The error vocabulary every layer speaks: a MySQL error number, its SQLSTATE
// and message. proxy/ turns it into an ERR packet in exactly one place.
#pragma once

#include <boost/outcome/result.hpp>
#include <boost/outcome/try.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace qproxy {

struct sql_error {
    std::uint16_t code = 0;
    std::string sqlstate = "HY000";  // 5 characters, or "Proxy" for qproxy's extensions
    std::string message;

    bool operator==(const sql_error&) const = default;
};

// A value or the MySQL error explaining why there is none.
template <class T>
using sql_result = boost::outcome_v2::basic_result<T, sql_error, boost::outcome_v2::policy::terminate>;
using sql_status = sql_result<void>;
inline sql_status ok() { return boost::outcome_v2::success(); }

// MySQL error numbers used across qproxy (mysqld_error.h names, lower-cased).
namespace er {
inline constexpr std::uint16_t dbaccess_denied = 1044;       // 42000
inline constexpr std::uint16_t access_denied = 1045;         // 28000
inline constexpr std::uint16_t no_db = 1046;                 // 3D000
inline constexpr std::uint16_t unknown_com = 1047;           // 08S01
inline constexpr std::uint16_t bad_db = 1049;                // 42000
inline constexpr std::uint16_t table_exists = 1050;          // 42S01
inline constexpr std::uint16_t bad_field = 1054;             // 42S22
inline constexpr std::uint16_t non_uniq = 1052;              // 23000
inline constexpr std::uint16_t parse = 1064;                 // 42000
inline constexpr std::uint16_t empty_query = 1065;           // 42000
inline constexpr std::uint16_t con_count = 1040;             // 08004
inline constexpr std::uint16_t handshake = 1043;             // 08S01
inline constexpr std::uint16_t no_such_thread = 1094;        // HY000
inline constexpr std::uint16_t kill_denied = 1095;           // HY000
inline constexpr std::uint16_t no_such_table = 1146;         // 42S02
inline constexpr std::uint16_t unknown_table_in_db = 1109;   // 42S02
inline constexpr std::uint16_t table_access_denied = 1142;   // 42000
inline constexpr std::uint16_t net_packet_too_large = 1153;  // 08S01
inline constexpr std::uint16_t net_read_error = 1158;        // 08S01
inline constexpr std::uint16_t net_read_interrupted = 1159;  // 08S01
inline constexpr std::uint16_t unknown_system_variable = 1193;  // HY000
inline constexpr std::uint16_t variable_is_readonly = 1238;  // HY000
inline constexpr std::uint16_t incorrect_global_local_var = 1238;
inline constexpr std::uint16_t wrong_value_for_var = 1231;   // 42000
inline constexpr std::uint16_t global_variable = 1229;       // HY000
inline constexpr std::uint16_t local_variable = 1228;        // HY000
inline constexpr std::uint16_t specific_access_denied = 1227;  // 42000
inline constexpr std::uint16_t not_supported_yet = 1235;     // 42000
inline constexpr std::uint16_t cannot_user = 1396;           // HY000
inline constexpr std::uint16_t unknown_stmt_handler = 1243;  // HY000
inline constexpr std::uint16_t wrong_arguments = 1210;       // HY000
inline constexpr std::uint16_t unknown_character_set = 1115; // 42000
inline constexpr std::uint16_t unknown_collation = 1273;     // HY000
inline constexpr std::uint16_t nonexisting_grant = 1141;     // 42000
inline constexpr std::uint16_t password_no_match = 1133;     // 42000
inline constexpr std::uint16_t query_interrupted = 1317;     // 70100
inline constexpr std::uint16_t too_big_for_uncompress = 1256;
inline constexpr std::uint16_t option_prevents_statement = 1290;  // HY000
inline constexpr std::uint16_t sp_does_not_exist = 1305;     // 42000
inline constexpr std::uint16_t wrong_db_name = 1102;         // 42000
inline constexpr std::uint16_t too_long_ident = 1059;        // 42000
inline constexpr std::uint16_t net_wait_timeout = 4031;      // HY000 (ER_CLIENT_INTERACTION_TIMEOUT)
inline constexpr std::uint16_t secure_transport_required = 3159;  // HY000
inline constexpr std::uint16_t proxy_cancel = 4005;          // Proxy
inline constexpr std::uint16_t proxy_processing = 4110;      // Proxy
inline constexpr std::uint16_t proxy_result = 4120;          // Proxy
}  // namespace er

// ERROR 1064 (42000) exactly as MySQL words it; `near` is the rest of the
// statement text from the offending token (MySQL cuts it at 80 characters).
sql_error syntax_error(std::string_view near, unsigned line);
// ERROR 1064 (42000) for text nested deeper than the parser accepts (instead of a
// stack overflow), worded like the syntax error with the limit named.
sql_error nesting_too_deep(std::string_view near, unsigned line, unsigned limit);
// ERROR 1235 (42000) "This version of qproxy doesn't yet support '<what>'".
sql_error unsupported(std::string_view what);

}  // namespace qproxy
