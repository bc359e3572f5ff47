#include "proxy/session/authenticator.hpp"

#include "proxy/auth/caching_sha2.hpp"
#include "proxy/auth/key_files.hpp"
#include "proxy/auth/native_password.hpp"
#include "proxy/protocol/handshake.hpp"

#include <fmt/format.h>

namespace qproxy::session {

namespace {
std::vector<std::uint8_t> more_data(std::span<const std::uint8_t> data) {
    return protocol::serialize(protocol::auth_more_data{{data.begin(), data.end()}});
}
std::vector<std::uint8_t> more_data(std::uint8_t byte) { return more_data(std::span<const std::uint8_t>(&byte, 1)); }

// Clients send an empty password either as no bytes or as a lone NUL.
bool is_empty_response(std::span<const std::uint8_t> r) { return r.empty() || (r.size() == 1 && r[0] == 0); }

std::string cache_key(const storage::account& a) { return a.user + '@' + a.host; }
}  // namespace

authenticator::authenticator(const auth_services& services, const scramble_t& scramble, bool secure,
                             std::string client_host)
    : services_(services), scramble_(scramble), secure_(secure), client_host_(std::move(client_host)) {}

authenticator::step authenticator::deny() const {
    return {step::outcome::denied,
            {},
            sql_error{er::access_denied, "28000",
                      fmt::format("Access denied for user '{}'@'{}' (using password: {})", user_, client_host_,
                                  used_password_ ? "YES" : "NO")}};
}

authenticator::step authenticator::begin(const std::string& user, const std::string& client_plugin,
                                         std::span<const std::uint8_t> response) {
    user_ = user;
    used_password_ = !is_empty_response(response);
    account_ = services_.accounts.find(user, client_host_);
    if (!account_ || (account_->require_ssl && !secure_)) return deny();
    std::string plugin = client_plugin.empty() ? std::string(auth::native_plugin) : client_plugin;
    if (plugin != account_->plugin) {
        // Auth switch: ask the client to answer with the account's plugin, same scramble.
        state_ = state::switched;
        std::vector<std::uint8_t> data(scramble_.begin(), scramble_.end());
        data.push_back(0);
        return {step::outcome::more, {protocol::serialize(protocol::auth_switch_request{account_->plugin, data})}, {}};
    }
    return verify(response);
}

authenticator::step authenticator::resume(std::span<const std::uint8_t> response) {
    switch (state_) {
    case state::switched:
        used_password_ = !is_empty_response(response);
        return verify(response);
    case state::sha2_full:
        if (secure_) {
            // The clear password, NUL-terminated, over TLS.
            std::string_view pw(reinterpret_cast<const char*>(response.data()), response.size());
            if (!pw.empty() && pw.back() == '\0') pw.remove_suffix(1);
            return verify_clear(pw);
        }
        if (response.size() == 1 && response[0] == auth::sha2_request_public_key) {
            state_ = state::sha2_rsa;
            return {step::outcome::more, {more_data(auth::as_bytes(services_.rsa.public_pem()))}, {}};
        }
        [[fallthrough]];  // a client that already knows the key sends the cipher text at once
    case state::sha2_rsa: {
        auto plain = services_.rsa.decrypt(response);
        if (!plain) return deny();
        for (std::size_t i = 0; i < plain->size(); ++i) (*plain)[i] ^= static_cast<char>(scramble_[i % scramble_.size()]);
        std::string_view pw(*plain);
        if (!pw.empty() && pw.back() == '\0') pw.remove_suffix(1);
        return verify_clear(pw);
    }
    case state::initial:
    case state::done: break;
    }
    return deny();
}

authenticator::step authenticator::verify(std::span<const std::uint8_t> response) {
    const auto& a = *account_;
    if (a.plugin == auth::native_plugin) {
        state_ = state::done;
        // An empty password answers with no bytes; anything else must match.
        if (a.auth_string.empty() ? is_empty_response(response) : auth::native_verify(scramble_, response, a.auth_string))
            return {step::outcome::success, {}, {}};
        return deny();
    }
    if (a.plugin == auth::sha2_plugin) {
        if (a.auth_string.empty()) {
            state_ = state::done;
            if (is_empty_response(response)) return {step::outcome::success, {}, {}};
            return deny();
        }
        if (is_empty_response(response)) return deny();
        if (auto cached = services_.sha2_cache.find(cache_key(a)); cached && auth::sha2_verify_fast(scramble_, response, *cached)) {
            state_ = state::done;
            return {step::outcome::success, {more_data(auth::sha2_fast_auth_success)}, {}};
        }
        state_ = state::sha2_full;
        return {step::outcome::more, {more_data(auth::sha2_perform_full_auth)}, {}};
    }
    return deny();
}

authenticator::step authenticator::verify_clear(std::string_view password) {
    state_ = state::done;
    const auto& a = *account_;
    if (!auth::sha2_verify_full(password, a.auth_string)) return deny();
    services_.sha2_cache.put(cache_key(a), auth::sha2_cache_entry(password));
    return {step::outcome::success, {}, {}};
}

}  // namespace qproxy::session
