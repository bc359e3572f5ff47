#include "proxy/session/session_state.hpp"

#include "proxy/protocol/constants.hpp"

#include <algorithm>
#include <cctype>

namespace qproxy::session {

bool ci_less::operator()(std::string_view a, std::string_view b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
    });
}

std::uint16_t session_state::status_flags() const {
    std::uint16_t s = 0;
    if (vars.get_bool("autocommit")) s |= protocol::server_status::autocommit;
    if (in_transaction) s |= protocol::server_status::in_trans;
    return s;
}

}  // namespace qproxy::session
