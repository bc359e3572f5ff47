// libFuzzer target: any bytes through parse_next (statement by statement), the
// canonical printer, and a re-parse of what was printed. Must never crash, hang or
// leak; a printed statement that no longer parses, or parses to another tree, is a bug.
#include "parser/parser.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (std::size_t pos = 0; pos < text.size();) {
        qproxy::sql::parsed p = qproxy::sql::parse_next(text, pos);
        if (p.stmt) {
            std::string printed = qproxy::sql::to_mysql(p.stmt.value());
            auto again = qproxy::sql::parse(printed);
            if (!again || !qproxy::sql::same_tree(p.stmt.value(), again.value())) std::abort();
            (void)qproxy::sql::placeholder_count(p.stmt.value());
        }
        if (p.next <= pos) break;
        pos = p.next;
    }
    return 0;
}
