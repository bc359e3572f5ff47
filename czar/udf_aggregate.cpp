// Aggregates whose MySQL meaning SQLite's built-ins do not have: GROUP_CONCAT
// with ORDER BY / DISTINCT / MySQL's length limit, the BIT_* family on
// unsigned 64 bits, and the variance family.
#include "czar/collation.hpp"
#include "czar/udf.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

namespace qproxy::czar::udf {

namespace {

// group_concat_max_len's default: MySQL cuts the result there (with a warning).
constexpr std::size_t group_concat_max_len = 1024;

struct sqlite_value_deleter {
    void operator()(sqlite3_value* v) const { sqlite3_value_free(v); }
};
using value_ptr = std::unique_ptr<sqlite3_value, sqlite_value_deleter>;

struct concat_row {
    std::string value;
    bool binary = false;
    std::vector<value_ptr> keys;
};

struct concat_state {
    std::string separator;
    bool distinct = false;
    std::vector<bool> descending;
    std::vector<concat_row> rows;
};

// The state lives on the heap; SQLite's aggregate context holds a pointer to it.
template <class State>
State* state(sqlite3_context* ctx, bool create) {
    auto** slot = static_cast<State**>(sqlite3_aggregate_context(ctx, create ? sizeof(State*) : 0));
    if (!slot) return nullptr;
    if (!*slot && create) *slot = new State();
    return *slot;
}

// MySQL's ORDER BY order for one key: NULL first, numbers numerically, strings by collation.
int compare_values(sqlite3_value* a, sqlite3_value* b) {
    const int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
    if (ta == SQLITE_NULL || tb == SQLITE_NULL) return (ta != SQLITE_NULL) - (tb != SQLITE_NULL);
    const bool na = ta == SQLITE_INTEGER || ta == SQLITE_FLOAT, nb = tb == SQLITE_INTEGER || tb == SQLITE_FLOAT;
    if (na || nb) {
        const double x = arg(a).num(), y = arg(b).num();
        return (x > y) - (x < y);
    }
    if (ta == SQLITE_BLOB || tb == SQLITE_BLOB) return arg(a).str().compare(arg(b).str());
    return collation_compare(arg(a).str(), arg(b).str());
}

struct bit_state {
    std::uint64_t value = 0;
    bool seen = false;
};

template <class F>
void bit_step(sqlite3_context* ctx, sqlite3_value** argv, F f) {
    auto* s = static_cast<bit_state*>(sqlite3_aggregate_context(ctx, sizeof(bit_state)));
    if (!s || sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    const auto v = static_cast<std::uint64_t>(arg(argv[0]).int64());
    s->value = s->seen ? f(s->value, v) : v;
    s->seen = true;
}

struct variance_state {
    std::int64_t count = 0;
    double mean = 0, m2 = 0;
};

// Welford's update, as MySQL computes VARIANCE.
void variance_result(sqlite3_context* ctx, bool sample, bool root) {
    const auto* s = static_cast<variance_state*>(sqlite3_aggregate_context(ctx, 0));
    if (!s || s->count == 0 || (sample && s->count < 2)) return sqlite3_result_null(ctx);
    const double var = s->m2 / static_cast<double>(sample ? s->count - 1 : s->count);
    sqlite3_result_double(ctx, root ? std::sqrt(var) : var);
}

}  // namespace

void group_concat_step(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // (value, separator, distinct, key1, desc1, key2, desc2, …); NULL values are skipped.
    auto* s = state<concat_state>(ctx, true);
    if (!s) return sqlite3_result_error_nomem(ctx);
    if (s->rows.empty()) {
        s->separator = std::string(arg(argv[1]).str());
        s->distinct = arg(argv[2]).int64() != 0;
        s->descending.clear();
        for (int i = 4; i < argc; i += 2) s->descending.push_back(arg(argv[i]).int64() != 0);
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    concat_row row{std::string(arg(argv[0]).str()), arg(argv[0]).binary(), {}};
    for (int i = 3; i < argc; i += 2) row.keys.emplace_back(sqlite3_value_dup(argv[i]));
    s->rows.push_back(std::move(row));
}

void group_concat_final(sqlite3_context* ctx) {
    std::unique_ptr<concat_state> s(state<concat_state>(ctx, false));
    if (!s || s->rows.empty()) return sqlite3_result_null(ctx);
    auto& rows = s->rows;
    if (!s->descending.empty()) {
        std::stable_sort(rows.begin(), rows.end(), [&](const concat_row& a, const concat_row& b) {
            for (std::size_t k = 0; k < s->descending.size(); ++k) {
                const int c = compare_values(a.keys[k].get(), b.keys[k].get());
                if (c != 0) return s->descending[k] ? c > 0 : c < 0;
            }
            return false;
        });
    }
    std::string out;
    bool binary = false;
    std::vector<const std::string*> seen;
    for (const auto& r : rows) {
        if (s->distinct && std::any_of(seen.begin(), seen.end(), [&](const std::string* v) {
                return r.binary ? *v == r.value : collation_compare(*v, r.value) == 0;
            }))
            continue;
        seen.push_back(&r.value);
        if (seen.size() > 1) out += s->separator;
        out += r.value;
        binary = binary || r.binary;
    }
    if (out.size() > group_concat_max_len) out.resize(group_concat_max_len);
    result_string(ctx, out, binary);
}

void bit_and_step(sqlite3_context* c, int, sqlite3_value** v) { bit_step(c, v, [](auto a, auto b) { return a & b; }); }
void bit_or_step(sqlite3_context* c, int, sqlite3_value** v) { bit_step(c, v, [](auto a, auto b) { return a | b; }); }
void bit_xor_step(sqlite3_context* c, int, sqlite3_value** v) { bit_step(c, v, [](auto a, auto b) { return a ^ b; }); }

void bit_final(sqlite3_context* ctx) {
    // Over no rows BIT_AND is all ones and BIT_OR/BIT_XOR zero; the caller's
    // user data says which identity applies.
    const auto* s = static_cast<bit_state*>(sqlite3_aggregate_context(ctx, 0));
    const bool all_ones = sqlite3_user_data(ctx) != nullptr;
    const std::uint64_t v = s && s->seen ? s->value : (all_ones ? ~std::uint64_t{0} : 0);
    sqlite3_result_int64(ctx, static_cast<std::int64_t>(v));
}

void variance_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
    auto* s = static_cast<variance_state*>(sqlite3_aggregate_context(ctx, sizeof(variance_state)));
    if (!s || sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    const double x = arg(argv[0]).num();
    ++s->count;
    const double delta = x - s->mean;
    s->mean += delta / static_cast<double>(s->count);
    s->m2 += delta * (x - s->mean);
}

void var_pop_final(sqlite3_context* ctx) { variance_result(ctx, false, false); }
void var_samp_final(sqlite3_context* ctx) { variance_result(ctx, true, false); }
void std_final(sqlite3_context* ctx) { variance_result(ctx, false, true); }
void stddev_samp_final(sqlite3_context* ctx) { variance_result(ctx, true, true); }

}  // namespace qproxy::czar::udf
