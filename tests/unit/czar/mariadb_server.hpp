// A private MariaDB server for reference values: started on first use on a
// temporary data directory and a free loopback port, stopped (and the
// directory removed) when the test program exits — or when it dies, as the
// server gets SIGTERM with its parent.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace qproxy::czar::testing {

class mariadb_server {
public:
    // The running server, or nullptr (with a reason in skip_reason()) when
    // mariadbd is not installed or did not start.
    static mariadb_server* instance();
    static const std::string& skip_reason();

    // The value of `SELECT <expr>` for each expression (nullopt for NULL);
    // an expression that fails gets the error text prefixed with "ERROR ".
    std::vector<std::optional<std::string>> select_values(const std::vector<std::string>& exprs);

    // Runs `setup` (statements separated by ';') then `query`; the query's rows with
    // NULL as nullopt, or one row holding "ERROR …" when something fails.
    std::vector<std::vector<std::optional<std::string>>> rows(const std::string& setup, const std::string& query);

    mariadb_server(const mariadb_server&) = delete;
    mariadb_server& operator=(const mariadb_server&) = delete;
    ~mariadb_server();

private:
    mariadb_server() = default;
    bool start();
    // Runs the client on a script file; its standard output.
    std::string run_client(const std::string& script_text, const std::string& error_file);

    std::string dir_;
    std::string socket_;
    int pid_ = -1;
};

}  // namespace qproxy::czar::testing
