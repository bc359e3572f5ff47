// MySQL's numeric, hashing and network functions that SQLite lacks or spells differently.
#include "czar/udf.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <atomic>
#include <chrono>
#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

namespace qproxy::czar::udf {

namespace {

std::string to_base(std::uint64_t v, int base) {
    static constexpr char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::string out;
    do {
        out.insert(out.begin(), digits[v % static_cast<std::uint64_t>(base)]);
        v /= static_cast<std::uint64_t>(base);
    } while (v != 0);
    return out;
}

void logarithm(sqlite3_context* ctx, double x, double (*f)(double)) {
    // MySQL answers NULL (with a warning) for arguments outside the domain.
    if (x <= 0.0) return sqlite3_result_null(ctx);
    sqlite3_result_double(ctx, f(x));
}

void digest(sqlite3_context* ctx, const EVP_MD* md, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int len = 0;
    if (!EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr)) return sqlite3_result_null(ctx);
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    for (unsigned i = 0; i < len; ++i) text += {hex[out[i] >> 4], hex[out[i] & 15]};
    result_text(ctx, text);
}

// MySQL's rand_struct and my_rnd(), so RAND(seed) repeats MySQL's sequence.
struct mysql_rand {
    static constexpr std::uint64_t max_value = 0x3FFFFFFF;
    std::uint64_t seed1 = 0, seed2 = 0;
    explicit mysql_rand(std::uint32_t seed)
        : seed1(static_cast<std::uint32_t>(seed * 0x10001UL + 55555555UL) % max_value),
          seed2(static_cast<std::uint32_t>(seed * 0x10000001UL) % max_value) {}
    double next() {
        seed1 = (seed1 * 3 + seed2) % max_value;
        seed2 = (seed1 + seed2 + 33) % max_value;
        return static_cast<double>(seed1) / static_cast<double>(max_value);
    }
};

}  // namespace

void conv(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const std::int64_t from = arg(argv[1]).int64(), to = arg(argv[2]).int64();
    if (std::llabs(from) < 2 || std::llabs(from) > 36 || std::llabs(to) < 2 || std::llabs(to) > 36)
        return sqlite3_result_null(ctx);
    // Read the longest valid prefix in base |from|; a negative base reads a signed number.
    std::string_view s = arg(argv[0]).str();
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    std::uint64_t v = 0;
    bool overflow = false;
    for (char c : s) {
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 99;
        if (d >= std::llabs(from)) break;
        if (v > (UINT64_MAX - static_cast<std::uint64_t>(d)) / static_cast<std::uint64_t>(std::llabs(from))) overflow = true;
        v = v * static_cast<std::uint64_t>(std::llabs(from)) + static_cast<std::uint64_t>(d);
    }
    if (overflow) v = UINT64_MAX;
    if (negative) v = static_cast<std::uint64_t>(-static_cast<std::int64_t>(v));
    const bool signed_out = to < 0 && static_cast<std::int64_t>(v) < 0;
    const std::string digits = to_base(signed_out ? static_cast<std::uint64_t>(-static_cast<std::int64_t>(v)) : v,
                                       static_cast<int>(std::llabs(to)));
    result_text(ctx, signed_out ? "-" + digits : digits);
}

void bin(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    result_text(ctx, to_base(static_cast<std::uint64_t>(arg(argv[0]).int64()), 2));
}

void oct(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    result_text(ctx, to_base(static_cast<std::uint64_t>(arg(argv[0]).int64()), 8));
}

void format(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (x, d, exact): en_US grouping; DOUBLE rounds like ROUND(x, d) on doubles.
    if (any_null(ctx, 2, argv)) return;
    const arg x(argv[0]);
    const int d = static_cast<int>(std::clamp<std::int64_t>(arg(argv[1]).int64(), 0, 30));
    const bool exact = argc > 2 && arg(argv[2]).int64() != 0;
    std::string text;
    if (x.integer()) text = round_decimal_text(std::to_string(sqlite3_value_int64(argv[0])), d);
    else if (exact) text = round_decimal_text(plain_decimal_text(x.num()), d);
    else text = round_decimal_text(plain_decimal_text(std::rint(x.num() * std::pow(10.0, d)) / std::pow(10.0, d)), d);
    const bool negative = !text.empty() && text.front() == '-';
    if (negative) text.erase(0, 1);
    const auto dot = text.find('.');
    std::string int_part = text.substr(0, dot), grouped;
    for (std::size_t i = 0; i < int_part.size(); ++i) {
        if (i > 0 && (int_part.size() - i) % 3 == 0) grouped += ',';
        grouped += int_part[i];
    }
    if (dot != std::string::npos) grouped += text.substr(dot);
    result_text(ctx, negative ? "-" + grouped : grouped);
}

void rand(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (argc == 0) {
        thread_local std::mt19937_64 engine{std::random_device{}()};
        return sqlite3_result_double(ctx, std::uniform_real_distribution<double>(0.0, 1.0)(engine));
    }
    // RAND(seed): the state lives as long as SQLite keeps the constant seed's auxdata.
    auto* state = static_cast<mysql_rand*>(sqlite3_get_auxdata(ctx, 0));
    if (state) return sqlite3_result_double(ctx, state->next());
    auto fresh = std::make_unique<mysql_rand>(static_cast<std::uint32_t>(arg(argv[0]).int64()));
    sqlite3_result_double(ctx, fresh->next());
    sqlite3_set_auxdata(ctx, 0, fresh.release(), [](void* p) { delete static_cast<mysql_rand*>(p); });
}

void crc32(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : arg(argv[0]).str()) crc = table[(crc ^ c) & 0xFF] ^ (crc >> 8);
    sqlite3_result_int64(ctx, crc ^ 0xFFFFFFFFu);
}

void ln(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    logarithm(ctx, arg(argv[0]).num(), [](double x) { return std::log(x); });
}

void log(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // LOG(x) is the natural logarithm; LOG(b, x) is log base b of x.
    if (any_null(ctx, argc, argv)) return;
    if (argc == 1) return ln(ctx, argc, argv);
    const double b = arg(argv[0]).num(), x = arg(argv[1]).num();
    if (b <= 0.0 || b == 1.0 || x <= 0.0) return sqlite3_result_null(ctx);
    sqlite3_result_double(ctx, std::log(x) / std::log(b));
}

void log2(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    logarithm(ctx, arg(argv[0]).num(), [](double x) { return std::log2(x); });
}

void log10(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    logarithm(ctx, arg(argv[0]).num(), [](double x) { return std::log10(x); });
}

void md5(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    digest(ctx, EVP_md5(), arg(argv[0]).str());
}

void sha1(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    digest(ctx, EVP_sha1(), arg(argv[0]).str());
}

void sha2(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    switch (arg(argv[1]).int64()) {
    case 0:
    case 256: return digest(ctx, EVP_sha256(), arg(argv[0]).str());
    case 224: return digest(ctx, EVP_sha224(), arg(argv[0]).str());
    case 384: return digest(ctx, EVP_sha384(), arg(argv[0]).str());
    case 512: return digest(ctx, EVP_sha512(), arg(argv[0]).str());
    default: return sqlite3_result_null(ctx);
    }
}

void inet_aton(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // 'a.b.c.d', and MySQL's short forms: '127.1' is 127.0.0.1.
    if (any_null(ctx, argc, argv)) return;
    std::uint64_t result = 0, part = 0;
    int dots = 0;
    bool digit_seen = false;
    for (char c : arg(argv[0]).str()) {
        if (c >= '0' && c <= '9') {
            part = part * 10 + static_cast<std::uint64_t>(c - '0');
            if (part > 255) return sqlite3_result_null(ctx);
            digit_seen = true;
        } else if (c == '.' && digit_seen && dots < 3) {
            result = (result << 8) + part;
            part = 0;
            ++dots;
            digit_seen = false;
        } else {
            return sqlite3_result_null(ctx);
        }
    }
    if (!digit_seen) return sqlite3_result_null(ctx);
    if (dots < 3) result <<= 8 * (3 - dots);
    sqlite3_result_int64(ctx, static_cast<std::int64_t>((result << 8) + part));
}

void inet_ntoa(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (any_null(ctx, argc, argv)) return;
    const std::int64_t v = arg(argv[0]).int64();
    if (v < 0 || v > 0xFFFFFFFFLL) return sqlite3_result_null(ctx);
    result_text(ctx, std::to_string((v >> 24) & 255) + "." + std::to_string((v >> 16) & 255) + "." +
                         std::to_string((v >> 8) & 255) + "." + std::to_string(v & 255));
}

void uuid(sqlite3_context* ctx, int, sqlite3_value**) {
    // A version-1 layout as MySQL's UUID(): 100 ns ticks since 1582-10-15, random clock sequence and node.
    thread_local std::mt19937_64 engine{std::random_device{}()};
    static std::atomic<std::uint64_t> last_ticks{0};
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    std::uint64_t ticks = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() / 100) +
                          0x01B21DD213814000ULL;
    // Strictly increasing, even for calls within the same 100 ns.
    std::uint64_t prev = last_ticks.load();
    std::uint64_t next = 0;
    do {
        next = std::max(ticks, prev + 1);
    } while (!last_ticks.compare_exchange_weak(prev, next));
    ticks = next;
    const std::uint64_t node = engine() & 0xFFFFFFFFFFFFULL;
    const auto clock_seq = static_cast<std::uint16_t>(engine() & 0x3FFF);
    result_text(ctx, fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", ticks & 0xFFFFFFFF, (ticks >> 32) & 0xFFFF,
                                 ((ticks >> 48) & 0x0FFF) | 0x1000, clock_seq | 0x8000, node));
}

void uuid_short(sqlite3_context* ctx, int, sqlite3_value**) {
    // (server_id << 56) + (start-up seconds << 24) + a counter, as MySQL composes it (server_id 0).
    static const auto start = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    static std::atomic<std::uint64_t> counter{(start & 0xFFFFFFFFULL) << 24};
    sqlite3_result_int64(ctx, static_cast<std::int64_t>(counter++));
}

}  // namespace qproxy::czar::udf
