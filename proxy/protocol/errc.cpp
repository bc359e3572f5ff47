#include "proxy/protocol/errc.hpp"

#include <string>

namespace qproxy::protocol {
namespace {

class protocol_category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "qproxy.protocol"; }

    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::need_more: return "more bytes are needed";
        case errc::incomplete_message: return "message is shorter than its fields announce";
        case errc::extra_bytes: return "unexpected bytes after the end of the message";
        case errc::protocol_value_error: return "field holds a value the protocol does not allow";
        case errc::sequence_mismatch: return "packet sequence id mismatch";
        case errc::packet_too_large: return "packet larger than the allowed maximum";
        case errc::bad_lenenc: return "invalid length-encoded integer";
        case errc::unexpected_command: return "unexpected command byte";
        case errc::bad_value: return "value does not parse for its column type";
        case errc::attributes_too_large: return "connection attributes too large";
        }
        return "unknown protocol error";
    }
};

}  // namespace

const boost::system::error_category& protocol_category() noexcept {
    static const protocol_category_impl instance;
    return instance;
}

}  // namespace qproxy::protocol
