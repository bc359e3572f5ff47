// What the server says about itself: version strings and capabilities.
#pragma once

#include "qproxy/version.hpp"

namespace qproxy::session {

// An 8.0-style version: drivers switch behaviour on the major/minor numbers.
inline constexpr const char server_version_string[] = "8.0.36-qproxy-" QPROXY_VERSION;
inline constexpr const char server_version_comment[] = "qproxy: Qserv-style asynchronous queries over the MySQL protocol";

}  // namespace qproxy::session
