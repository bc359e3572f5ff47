// I/O-free authentication of one account: decides between the two plugins,
// switches plugin when the client started with the other one, runs
// caching_sha2_password's fast and full paths (clear text over TLS, RSA
// otherwise). The handshake and COM_CHANGE_USER both drive it.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html
#pragma once

#include "parser/error.hpp"
#include "storage/accounts.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace qproxy::auth {
class sha2_cache;
class rsa_key;
}  // namespace qproxy::auth

namespace qproxy::session {

struct auth_services {
    const storage::account_store& accounts;
    auth::sha2_cache& sha2_cache;
    const auth::rsa_key& rsa;
};

class authenticator {
public:
    using scramble_t = std::array<std::uint8_t, 20>;

    struct step {
        enum class outcome { more, success, denied } result;
        // Payloads to send before the next client packet (more) or before the
        // final OK (success); each is one packet.
        std::vector<std::vector<std::uint8_t>> packets;
        std::optional<sql_error> error;  // when denied
    };

    authenticator(const auth_services& services, const scramble_t& scramble, bool secure, std::string client_host);

    // The client's first answer (handshake response or COM_CHANGE_USER).
    step begin(const std::string& user, const std::string& client_plugin, std::span<const std::uint8_t> response);
    // Every following client packet of the exchange.
    step resume(std::span<const std::uint8_t> response);

    const storage::account& account() const { return *account_; }

private:
    enum class state { initial, switched, sha2_full, sha2_rsa, done };

    step verify(std::span<const std::uint8_t> response);
    step verify_clear(std::string_view password);
    step deny() const;

    const auth_services& services_;
    scramble_t scramble_;
    bool secure_;
    std::string client_host_;
    std::string user_;
    bool used_password_ = false;
    std::optional<storage::account> account_;
    state state_ = state::initial;
};

}  // namespace qproxy::session
