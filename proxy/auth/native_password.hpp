// mysql_native_password: the server stores "*" + HEX(SHA1(SHA1(pw))); the client
// answers a 20-byte scramble with SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw))).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html
#pragma once

#include "proxy/auth/crypto.hpp"

#include <string>
#include <string_view>

namespace qproxy::auth {

inline constexpr std::string_view native_plugin = "mysql_native_password";

// The stored form; empty for an empty password (as MySQL stores it).
std::string native_hash(std::string_view password);

// True when `response` proves knowledge of the password behind `stored`.
bool native_verify(bytes_view scramble, bytes_view response, std::string_view stored);

// What a client sends (tests and the benchmark client use it).
sha1_digest native_scramble_response(std::string_view password, bytes_view scramble);

}  // namespace qproxy::auth
