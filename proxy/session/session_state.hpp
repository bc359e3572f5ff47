// What a session remembers between statements.
#pragma once

#include "parser/error.hpp"
#include "parser/types.hpp"
#include "proxy/protocol/statement.hpp"
#include "proxy/session/variables.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace qproxy::session {

struct warning {
    std::string level;  // "Note" | "Warning" | "Error"
    std::uint16_t code;
    std::string message;
};

// A user variable keeps its value and the type it was assigned with (@a := 1 is an integer).
struct user_value {
    cell value;
    column_meta type;
};

struct prepared_statement {
    std::uint32_t id = 0;
    std::string sql;
    std::uint16_t params = 0;
    std::vector<column_meta> columns;                       // what COM_STMT_PREPARE announced
    std::vector<protocol::param_type> param_types;          // bound by the last execute
    std::map<std::uint16_t, std::string> long_data;         // COM_STMT_SEND_LONG_DATA, per parameter
};

struct ci_less {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const;
};

struct session_state {
    explicit session_state(const global_variables& globals) : vars(globals) {}

    std::uint32_t connection_id = 0;
    std::string user;         // as the client sent it
    std::string account_host; // the matching account's host pattern
    std::string client_host;  // where the client connects from
    std::string database;
    std::uint32_t capabilities = 0;
    bool progress_reports = false;  // MariaDB clients that asked for progress packets
    bool secure = false;
    std::string tls_version;
    std::string tls_cipher;
    std::uint64_t max_allowed_packet = 0;
    std::array<std::uint8_t, 20> scramble{};  // the handshake's, reused by COM_CHANGE_USER

    session_variables vars;
    std::map<std::string, user_value, ci_less> user_vars;
    std::vector<warning> warnings;  // of the last statement that produced any (SHOW WARNINGS)
    std::uint64_t last_insert_id = 0;
    std::int64_t row_count = -1;     // ROW_COUNT()
    std::uint64_t found_rows = 0;    // FOUND_ROWS()
    bool in_transaction = false;
    bool interrupted = false;

    std::map<std::uint32_t, prepared_statement> statements;
    std::uint32_t next_statement_id = 1;

    std::uint16_t status_flags() const;
};

}  // namespace qproxy::session
