#include "proxy/session/handshake.hpp"

#include "proxy/auth/crypto.hpp"
#include "proxy/auth/native_password.hpp"
#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/framing.hpp"
#include "proxy/protocol/response.hpp"
#include "proxy/session/server_info.hpp"
#include "storage/catalog.hpp"

#include <fmt/format.h>

namespace qproxy::session {

namespace cap = protocol::capability;

std::uint32_t server_capabilities(bool tls_available) {
    // No CLIENT_LONG_PASSWORD (MariaDB's CLIENT_MYSQL bit): its absence tells
    // MariaDB clients to read our extended capabilities (progress reports).
    std::uint32_t caps = cap::found_rows | cap::long_flag | cap::connect_with_db | cap::no_schema | cap::odbc |
                         cap::local_files | cap::ignore_space | cap::protocol_41 | cap::interactive |
                         cap::ignore_sigpipe | cap::transactions | cap::secure_connection | cap::multi_statements |
                         cap::multi_results | cap::ps_multi_results | cap::plugin_auth | cap::connect_attrs |
                         cap::plugin_auth_lenenc_client_data | cap::deprecate_eof;
    if (tls_available) caps |= cap::ssl;
    return caps;
}

handshake::handshake(const handshake_services& services, std::uint32_t connection_id, std::string client_host,
                     bool tls_available)
    : services_(services),
      connection_id_(connection_id),
      client_host_(std::move(client_host)),
      tls_available_(tls_available) {
    auth::random_bytes(scramble_);
    // MySQL keeps scramble bytes in 1..127 and away from NUL, which ends the second part.
    for (auto& b : scramble_) {
        b &= 0x7f;
        if (b == 0 || b == '$') b = static_cast<std::uint8_t>(b + 1);
    }
}

io_action handshake::start() {
    protocol::handshake_v10 greeting;
    greeting.server_version = server_version_string;
    greeting.connection_id = connection_id_;
    greeting.scramble = scramble_;
    greeting.capabilities = server_capabilities(tls_available_);
    greeting.charset = 255;  // utf8mb4_0900_ai_ci, MySQL 8.0's default
    greeting.status = protocol::server_status::autocommit;
    greeting.mariadb_ext_caps = protocol::mariadb_capability::progress;
    greeting.auth_plugin = std::string(auth::native_plugin);
    io_action a;
    seq_ = 0;
    protocol::append_packet(a.bytes, protocol::serialize(greeting), seq_);
    return a;
}

io_action handshake::fail(const sql_error& error, io_action a) {
    a.next = io_action::next_step::close;
    protocol::append_packet(a.bytes, protocol::serialize(protocol::err_packet::from(error)), seq_);
    return a;
}

io_action handshake::on_packet(std::span<const std::uint8_t> payload, std::uint8_t seq) {
    if (seq != seq_) return fail({er::handshake, "08S01", "Got packets out of order"});
    ++seq_;
    switch (state_) {
    case state::greeting_sent:
        if (protocol::is_ssl_request(payload)) {
            if (!tls_available_ || secure_) return fail({er::handshake, "08S01", "Bad handshake"});
            return {{}, io_action::next_step::tls_then_read};
        }
        return on_response(payload);
    case state::authenticating: return finish(auth_->resume(payload));
    case state::done: break;
    }
    return fail({er::handshake, "08S01", "Bad handshake"});
}

io_action handshake::on_response(std::span<const std::uint8_t> payload) {
    if (protocol::deserialize(payload, response_, server_capabilities(tls_available_)) ||
        !(response_.capabilities & cap::protocol_41))
        return fail({er::handshake, "08S01", "Bad handshake"});
    if ((response_.capabilities & cap::ssl) && !secure_)
        return fail({er::handshake, "08S01", "Bad handshake"});  // asked for TLS but skipped the SSL request
    state_ = state::authenticating;
    auth_.emplace(services_.auth, scramble_, secure_, client_host_);
    auto plugin = (response_.capabilities & cap::plugin_auth) ? response_.auth_plugin : std::string();
    return finish(auth_->begin(response_.user, plugin, auth::as_bytes(response_.auth_response)));
}

io_action handshake::finish(const authenticator::step& step) {
    io_action a;
    for (auto& p : step.packets) protocol::append_packet(a.bytes, p, seq_);
    switch (step.result) {
    case authenticator::step::outcome::more: return a;
    case authenticator::step::outcome::denied: return fail(*step.error, std::move(a));
    case authenticator::step::outcome::success: break;
    }
    state_ = state::done;
    const auto& db = response_.database;
    if ((response_.capabilities & cap::connect_with_db) && !db.empty()) {
        const auto& acct = auth_->account();
        if (!services_.catalog.find_database(db))
            return fail({er::bad_db, "42000", fmt::format("Unknown database '{}'", db)}, std::move(a));
        if (!services_.auth.accounts.can_see_db(acct.user, acct.host, db))
            return fail({er::dbaccess_denied, "42000",
                         fmt::format("Access denied for user '{}'@'{}' to database '{}'", acct.user, acct.host, db)},
                        std::move(a));
    }
    protocol::ok_packet ok;
    ok.status = protocol::server_status::autocommit;
    protocol::append_packet(a.bytes, protocol::serialize(ok, false), seq_);
    a.next = io_action::next_step::established;
    return a;
}

bool handshake::progress_reports() const {
    if (response_.mariadb_ext_caps & protocol::mariadb_capability::progress) return true;
    if (!(response_.capabilities & protocol::capability::interactive)) return false;
    auto attribute = [&](std::string_view key) -> std::string_view {
        for (const auto& [k, v] : response_.attributes)
            if (k == key) return v;
        return {};
    };
    const auto program = attribute("program_name");
    return attribute("_client_name") == "libmariadb" && (program == "mariadb" || program == "mysql");
}

}  // namespace qproxy::session
