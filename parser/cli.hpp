// `qproxy parse [--dialect mysql|sqlite] [SQL | -]`: prints the canonical text of each
// statement, or the MySQL error, for users debugging a rewrite and for tests.
#pragma once

#include <iosfwd>
#include <span>
#include <string>

namespace qproxy::sql {

// `args` are the words after `parse`. SQL given as several words is joined with spaces;
// none or "-" reads standard input. Prints one statement per line (each ending in ';' when
// there are several) and returns 0; on a parse error prints `ERROR <code> (<state>): …` to
// `err` and returns 1; on a usage error returns 2.
[[nodiscard]] int run_parse_command(std::span<const std::string> args, std::ostream& out, std::ostream& err);

}  // namespace qproxy::sql
