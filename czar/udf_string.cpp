// MySQL's string functions: positions count characters (bytes for binary
// strings), searches follow the ci collation unless an argument is binary.
#include "czar/collation.hpp"
#include "czar/udf.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace qproxy::czar::udf {

namespace {

// MySQL refuses results longer than max_allowed_packet; 64 MiB stands in for it.
constexpr std::size_t max_result = 64u << 20;

// Character boundaries of a string argument (every byte for a binary string).
class char_index {
public:
    char_index(std::string_view s, bool binary) : s_(s) {
        for (std::size_t i = 0; i < s.size(); ++i)
            if (binary || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts_.push_back(static_cast<std::uint32_t>(i));
        starts_.push_back(static_cast<std::uint32_t>(s.size()));
    }
    [[nodiscard]] std::size_t size() const { return starts_.size() - 1; }
    // Characters [from, from + count), clamped to the string.
    [[nodiscard]] std::string_view slice(std::size_t from, std::size_t count) const {
        from = std::min(from, size());
        const std::size_t to = count > size() - from ? size() : from + count;
        return s_.substr(starts_[from], starts_[to] - starts_[from]);
    }

private:
    std::string_view s_;
    std::vector<std::uint32_t> starts_;
};

std::string pad(const arg& s, std::int64_t len, const arg& fill, bool left) {
    const bool binary = s.binary() || fill.binary();
    const char_index text(s.str(), binary);
    const auto n = static_cast<std::size_t>(len);
    if (n <= text.size()) return std::string(text.slice(0, n));
    const char_index f(fill.str(), binary);
    std::string padding;
    for (std::size_t need = n - text.size(); need > 0;) {
        const auto take = std::min(need, f.size());
        padding += f.slice(0, take);
        need -= take;
    }
    return left ? padding + std::string(s.str()) : std::string(s.str()) + padding;
}

void pad_impl(sqlite3_context* ctx, int argc, sqlite3_value** argv, bool left) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]), fill(argv[2]);
    const std::int64_t len = arg(argv[1]).int64();
    const char_index text(s.str(), s.binary());
    if (len < 0 || static_cast<std::uint64_t>(len) > max_result) return sqlite3_result_null(ctx);
    if (static_cast<std::size_t>(len) > text.size() && fill.str().empty()) return sqlite3_result_null(ctx);
    result_string(ctx, pad(s, len, fill, left), s.binary() || fill.binary());
}

void case_map(sqlite3_context* ctx, int argc, sqlite3_value** argv, bool upper) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]);
    // Binary strings have no letters in MySQL: UPPER/LOWER leave them alone.
    if (s.binary()) return result_blob(ctx, s.str());
    result_text(ctx, upper ? utf8_upper(s.str()) : utf8_lower(s.str()));
}

// 1-based position of `needle` in `haystack` from character `from` (0-based), or 0.
std::int64_t find(const arg& haystack, const arg& needle, std::size_t from) {
    if (haystack.binary() || needle.binary()) {
        const char_index h(haystack.str(), true);
        if (from > h.size()) return 0;
        const auto pos = haystack.str().find(needle.str(), from);
        return pos == std::string_view::npos ? 0 : static_cast<std::int64_t>(pos) + 1;
    }
    const auto pos = collation_find(haystack.str(), needle.str(), from);
    return pos ? static_cast<std::int64_t>(*pos) + 1 : 0;
}

bool equal_ci(const arg& a, const arg& b) {
    if (a.binary() || b.binary()) return a.str() == b.str();
    return collation_compare(a.str(), b.str()) == 0;
}

}  // namespace

void concat_ws(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, 1, argv)) return;
    const arg sep(argv[0]);
    std::string out;
    bool first = true, binary = sep.binary();
    for (int i = 1; i < argc; ++i) {
        const arg a(argv[i]);
        if (a.null()) continue;
        if (!first) out += sep.str();
        out += a.str();
        binary = binary || a.binary();
        first = false;
    }
    result_string(ctx, out, binary);
}

void left(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]);
    const std::int64_t n = arg(argv[1]).int64();
    const char_index text(s.str(), s.binary());
    result_string(ctx, n <= 0 ? std::string_view{} : text.slice(0, static_cast<std::size_t>(n)), s.binary());
}

void right(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]);
    const std::int64_t n = arg(argv[1]).int64();
    const char_index text(s.str(), s.binary());
    const auto take = n <= 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(n), text.size());
    result_string(ctx, text.slice(text.size() - take, take), s.binary());
}

void substring(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]);
    const std::int64_t pos = arg(argv[1]).int64();
    const std::int64_t len = argc > 2 ? arg(argv[2]).int64() : std::numeric_limits<std::int64_t>::max();
    const char_index text(s.str(), s.binary());
    const auto size = static_cast<std::int64_t>(text.size());
    // Position 0 and lengths below 1 give ''; negative positions count from the end.
    const std::int64_t start = pos > 0 ? pos - 1 : size + pos;
    if (pos == 0 || len <= 0 || start < 0 || start >= size) return result_string(ctx, {}, s.binary());
    result_string(ctx, text.slice(static_cast<std::size_t>(start), static_cast<std::size_t>(len)), s.binary());
}

void substring_index(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]), d(argv[1]);
    const std::int64_t count = arg(argv[2]).int64();
    const std::string_view str = s.str(), delim = d.str();
    const bool binary = s.binary() || d.binary();
    if (count == 0 || delim.empty()) return result_string(ctx, {}, binary);
    // The delimiter matches byte for byte, as MySQL's SUBSTRING_INDEX does.
    if (count > 0) {
        std::size_t pos = 0;
        for (std::int64_t i = 0; i < count; ++i, pos += delim.size()) {
            pos = str.find(delim, pos);
            if (pos == std::string_view::npos) return result_string(ctx, str, binary);
        }
        return result_string(ctx, str.substr(0, pos - delim.size()), binary);
    }
    std::size_t end = str.size();
    for (std::int64_t i = 0; i < -count; ++i) {
        if (end < delim.size()) return result_string(ctx, str, binary);
        const auto pos = str.rfind(delim, end - delim.size());
        if (pos == std::string_view::npos) return result_string(ctx, str, binary);
        end = pos;
    }
    result_string(ctx, str.substr(end + delim.size()), binary);
}

void locate(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // LOCATE(needle, haystack[, pos]); INSTR and POSITION are printed as LOCATE.
    if (any_null(ctx, argc, argv)) return;
    const arg needle(argv[0]), haystack(argv[1]);
    const std::int64_t pos = argc > 2 ? arg(argv[2]).int64() : 1;
    if (pos < 1) return sqlite3_result_int(ctx, 0);
    sqlite3_result_int64(ctx, find(haystack, needle, static_cast<std::size_t>(pos - 1)));
}

void lpad(sqlite3_context* ctx, int argc, sqlite3_value** argv) { pad_impl(ctx, argc, argv, true); }
void rpad(sqlite3_context* ctx, int argc, sqlite3_value** argv) { pad_impl(ctx, argc, argv, false); }

void repeat(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]);
    const std::int64_t n = arg(argv[1]).int64();
    if (n > 0 && s.str().size() * static_cast<std::uint64_t>(n) > max_result) return sqlite3_result_null(ctx);
    std::string out;
    for (std::int64_t i = 0; i < n; ++i) out += s.str();
    result_string(ctx, out, s.binary());
}

void reverse(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]);
    if (s.binary()) return result_blob(ctx, std::string(s.str().rbegin(), s.str().rend()));
    auto text = utf8_decode(s.str());
    std::reverse(text.begin(), text.end());
    result_text(ctx, utf8_encode(text));
}

void space(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const std::int64_t n = arg(argv[0]).int64();
    if (n > static_cast<std::int64_t>(max_result)) return sqlite3_result_null(ctx);
    result_text(ctx, std::string(static_cast<std::size_t>(std::max<std::int64_t>(n, 0)), ' '));
}

void upper(sqlite3_context* ctx, int argc, sqlite3_value** argv) { case_map(ctx, argc, argv, true); }
void lower(sqlite3_context* ctx, int argc, sqlite3_value** argv) { case_map(ctx, argc, argv, false); }

void octet_length(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    sqlite3_result_int64(ctx, static_cast<std::int64_t>(arg(argv[0]).str().size()));
}

void bit_length(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    sqlite3_result_int64(ctx, static_cast<std::int64_t>(arg(argv[0]).str().size()) * 8);
}

void trim(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (s, remove, side): side 0 both, 1 leading, 2 trailing; removes whole repeats of `remove`.
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]), r(argv[1]);
    const std::int64_t side = arg(argv[2]).int64();
    std::string_view str = s.str();
    const std::string_view rem = r.str();
    if (!rem.empty()) {
        if (side != 2)
            while (str.substr(0, rem.size()) == rem) str.remove_prefix(rem.size());
        if (side != 1)
            while (str.size() >= rem.size() && str.substr(str.size() - rem.size()) == rem) str.remove_suffix(rem.size());
    }
    result_string(ctx, str, s.binary());
}

void insert(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg s(argv[0]), repl(argv[3]);
    const std::int64_t pos = arg(argv[1]).int64(), len = arg(argv[2]).int64();
    const bool binary = s.binary() || repl.binary();
    const char_index text(s.str(), binary);
    const auto size = static_cast<std::int64_t>(text.size());
    if (pos < 1 || pos > size) return result_string(ctx, s.str(), binary);
    const auto start = static_cast<std::size_t>(pos - 1);
    const std::size_t count = len < 0 || len > size - pos + 1 ? text.size() - start : static_cast<std::size_t>(len);
    std::string out(text.slice(0, start));
    out += repl.str();
    out += text.slice(start + count, text.size());
    result_string(ctx, out, binary);
}

void elt(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, 1, argv)) return;
    const std::int64_t n = arg(argv[0]).int64();
    if (n < 1 || n >= argc) return sqlite3_result_null(ctx);
    sqlite3_result_value(ctx, argv[n]);
}

void field(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    const arg needle(argv[0]);
    if (needle.null()) return sqlite3_result_int(ctx, 0);
    // Strings compare as strings (ci), anything else as numbers, as MySQL's FIELD.
    bool all_strings = true;
    for (int i = 0; i < argc; ++i) all_strings = all_strings && !arg(argv[i]).integer() && !arg(argv[i]).real();
    for (int i = 1; i < argc; ++i) {
        const arg a(argv[i]);
        if (a.null()) continue;
        if (all_strings ? equal_ci(needle, a) : needle.num() == a.num()) return sqlite3_result_int(ctx, i);
    }
    sqlite3_result_int(ctx, 0);
}

void find_in_set(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const arg needle(argv[0]), list(argv[1]);
    const std::string_view s = needle.str(), l = list.str();
    if (s.find(',') != std::string_view::npos || l.empty()) return sqlite3_result_int(ctx, 0);
    std::int64_t index = 1;
    for (std::size_t start = 0;; ++index) {
        const auto comma = l.find(',', start);
        const auto item = l.substr(start, comma == std::string_view::npos ? l.npos : comma - start);
        if (collation_compare(item, s) == 0) return sqlite3_result_int64(ctx, index);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    sqlite3_result_int(ctx, 0);
}

}  // namespace qproxy::czar::udf
