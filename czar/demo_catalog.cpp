#include "czar/demo_catalog.hpp"

#include "czar/loader.hpp"
#include "storage/catalog.hpp"
#include "storage/chunk_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <iterator>
#include <numbers>

namespace qproxy::czar {

namespace {

using kind_t = storage::partitioning::kind_t;

// The region the objects cover (degrees).
constexpr double ra_min = 0, ra_max = 90, decl_min = -45, decl_max = 45;
constexpr std::uint64_t seed = 0x5eed'0f'0b'1ec7ULL;
constexpr std::array<std::string_view, 5> filter_names = {"u", "g", "r", "i", "z"};

// splitmix64: tiny, fast, and the same sequence on every platform (unlike
// the standard distributions).
class random {
public:
    explicit random(std::uint64_t s) : state_(s) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

private:
    std::uint64_t state_;
};

double deg(double rad) { return rad * 180 / std::numbers::pi; }
double rad(double deg) { return deg * std::numbers::pi / 180; }

// AB magnitude -> flux density (erg/s/cm²/Hz), the inverse of scisql_fluxToAbMag.
double ab_flux(double mag) { return std::pow(10.0, -(mag + 48.6) / 2.5); }

storage::column_info column(std::string name, std::string type, bool nullable, std::string key = {}) {
    storage::column_info c;
    c.name = std::move(name);
    c.column_type = std::move(type);
    c.nullable = nullable;
    c.key = std::move(key);
    return c;
}

storage::table_info object_table() {
    storage::table_info t;
    t.db = demo_database;
    t.name = "Object";
    t.comment = "Demo objects: positions and AB fluxes";
    t.columns = {column("objectId", "bigint", false, "PRI"), column("ra", "double", false),
                 column("decl", "double", false)};
    for (const auto f : filter_names) t.columns.push_back(column(fmt::format("{}Flux", f), "double", true));
    t.columns.push_back(column("flags", "int", false));
    t.part.kind = kind_t::sky;
    t.part.lon = "ra";
    t.part.lat = "decl";
    t.part.key = "objectId";
    t.part.stripes = 85;
    t.part.sub_stripes = 12;
    t.part.overlap = 0.01667;
    return t;
}

storage::table_info source_table() {
    storage::table_info t;
    t.db = demo_database;
    t.name = "Source";
    t.comment = "Demo detections of the objects";
    t.columns = {column("sourceId", "bigint", false, "PRI"), column("objectId", "bigint", true, "MUL"),
                 column("taiMidPoint", "double", false), column("filterId", "tinyint", false),
                 column("psfFlux", "double", false), column("psfFluxSigma", "double", false)};
    t.part.kind = kind_t::child;
    t.part.key = "objectId";
    t.part.director_db = demo_database;
    t.part.director_table = "Object";
    return t;
}

storage::table_info filter_table() {
    storage::table_info t;
    t.db = demo_database;
    t.name = "Filter";
    t.comment = "Demo photometric filters";
    t.columns = {column("filterId", "tinyint", false, "PRI"), column("filterName", "char(3)", false),
                 column("photClam", "float", false), column("photBW", "float", false)};
    return t;
}

// Cells rewritten in place row after row: their buffers are reused.
template <class... Args>
void set(cell& c, fmt::format_string<Args...> format, Args&&... args) {
    if (!c) c.emplace();
    c->clear();
    fmt::format_to(std::back_inserter(*c), format, std::forward<Args>(args)...);
}

sql_result<std::unique_ptr<loader>> open_loader(storage::catalog& catalog, storage::chunk_store& store,
                                                std::string_view table) {
    return loader::create(catalog, store, *catalog.find_table(demo_database, table));
}

sql_result<std::uint64_t> load_filters(storage::catalog& catalog, storage::chunk_store& store) {
    constexpr std::array<std::array<std::string_view, 4>, 5> rows = {{
        {"0", "u", "365", "66"}, {"1", "g", "480", "147"}, {"2", "r", "622", "141"},
        {"3", "i", "754", "147"}, {"4", "z", "869", "139"},
    }};
    BOOST_OUTCOME_TRY(l, open_loader(catalog, store, "Filter"));
    for (const auto& r : rows) {
        const std::array<cell, 4> cells = {std::string(r[0]), std::string(r[1]), std::string(r[2]), std::string(r[3])};
        BOOST_OUTCOME_TRY(l->add_row(cells));
    }
    BOOST_OUTCOME_TRY(report, l->commit());
    return report.rows;
}

sql_result<std::uint64_t> load_objects(storage::catalog& catalog, storage::chunk_store& store, std::uint64_t objects) {
    BOOST_OUTCOME_TRY(l, open_loader(catalog, store, "Object"));
    random rng(seed);
    const double z_min = std::sin(rad(decl_min)), z_max = std::sin(rad(decl_max));
    std::array<cell, 9> row;
    for (std::uint64_t id = 1; id <= objects; ++id) {
        const double ra = rng.uniform(ra_min, ra_max);
        const double decl = deg(std::asin(rng.uniform(z_min, z_max)));
        const double r_mag = rng.uniform(16, 24);
        // Colours u-g, g-r, r-i, i-z of ordinary stars and galaxies.
        const std::array<double, 5> mags = {r_mag + rng.uniform(0.3, 0.9) + rng.uniform(0.7, 1.5), r_mag + rng.uniform(0.3, 0.9),
                                            r_mag, r_mag - rng.uniform(0.1, 0.4), r_mag - rng.uniform(0.2, 0.6)};
        set(row[0], "{}", id);
        set(row[1], "{}", ra);
        set(row[2], "{}", decl);
        for (std::size_t f = 0; f < mags.size(); ++f) set(row[3 + f], "{}", ab_flux(mags[f]));
        if (rng.uniform() < 0.02) row[3].reset();  // undetected in u
        set(row[8], "{}", rng.next() % 16);
        BOOST_OUTCOME_TRY(l->add_row(row));
    }
    BOOST_OUTCOME_TRY(report, l->commit());
    return report.rows;
}

// After the Object load: routing a source reads the committed director index.
sql_result<std::uint64_t> load_sources(storage::catalog& catalog, storage::chunk_store& store, std::uint64_t objects) {
    BOOST_OUTCOME_TRY(l, open_loader(catalog, store, "Source"));
    random rng(seed ^ 0x50'75'72'63'65ULL);
    std::array<cell, 6> row;
    std::uint64_t source_id = 0;
    const auto add = [&](std::optional<std::uint64_t> object_id) -> sql_status {
        const double flux = ab_flux(rng.uniform(16, 25));
        set(row[0], "{}", ++source_id);
        if (object_id) {
            set(row[1], "{}", *object_id);
        } else {
            row[1].reset();
        }
        set(row[2], "{}", rng.uniform(51000, 54650));
        set(row[3], "{}", rng.next() % filter_names.size());
        set(row[4], "{}", flux * rng.uniform(0.95, 1.05));
        set(row[5], "{}", flux * rng.uniform(0.01, 0.05));
        return l->add_row(row);
    };
    for (std::uint64_t id = 1; id <= objects; ++id) {
        const auto n = 3 + rng.next() % 3;
        for (std::uint64_t i = 0; i < n; ++i) {
            BOOST_OUTCOME_TRY(add(id));
        }
        if (id % 1000 == 0) {
            BOOST_OUTCOME_TRY(add(std::nullopt));  // an unassociated source
        }
    }
    BOOST_OUTCOME_TRY(report, l->commit());
    return report.rows;
}

// Runs one table's load, logging its rate: the demo builds at start-up.
template <class Load>
sql_status timed(std::string_view table, Load load) {
    const auto start = std::chrono::steady_clock::now();
    BOOST_OUTCOME_TRY(rows, load());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    spdlog::info("demo: {} rows into {} in {:.1f} s ({:.0f} rows/s)", rows, table, seconds,
                 static_cast<double>(rows) / std::max(seconds, 1e-9));
    return ok();
}

sql_status create_tables(storage::chunk_store& store) {
    for (auto t : {object_table(), source_table(), filter_table()}) {
        bool existed = false;
        BOOST_OUTCOME_TRY(store.create_table(std::move(t), false, existed));
    }
    return ok();
}

}  // namespace

sql_status create_demo_catalog(storage::catalog& catalog, storage::chunk_store& store, std::uint64_t object_rows) {
    bool existed = false;
    BOOST_OUTCOME_TRY(catalog.create_database(demo_database, true, existed));
    if (existed) return ok();
    auto loaded = [&]() -> sql_status {
        BOOST_OUTCOME_TRY(create_tables(store));
        BOOST_OUTCOME_TRY(timed("Filter", [&] { return load_filters(catalog, store); }));
        BOOST_OUTCOME_TRY(timed("Object", [&] { return load_objects(catalog, store, object_rows); }));
        return timed("Source", [&] { return load_sources(catalog, store, object_rows); });
    }();
    if (!loaded) {
        bool dropped = false;
        (void)store.drop_database(demo_database, true, dropped);  // the load's error is the one to report
    }
    return loaded;
}

}  // namespace qproxy::czar
