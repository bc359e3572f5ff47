// libFuzzer target: any bytes through parse_next (statement by statement), the
// canonical printer, and a re-parse of what was printed. Must never crash, hang or
// leak; a printed statement that no longer parses, or parses to another tree, is a bug.
#include "parser/parser.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
// A broken invariant stops the fuzzer with the input that broke it.
void fuzz_assert(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (std::size_t pos = 0; pos < text.size();) {
        qproxy::sql::parsed p = qproxy::sql::parse_next(text, pos);
        if (p.stmt) {
            std::string printed = qproxy::sql::to_mysql(p.stmt.value());
            auto again = qproxy::sql::parse(printed);
            fuzz_assert(again && qproxy::sql::same_tree(p.stmt.value(), again.value()));
            (void)qproxy::sql::placeholder_count(p.stmt.value());
        }
        if (p.next <= pos) break;
        pos = p.next;
    }
    return 0;
}
