#include "czar/open_files.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace qproxy::czar {

std::size_t open_files_limit() {
    static const std::size_t limit = [] {
        rlimit r{};
        if (getrlimit(RLIMIT_NOFILE, &r) != 0) return std::size_t{256};
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
