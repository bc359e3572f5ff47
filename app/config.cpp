#include "app/config.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>

namespace po = boost::program_options;

namespace qproxy::app {

namespace {

// One description serves the file and the command line: keys are section.key.
po::options_description file_options(config& c) {
    po::options_description d("Configuration (file sections or --section.key=value)");
    d.add_options()
        ("proxy.listen", po::value(&c.listen), "HOST:PORT to accept clients on")
        ("proxy.io_threads", po::value(&c.io_threads), "I/O threads, one event loop each (0 = 8 per core)")
        ("proxy.max_connections", po::value(&c.max_connections), "client connections at most (error 1040 past it)")
        ("proxy.handshake_timeout", po::value(&c.handshake_timeout), "seconds to complete the handshake")
        ("proxy.wait_timeout", po::value(&c.wait_timeout), "idle seconds before a session is closed")
        ("proxy.max_allowed_packet", po::value(&c.max_allowed_packet), "largest client packet in bytes (error 1153)")
        ("proxy.ssl_cert", po::value(&c.ssl_cert), "TLS certificate (PEM); empty: self-signed in the data dir")
        ("proxy.ssl_key", po::value(&c.ssl_key), "TLS private key (PEM)")
        ("czar.name", po::value(&c.czar_name), "instance name shown in processlist")
        ("czar.workers", po::value(&c.workers), "chunk-query worker threads (0 = cores)")
        ("czar.max_result_bytes", po::value(&c.max_result_bytes), "result size limit in bytes")
        ("czar.result_retention_s", po::value(&c.result_retention_s), "seconds an unclaimed result is kept")
        ("czar.history_days", po::value(&c.history_days), "days query history is kept")
        ("czar.max_queries", po::value(&c.max_queries), "concurrent queries at most")
        ("czar.max_queries_per_user", po::value(&c.max_queries_per_user), "concurrent queries per user at most")
        ("storage.data_dir", po::value(&c.data_dir), "data directory")
        ("log.level", po::value(&c.log_level), "trace|debug|info|warn|error|critical|off");
    return d;
}

}  // namespace

parse_outcome parse_serve_args(const std::vector<std::string>& args) {
    config c;
    std::string config_file;
    std::string listen;
    std::string data_dir;
    po::options_description cli("qproxy serve [options]");
    cli.add_options()
        ("help,h", "print this help")
        ("config", po::value(&config_file), "configuration file (my.cnf style; default etc/qproxy.cnf if present)")
        ("listen", po::value(&listen), "HOST:PORT (same as --proxy.listen)")
        ("data-dir", po::value(&data_dir), "data directory (same as --storage.data_dir)")
        ("demo", po::bool_switch(&c.demo), "create the demo catalog on first start")
        ("demo-rows", po::value(&c.demo_rows), "rows in the demo Object table");
    auto file_desc = file_options(c);
    po::options_description all;
    all.add(cli).add(file_desc);

    try {
        po::variables_map vm;
        po::store(po::command_line_parser(args).options(all).run(), vm);
        if (vm.count("help")) {
            std::cout << all << '\n';
            return {std::nullopt, 0};
        }
        // Command line wins over the file: store it first, then the file fills the rest.
        if (vm.count("config") == 0 && std::filesystem::exists("etc/qproxy.cnf")) config_file = "etc/qproxy.cnf";
        else if (vm.count("config")) config_file = vm["config"].as<std::string>();
        if (!config_file.empty()) {
            std::ifstream in(config_file);
            if (!in) {
                std::cerr << fmt::format("qproxy: cannot read configuration file '{}'\n", config_file);
                return {std::nullopt, 2};
            }
            po::store(po::parse_config_file(in, file_desc, false), vm);
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "qproxy: " << e.what() << "\n(see 'qproxy serve --help')\n";
        return {std::nullopt, 2};
    }
    if (!listen.empty()) c.listen = listen;
    if (!data_dir.empty()) c.data_dir = data_dir;
    return {c, 0};
}

}  // namespace qproxy::app
