#include "proxy/auth/caching_sha2.hpp"

#include <algorithm>

namespace qproxy::auth {

namespace {

constexpr std::string_view sha2_prefix = "$A$005$";
constexpr std::size_t salt_length = 20;
constexpr char crypt_alphabet[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// `length` bytes of `block` repeated (Drepper's P and S sequences).
std::string repeat_to(const sha256_digest& block, std::size_t length) {
    std::string out;
    out.reserve(length);
    while (out.size() < length)
        out.append(reinterpret_cast<const char*>(block.data()), std::min(block.size(), length - out.size()));
    return out;
}

}  // namespace

// https://www.akkadia.org/drepper/SHA-crypt.txt, steps 1-22, without the "rounds=" prefix.
std::string sha256_crypt(std::string_view pw, std::string_view salt, unsigned rounds) {
    auto p = as_bytes(pw);
    auto s = as_bytes(salt);
    auto b = sha256({p, s, p});
    std::string a_input(pw);
    a_input.append(salt);
    a_input += repeat_to(b, pw.size());
    for (auto n = pw.size(); n > 0; n >>= 1) {
        if (n & 1) a_input.append(reinterpret_cast<const char*>(b.data()), b.size());
        else a_input.append(pw);
    }
    auto a = sha256({as_bytes(a_input)});

    std::string dp_input;
    for (std::size_t i = 0; i < pw.size(); ++i) dp_input.append(pw);
    auto p_seq = repeat_to(sha256({as_bytes(dp_input)}), pw.size());
    std::string ds_input;
    for (unsigned i = 0; i < 16u + a[0]; ++i) ds_input.append(salt);
    auto s_seq = repeat_to(sha256({as_bytes(ds_input)}), salt.size());

    auto c = a;
    for (unsigned i = 0; i < rounds; ++i) {
        bytes_view first = (i & 1) ? as_bytes(p_seq) : bytes_view(c);
        bytes_view mid_s = (i % 3) ? as_bytes(s_seq) : bytes_view();
        bytes_view mid_p = (i % 7) ? as_bytes(p_seq) : bytes_view();
        bytes_view last = (i & 1) ? bytes_view(c) : as_bytes(p_seq);
        c = sha256({first, mid_s, mid_p, last});
    }

    std::string out;
    auto put = [&](unsigned b2, unsigned b1, unsigned b0, int n) {
        unsigned w = (b2 << 16) | (b1 << 8) | b0;
        for (int i = 0; i < n; ++i, w >>= 6) out += crypt_alphabet[w & 0x3f];
    };
    static constexpr int order[10][3] = {{0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14},
                                         {15, 25, 5}, {6, 16, 26}, {27, 7, 17}, {18, 28, 8}, {9, 19, 29}};
    for (auto& o : order) put(c[o[0]], c[o[1]], c[o[2]], 4);
    put(0, c[31], c[30], 3);
    return out;
}

std::string sha2_hash(std::string_view password) {
    if (password.empty()) return {};
    std::array<std::uint8_t, salt_length> raw{};
    random_bytes(raw);
    std::string salt;
    // MySQL's salt is printable ASCII without '$' so the stored form stays parseable.
    for (auto r : raw) salt += crypt_alphabet[r & 0x3f];
    return std::string(sha2_prefix) + salt + sha256_crypt(password, salt);
}

bool sha2_verify_full(std::string_view password, std::string_view stored) {
    if (stored.empty()) return password.empty();
    if (stored.size() != sha2_prefix.size() + salt_length + 43 || !stored.starts_with(sha2_prefix)) return false;
    auto salt = stored.substr(sha2_prefix.size(), salt_length);
    return sha256_crypt(password, salt) == stored.substr(sha2_prefix.size() + salt_length);
}

bool sha2_verify_fast(bytes_view scramble, bytes_view response, const sha256_digest& cached) {
    if (response.size() != 32) return false;
    auto mask = sha256({cached, scramble});
    sha256_digest stage1{};
    for (std::size_t i = 0; i < 32; ++i) stage1[i] = response[i] ^ mask[i];
    return sha256({stage1}) == cached;
}

sha256_digest sha2_cache_entry(std::string_view password) { return sha256({sha256({as_bytes(password)})}); }

sha256_digest sha2_scramble_response(std::string_view password, bytes_view scramble) {
    auto stage1 = sha256({as_bytes(password)});
    auto mask = sha256({sha256({stage1}), scramble});
    for (std::size_t i = 0; i < 32; ++i) stage1[i] ^= mask[i];
    return stage1;
}

std::optional<sha256_digest> sha2_cache::find(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}
void sha2_cache::put(const std::string& key, const sha256_digest& digest) {
    std::lock_guard lock(mutex_);
    entries_[key] = digest;
}
void sha2_cache::erase(const std::string& key) {
    std::lock_guard lock(mutex_);
    entries_.erase(key);
}

}  // namespace qproxy::auth
