// Configuration: my.cnf-style file sections ([proxy], [czar], [storage], [log])
// and the same keys as --section.key=value on the command line
// (Boost.Program_options parses both from one description).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace qproxy::app {

struct config {
    // [proxy]
    std::string listen = "127.0.0.1:4040";
    unsigned io_threads = 0;
    unsigned max_connections = 10000;
    unsigned handshake_timeout = 10;
    unsigned wait_timeout = 28800;
    std::uint64_t max_allowed_packet = 64 * 1024 * 1024;
    std::string ssl_cert;
    std::string ssl_key;
    // [czar]
    std::string czar_name = "qproxy";
    unsigned workers = 0;
    std::uint64_t max_result_bytes = 5100ull * 1024 * 1024;
    unsigned result_retention_s = 3600;
    unsigned history_days = 30;
    unsigned max_queries = 256;
    unsigned max_queries_per_user = 32;
    // [storage]
    std::filesystem::path data_dir = "./qproxy-data";
    // [log]
    std::string log_level = "info";
    // command line only
    bool demo = false;
    std::uint64_t demo_rows = 0;
};

// What `qproxy serve …` asked for: a config, or an exit code with its message printed.
struct parse_outcome {
    std::optional<config> cfg;
    int exit_code = 0;
};

// Parses `serve` arguments (argv after the sub-command). Prints help or a clear
// message for unknown/malformed options (exit code 2).
parse_outcome parse_serve_args(const std::vector<std::string>& args);

}  // namespace qproxy::app
