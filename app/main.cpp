// qproxy: wires configuration, storage, the czar and the proxy together.
#include "app/config.hpp"
#include "app/load_command.hpp"
#include "czar/czar.hpp"
#include "czar/demo_catalog.hpp"
#include "parser/cli.hpp"
#include "proxy/auth/caching_sha2.hpp"
#include "proxy/auth/key_files.hpp"
#include "proxy/net/server.hpp"
#include "proxy/session/server_context.hpp"
#include "proxy/session/variables.hpp"
#include "qproxy/version.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"
#include "storage/chunk_store.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <thread>

namespace {

constexpr const char* usage =
    "usage: qproxy serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR] [--demo] [--section.key=value ...]\n"
    "       qproxy load --data-dir DIR --table DB.TABLE [--fields-terminated-by=, ...] FILE... (--help for all)\n"
    "       qproxy parse [--dialect mysql|sqlite] [SQL | -]\n"
    "       qproxy --help | --version\n";

// What to try on the demo catalog (make demo prints this).
void print_demo_examples() {
    std::cout << "\nTry it:  mariadb -h 127.0.0.1 -P 4040 -u qsmaster demo\n"
                 "  SELECT COUNT(*), AVG(scisql_fluxToAbMag(gFlux)) FROM Object;            -- a full scan, in parallel\n"
                 "  SELECT * FROM Object WHERE objectId = 42;                                -- one chunk, via the director index\n"
                 "  SELECT COUNT(*) FROM Object WHERE qserv_areaspec_box(10, -5, 12, -3);    -- only the chunks of the box\n"
                 "  SELECT o.objectId, COUNT(*) FROM Object o JOIN Source s USING (objectId) GROUP BY o.objectId LIMIT 5;\n"
                 "  SUBMIT SELECT filterId, COUNT(*), AVG(psfFlux) FROM Source GROUP BY filterId;  -- returns a jobId\n"
                 "  SELECT * FROM information_schema.processlist;                           -- progress while it runs\n"
                 "  SELECT * FROM information_schema.queries ORDER BY ID DESC LIMIT 3;\n"
                 "  SELECT * FROM qserv_result(<jobId>);   CALL qserv_result_delete(<jobId>);   CANCEL <jobId>;\n"
              << std::endl;
}

int serve(const std::vector<std::string>& args) {
    using namespace qproxy;
    auto parsed = app::parse_serve_args(args);
    if (!parsed.cfg) return parsed.exit_code;
    const auto& cfg = *parsed.cfg;

    auto level = spdlog::level::from_str(cfg.log_level);
    if (level == spdlog::level::off && cfg.log_level != "off") {
        std::cerr << fmt::format("qproxy: invalid log.level '{}'\n", cfg.log_level);
        return 2;
    }
    // Logs go to stderr: stdout carries only what scripts read (the listening line, demo hints).
    spdlog::set_default_logger(spdlog::stderr_color_mt("qproxy"));
    spdlog::set_level(level);

    auto colon = cfg.listen.rfind(':');
    unsigned long port = 0;
    try {
        if (colon == std::string::npos) throw std::invalid_argument("no port");
        port = std::stoul(cfg.listen.substr(colon + 1));
        if (port > 65535) throw std::out_of_range("port");
    } catch (const std::exception&) {
        std::cerr << fmt::format("qproxy: invalid listen address '{}' (expected HOST:PORT)\n", cfg.listen);
        return 2;
    }

    std::error_code fs_ec;
    std::filesystem::create_directories(cfg.data_dir, fs_ec);
    if (fs_ec) {
        std::cerr << fmt::format("qproxy: cannot create data dir '{}': {}\n", cfg.data_dir.string(), fs_ec.message());
        return 1;
    }
    if (auto st = storage::set_temp_directory(cfg.data_dir / "tmp"); st.has_error()) {
        std::cerr << "qproxy: " << st.error().message << '\n';
        return 1;
    }
    auto accounts = storage::account_store::open(cfg.data_dir);
    if (accounts.has_error()) {
        std::cerr << "qproxy: " << accounts.error().message << '\n';
        return 1;
    }
    auto catalog = storage::catalog::open(cfg.data_dir);
    if (catalog.has_error()) {
        std::cerr << "qproxy: " << catalog.error().message << '\n';
        return 1;
    }

    storage::chunk_store chunks(*catalog.value(), cfg.data_dir);
    chunks.prepare_files();
    czar::czar_config czar_cfg;
    czar_cfg.name = cfg.czar_name;
    czar_cfg.workers = cfg.workers;
    czar_cfg.max_result_bytes = cfg.max_result_bytes;
    czar_cfg.result_retention = std::chrono::seconds(cfg.result_retention_s);
    czar_cfg.history_retention = std::chrono::hours(24) * cfg.history_days;
    czar_cfg.max_queries = cfg.max_queries;
    czar_cfg.max_queries_per_user = cfg.max_queries_per_user;
    auto czar = czar::czar::open(czar_cfg, cfg.data_dir, *catalog.value(), chunks);
    if (czar.has_error()) {
        std::cerr << "qproxy: " << czar.error().message << '\n';
        return 1;
    }
    catalog.value()->set_query_sources({&czar.value()->history(), czar.value().get()});
    if (cfg.demo) {
        const std::uint64_t rows = cfg.demo_rows ? cfg.demo_rows : 2'000'000;
        spdlog::info("--demo: preparing database `demo` ({} objects) unless it exists", rows);
        if (auto st = czar::create_demo_catalog(*catalog.value(), chunks, rows); st.has_error()) {
            std::cerr << "qproxy: --demo: " << st.error().message << '\n';
            return 1;
        }
    }

    try {
        auto rsa = auth::rsa_key::load_or_create(cfg.data_dir);
        auto tls = auth::ensure_tls_files(cfg.data_dir, cfg.ssl_cert, cfg.ssl_key);
        auth::sha2_cache sha2_cache;
        unsigned cores = std::max(1u, std::thread::hardware_concurrency());

        session::global_variables globals({
            {"max_allowed_packet", std::to_string(cfg.max_allowed_packet)},
            {"wait_timeout", std::to_string(cfg.wait_timeout)},
            {"interactive_timeout", std::to_string(cfg.wait_timeout)},
            {"max_connections", std::to_string(cfg.max_connections)},
            {"port", std::to_string(port)},
            {"datadir", std::filesystem::absolute(cfg.data_dir).string() + "/"},
            {"ssl_cert", tls.cert.string()},
            {"ssl_key", tls.key.string()},
        });
        session::connection_registry connections;
        session::server_stats stats;
        session::server_context context{*accounts.value(), *catalog.value(), globals, sha2_cache, rsa,
                                        connections, stats, cfg.max_allowed_packet, czar.value().get(), &chunks};

        net::server_options options;
        options.host = cfg.listen.substr(0, colon);
        options.port = static_cast<std::uint16_t>(port);
        // Several event loops per core: a connection's wake-up then finds its own idle
        // loop instead of queueing behind others' (16 connections on 2 cores: ~0.5 → ~0.9
        // of MariaDB's SELECT 1 rate, see docs/PERFORMANCE.md).
        options.io_threads = cfg.io_threads ? cfg.io_threads : 8 * cores;
        options.max_connections = cfg.max_connections;
        options.handshake_timeout = std::chrono::seconds(cfg.handshake_timeout);
        options.tls_cert = tls.cert;
        options.tls_key = tls.key;
        net::server server(options, context);
        // Tests and scripts read the bound port from this line (--listen HOST:0 picks one).
        std::cout << fmt::format("qproxy {} listening on {}:{}", qproxy::version, options.host, server.port())
                  << std::endl;
        spdlog::info("serving on {}:{} with {} I/O threads, data dir {}", options.host, server.port(),
                     options.io_threads, cfg.data_dir.string());
        if (cfg.demo) print_demo_examples();
        server.run();
        // Workers wake waiting connections through their event loops: stop them while those still exist.
        czar.value().reset();
    } catch (const std::exception& e) {
        std::cerr << "qproxy: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << usage;
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "qproxy " << qproxy::version << '\n';
        return 0;
    }
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "serve") return serve(rest);
    if (args[0] == "load") return qproxy::app::run_load_command(rest);
    if (args[0] == "parse") return qproxy::sql::run_parse_command(rest, std::cout, std::cerr);
    std::cerr << "qproxy: unknown command '" << args[0] << "'\n" << usage;
    return 2;
}
