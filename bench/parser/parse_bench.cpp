// Parse throughput on one core: the case02 corpus queries (qproxy variant) and real
// client chatter, parsed round-robin for a few seconds. Goal: >= 200,000 statements/s.
//   bench_parser [seconds] [corpus-queries-dir]
#include "parser/parser.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const char* const chatter[] = {
    "/* mysql-connector-java-8.0.33 */SELECT @@session.auto_increment_increment AS auto_increment_increment, "
    "@@character_set_client AS character_set_client, @@character_set_connection AS character_set_connection, "
    "@@character_set_results AS character_set_results, @@character_set_server AS character_set_server, "
    "@@collation_server AS collation_server, @@init_connect AS init_connect, @@interactive_timeout AS "
    "interactive_timeout, @@license AS license, @@lower_case_table_names AS lower_case_table_names, "
    "@@max_allowed_packet AS max_allowed_packet, @@net_write_timeout AS net_write_timeout, @@sql_mode AS sql_mode, "
    "@@system_time_zone AS system_time_zone, @@time_zone AS time_zone, @@transaction_isolation AS "
    "transaction_isolation, @@wait_timeout AS wait_timeout",
    "SHOW VARIABLES WHERE Variable_name in ('max_allowed_packet','system_time_zone','time_zone',"
    "'auto_increment_increment')",
    "select @@version_comment limit 1",
    "SELECT DATABASE(), USER() limit 1",
    "SET NAMES utf8mb4 COLLATE utf8mb4_general_ci",
    "SET character_set_results = NULL",
    "set @@sql_select_limit=DEFAULT",
    "SET autocommit=1",
    "SHOW VARIABLES LIKE 'sql_mode'",
    "SHOW FULL TABLES FROM qcase02 LIKE '%'",
    "SHOW FULL COLUMNS FROM Object FROM qcase02 LIKE '%'",
    "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */",
    "SELECT @@tx_isolation",
    "SHOW WARNINGS",
    "KILL QUERY 42",
    "SELECT 1",
};

std::string qserv_variant(const std::string& text) {
    static const std::regex with_qserv(R"(^\s*-- withQserv(.*)$)");
    static const std::regex no_qserv(R"(-- noQserv\s*$)");
    std::istringstream in(text);
    std::string out, line;
    std::smatch m;
    while (std::getline(in, line)) {
        if (std::regex_search(line, no_qserv)) continue;
        if (std::regex_match(line, m, with_qserv)) line = m[1];
        out += line + '\n';
    }
    for (std::size_t at; (at = out.find("{DBTAG_A}")) != std::string::npos;) out.replace(at, 9, "");
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
    fs::path dir = argc > 2 ? fs::path(argv[2])
                            : fs::path(QPROXY_SOURCE_DIR) / "../shared/corpus/qserv/case02/queries";
    std::vector<std::string> stmts(std::begin(chatter), std::end(chatter));
    std::size_t corpus = 0;
    if (fs::exists(dir)) {
        for (const auto& e : fs::directory_iterator(dir)) {  // the runnable queries, not unsupported_*/
            if (e.path().extension() != ".sql") continue;
            std::ifstream in(e.path());
            std::string sql = qserv_variant(std::string(std::istreambuf_iterator<char>(in), {}));
            if (qproxy::sql::parse(sql)) stmts.push_back(std::move(sql)), ++corpus;
        }
    }
    std::size_t bytes = 0;
    for (const std::string& s : stmts) bytes += s.size();

    using clock = std::chrono::steady_clock;
    std::size_t parsed = 0, failed = 0;
    const auto start = clock::now();
    const std::clock_t cpu_start = std::clock();
    auto elapsed = [&] { return std::chrono::duration<double>(clock::now() - start).count(); };
    while (elapsed() < seconds) {
        for (const std::string& s : stmts) {
            auto r = qproxy::sql::parse(s);
            failed += !r;
            ++parsed;
        }
    }
    const double t = elapsed();
    // CPU time rather than wall time, so a busy machine does not distort the per-core figure.
    const double cpu = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::printf("bench_parser: %zu statements (%zu corpus queries, %zu chatter), %.0f bytes average\n",
                stmts.size(), corpus, stmts.size() - corpus, double(bytes) / double(stmts.size()));
    std::printf("parsed %zu statements in %.2f s CPU (%.2f s wall): %.0f statements/s per core, %.1f MB/s "
                "(%zu errors)\n",
                parsed, cpu, t, double(parsed) / cpu, double(parsed) / double(stmts.size()) * double(bytes) / cpu / 1e6,
                failed);
    return failed == 0 ? 0 : 1;
}
