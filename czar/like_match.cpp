#include "czar/like_match.hpp"

#include "czar/collation.hpp"

namespace qproxy::czar {

bool like_match(std::string_view text, std::string_view pattern, char escape) {
    return like_match(text, pattern, std::optional<char32_t>(static_cast<unsigned char>(escape)), false);
}

}  // namespace qproxy::czar
