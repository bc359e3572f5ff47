// Every query of the Qserv case02 corpus, in both variants: the reference text (the
// `-- withQserv` lines stay comments) and the qproxy text (`-- withQserv <text>` lines
// contribute <text>, lines ending in `-- noQserv` are dropped). Each must parse and
// round-trip — except the queries that are not valid MySQL in that variant, which must
// fail exactly as MySQL fails on them.
#include "test_util.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using namespace qproxy;
using namespace qproxy::sql;
using namespace qproxy::sql::test;

namespace {

fs::path corpus_dir() {
    if (const char* env = std::getenv("QPROXY_CORPUS")) return env;
    // tests/unit/parser/<this file> → <repo>/../shared/corpus
    return fs::path(__FILE__).parent_path() / "../../../../shared/corpus/qserv/case02/queries";
}

std::string variant(const std::string& text, bool qserv, std::string_view dbtag) {
    static const std::regex with_qserv(R"(^\s*-- withQserv(.*)$)");
    static const std::regex no_qserv(R"(-- noQserv\s*$)");
    std::istringstream in(text);
    std::string out, line;
    std::smatch m;
    while (std::getline(in, line)) {
        if (qserv && std::regex_search(line, no_qserv)) continue;
        if (qserv && std::regex_match(line, m, with_qserv)) line = m[1];
        out += line + '\n';
    }
    // Qserv's test harness substitutes {DBTAG_A} with a database prefix.
    for (std::size_t at; (at = out.find("{DBTAG_A}")) != std::string::npos;) out.replace(at, 9, dbtag);
    return out;
}

// Variants that are not valid MySQL, with where MySQL stops (first 20 bytes of `near`).
struct expected_failure {
    std::string near_prefix;
    unsigned line;
};
const std::map<std::string, expected_failure> failures = {
    // `:name` is not MySQL syntax: the README of these folders calls them broken placeholders.
    {"unsupported_columns/0006_transientVarObjNearGalaxy.sql qserv", {":objectId\n   AND sp", 8}},
    {"unsupported_columns/0006_transientVarObjNearGalaxy.sql ref", {":objectId\n   AND sp", 8}},
    {"unsupported_columns/1005_allGalaxiesInArea.sql qserv", {":raMin, :declMin, :r", 8}},
    {"unsupported_columns/1005_allGalaxiesInArea.sql ref", {":raMin AND :raMax   ", 8}},
    {"unsupported_columns/2003_objectWithVariabilityOrPeriodOrMag.sql qserv", {":timescaleMax\n   AND", 13}},
    {"unsupported_columns/2003_objectWithVariabilityOrPeriodOrMag.sql ref", {":timescaleMax\n   AND", 13}},
    {"unsupported_syntax/2006_randomSample.sql qserv", {":percentage", 14}},
    {"unsupported_syntax/2006_randomSample.sql ref", {":percentage", 14}},
    {"unsupported_tables/1031_newTransientsForEpoch.sql qserv", {":timeMin AND :timeMa", 11}},
    {"unsupported_tables/1031_newTransientsForEpoch.sql ref", {":timeMin AND :timeMa", 11}},
    // "35 .1" and "35. 1" are the point of these two files ("wrong literal").
    {"unsupported_syntax/8001_badLiteral.sql qserv", {".1, 6.0001)", 5}},
    {"unsupported_syntax/8001_badLiteral.sql ref", {".1 -- noQserv\n  AND ", 5}},
    {"unsupported_syntax/8002_badLiteral.sql qserv", {"1, 6.0001)", 5}},
    {"unsupported_syntax/8002_badLiteral.sql ref", {"1 -- noQserv\n  AND d", 5}},
    // The withQserv line of this file lacks its WHERE.
    {"unsupported_tables/3023_joinObjectSourceFilter.sql qserv", {"qserv_areaspec_box(1", 9}},
};

}  // namespace

TEST_CASE("corpus: every case02 query parses and round-trips in both variants", "[parser][corpus]") {
    fs::path dir = corpus_dir();
    if (!fs::exists(dir)) {
        WARN("corpus not found at " << dir << " (set QPROXY_CORPUS)");
        return;
    }
    int files = 0, round_trips = 0, failed_as_mysql = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".sql") continue;
        ++files;
        std::ifstream in(entry.path());
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::string rel = fs::relative(entry.path(), dir).generic_string();
        for (bool qserv : {true, false}) {
            for (std::string_view dbtag : {"", "qcase02."}) {
                std::string sql = variant(text, qserv, dbtag);
                std::string key = rel + (qserv ? " qserv" : " ref");
                INFO(key << "\n" << sql);
                auto f = failures.find(key);
                if (f != failures.end()) {
                    sql_error e = parse_error(sql);
                    CHECK(e.code == qproxy::er::parse);
                    CHECK(e.message.find("near '" + f->second.near_prefix) != std::string::npos);
                    CHECK(e.message.find("' at line " + std::to_string(f->second.line)) != std::string::npos);
                    ++failed_as_mysql;
                    continue;
                }
                // A file may hold several statements (1070 has SET; CALL; SELECT).
                for (std::size_t pos = 0; pos < sql.size();) {
                    parsed p = parse_next(sql, pos);
                    REQUIRE(p.stmt.has_value());
                    if (!std::holds_alternative<empty_stmt>(p.stmt.value())) {
                        std::string printed = to_mysql(p.stmt.value());
                        INFO("printed: " << printed);
                        sql_result<statement> again = parse(printed);
                        REQUIRE(again.has_value());
                        CHECK(same_tree(p.stmt.value(), again.value()));
                        ++round_trips;
                    }
                    if (p.next <= pos) break;
                    pos = p.next;
                }
            }
        }
    }
    CHECK(files == 66);
    CHECK(failed_as_mysql == 2 * static_cast<int>(failures.size()));
    CHECK(round_trips > 0);
}

TEST_CASE("corpus: qserv restrictors become typed nodes", "[parser][corpus]") {
    statement s = parse_ok("SELECT COUNT(*) AS OBJ_COUNT FROM Object WHERE qserv_areaSpec_BOX(0.1, -6, 4, 6) "
                           "AND scisql_fluxToAbMag(zFlux_PS) BETWEEN 20 AND 24");
    const select_stmt& sel = as<select_stmt>(s);
    REQUIRE(sel.where_);
    const expr& area = sel.where_->args_.at(0);
    CHECK(area.kind_ == expr_kind::areaspec);
    CHECK(area.area_ == area_shape::box);
    CHECK(area.args_.size() == 4);
    CHECK(sel.items_[0].name_ == "OBJ_COUNT");
    CHECK(sel.items_[0].expr_.star_);
}
