#include "czar/open_files.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace qproxy::czar {

namespace {
// Enough for a whole sky of chunks (85 stripes: ~9,000) and the connections besides.
constexpr rlim_t wanted_files = 65536;
}  // namespace

std::size_t open_files_limit() {
    static const std::size_t limit = [] {
        rlimit r{};
        if (getrlimit(RLIMIT_NOFILE, &r) != 0) return std::size_t{256};
        // A full-sky load touches ~9,000 chunks at 3 descriptors each: a
        // privileged server lifts the hard limit too (up to the kernel's nr_open).
        if (r.rlim_max < wanted_files) {
            const rlimit lifted{wanted_files, wanted_files};
            if (setrlimit(RLIMIT_NOFILE, &lifted) == 0) r = lifted;
        }
        if (r.rlim_cur < r.rlim_max) {
            rlimit raised = r;
            raised.rlim_cur = r.rlim_max;
            if (setrlimit(RLIMIT_NOFILE, &raised) == 0) r = raised;
        }
        return static_cast<std::size_t>(std::min<rlim_t>(r.rlim_cur, 1u << 20));
    }();
    return limit;
}

}  // namespace qproxy::czar
