// The process's file-descriptor budget: chunk files are many, so the soft
// RLIMIT_NOFILE is raised to the hard limit once, and a privileged process
// lifts the hard limit to 65,536 first (MySQL's open_files_limit).
#pragma once

#include <cstddef>

namespace qproxy::czar {

// The soft limit after raising it, capped at 2^20.
[[nodiscard]] std::size_t open_files_limit();

}  // namespace qproxy::czar
