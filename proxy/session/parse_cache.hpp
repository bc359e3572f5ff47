// Parsed statements by their text, one cache per I/O thread: clients repeat
// the same chatter (`SELECT 1`, `SELECT @@version_comment LIMIT 1`, `SET
// autocommit=1`) and parsing it again costs more than running it. Parsing
// depends on the text alone (no sql_mode reaches the parser), so a tree is
// valid for every session; typing and execution still happen per statement,
// with the session's variables, database and clock.
#pragma once

#include "parser/parser.hpp"

#include <memory>
#include <string_view>

namespace qproxy::session {

// parse_next(text, pos), or parse(text) when !multi; from the calling thread's
// cache when the same text was parsed before. The tree stays valid while the
// pointer is held, whatever the cache does meanwhile.
[[nodiscard]] std::shared_ptr<const sql::parsed> parse_cached(std::string_view text, std::size_t pos, bool multi);

}  // namespace qproxy::session
