#include "proxy/session/parse_cache.hpp"

#include <functional>
#include <string>
#include <unordered_map>

namespace qproxy::session {

namespace {

// Chatter is short and a few dozen statements per client kind; long texts
// would hold big trees (a 512-byte statement's is ~20 KiB, one cache per I/O thread).
constexpr std::size_t max_text = 512;
constexpr std::size_t max_entries = 64;

struct key_view {
    std::string_view text;
    std::size_t pos;
    bool multi;
};

struct key {
    std::string text;
    std::size_t pos;
    bool multi;
    operator key_view() const { return {text, pos, multi}; }
};

struct key_hash {
    using is_transparent = void;
    std::size_t operator()(key_view k) const { return std::hash<std::string_view>{}(k.text) ^ (k.pos * 31 + k.multi); }
};

struct key_equal {
    using is_transparent = void;
    bool operator()(key_view a, key_view b) const { return a.pos == b.pos && a.multi == b.multi && a.text == b.text; }
};

using cache = std::unordered_map<key, std::shared_ptr<const sql::parsed>, key_hash, key_equal>;

}  // namespace

std::shared_ptr<const sql::parsed> parse_cached(std::string_view text, std::size_t pos, bool multi) {
    auto parse = [&] {
        return std::make_shared<const sql::parsed>(multi ? sql::parse_next(text, pos)
                                                         : sql::parsed{sql::parse(text), 0, text.size()});
    };
    if (text.size() > max_text) return parse();
    thread_local cache entries;
    if (auto it = entries.find(key_view{text, pos, multi}); it != entries.end()) return it->second;
    if (entries.size() >= max_entries) entries.clear();  // a working set this large is not chatter
    auto p = parse();
    entries.emplace(key{std::string(text), pos, multi}, p);
    return p;
}

}  // namespace qproxy::session
