#include "storage/host_match.hpp"

#include "storage/text.hpp"

namespace qproxy::storage {

namespace {

// IPv4 clients on a dual-stack socket show up as ::ffff:a.b.c.d.
std::string normalize_client(std::string_view host) {
    std::string out = ascii_lower(host);
    if (out.starts_with("::ffff:") && out.find('.') != std::string::npos) out.erase(0, 7);
    return out;
}

bool is_loopback(std::string_view host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// SQL LIKE semantics without escapes: % any run, _ one character.
bool wildcard_match(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '%') {
            star = p++;
            resume = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '%') ++p;
    return p == pattern.size();
}

}  // namespace

std::optional<host_rank> match_host(std::string_view pattern, std::string_view client_host) {
    const std::string client = normalize_client(client_host);
    const std::string pat = ascii_lower(pattern);
    const auto first_wildcard = pat.find_first_of("%_");
    if (first_wildcard == std::string::npos) {
        if (pat == client) return host_rank{3, 0};
        // Connections over loopback TCP count as 'localhost', as MySQL
        // resolves 127.0.0.1 to that name.
        if (pat == "localhost" && is_loopback(client)) return host_rank{2, 0};
        if (client == "localhost" && is_loopback(pat)) return host_rank{2, 0};
        return std::nullopt;
    }
    if (!wildcard_match(pat, client)) return std::nullopt;
    return host_rank{1, first_wildcard};
}

}  // namespace qproxy::storage
