#include "mariadb_server.hpp"

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace qproxy::czar::testing {

namespace {

std::string skip;

std::string find_program(std::initializer_list<const char*> names) {
    const char* path = std::getenv("PATH");
    std::string dirs = std::string(path ? path : "") + ":/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin";
    for (const char* name : names) {
        std::istringstream in(dirs);
        for (std::string dir; std::getline(in, dir, ':');) {
            const auto candidate = dir + "/" + name;
            if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
        }
    }
    return {};
}

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

bool socket_accepts(const std::string& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

// The client's batch output escapes \t, \n, \\ and NUL.
std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        const char c = s[++i];
        out += c == 't' ? '\t' : c == 'n' ? '\n' : c == '0' ? '\0' : c;
    }
    return out;
}

}  // namespace

const std::string& mariadb_server::skip_reason() { return skip; }

mariadb_server* mariadb_server::instance() {
    static std::unique_ptr<mariadb_server> server = [] {
        std::unique_ptr<mariadb_server> s(new mariadb_server());
        if (!s->start()) s.reset();
        return s;
    }();
    return server.get();
}

bool mariadb_server::start() {
    const auto mariadbd = find_program({"mariadbd", "mysqld"});
    const auto install = find_program({"mariadb-install-db", "mysql_install_db"});
    if (mariadbd.empty() || install.empty() || find_program({"mariadb", "mysql"}).empty()) {
        skip = "mariadbd (MariaDB server) is not installed";
        return false;
    }
    char tmpl[] = "/tmp/qproxy-mariadb-XXXXXX";
    if (!::mkdtemp(tmpl)) {
        skip = "cannot create a temporary directory";
        return false;
    }
    dir_ = tmpl;
    socket_ = dir_ + "/mysqld.sock";
    const auto cmd = fmt::format("{} --no-defaults --datadir={}/data --auth-root-authentication-method=normal "
                                 "--skip-test-db > {}/install.log 2>&1",
                                 install, dir_, dir_);
    if (std::system(cmd.c_str()) != 0) {
        skip = "mariadb-install-db failed (see " + dir_ + "/install.log)";
        return false;
    }
    const auto port = std::to_string(free_port());
    std::vector<std::string> args = {mariadbd, "--no-defaults", "--datadir=" + dir_ + "/data", "--socket=" + socket_,
                                     "--port=" + port, "--bind-address=127.0.0.1", "--skip-grant-tables",
                                     "--pid-file=" + dir_ + "/mysqld.pid", "--log-error=" + dir_ + "/error.log",
                                     "--character-set-server=utf8mb4", "--innodb-buffer-pool-size=16M",
                                     "--skip-log-bin"};
    if (::geteuid() == 0) args.push_back("--user=root");
    pid_ = ::fork();
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive the tests
        const int log = ::open((dir_ + "/stdout.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(log, 1);
        ::dup2(log, 2);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(mariadbd.c_str(), argv.data());
        ::_exit(127);
    }
    for (int i = 0; i < 600; ++i) {
        if (socket_accepts(socket_)) return true;
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    skip = "mariadbd did not start (see " + dir_ + "/error.log)";
    return false;
}

mariadb_server::~mariadb_server() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        bool exited = false;
        for (int i = 0; i < 300 && !exited; ++i) {
            exited = ::waitpid(pid_, nullptr, WNOHANG) == pid_;
            if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (!exited) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    if (!dir_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
}

std::string mariadb_server::run_client(const std::string& script_text, const std::string& error_file) {
    const auto script = dir_ + "/script.sql";
    std::ofstream(script) << script_text;
    const auto cmd = fmt::format("{} --no-defaults --socket={} -uroot --batch --skip-column-names --force "
                                 "--default-character-set=utf8mb4 < {} 2> {}",
                                 find_program({"mariadb", "mysql"}), socket_, script, error_file);
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        for (int c; (c = std::fgetc(p)) != EOF;) out += static_cast<char>(c);
        ::pclose(p);
    }
    return out;
}

std::vector<std::vector<std::optional<std::string>>> mariadb_server::rows(const std::string& setup, const std::string& query) {
    const auto errors = dir_ + "/rows.err";
    const std::string out = run_client(setup + ";\n" + query + ";\n", errors);
    std::ifstream err(errors);
    std::string first_error;
    std::getline(err, first_error);
    if (!first_error.empty()) return {{"ERROR " + first_error}};
    std::vector<std::vector<std::optional<std::string>>> result;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        auto& r = result.emplace_back();
        std::size_t start = 0;
        for (;;) {
            const auto tab = line.find('\t', start);
            const auto field = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
            r.push_back(field == "NULL" ? std::nullopt : std::optional(unescape(field)));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
    }
    return result;
}

std::vector<std::optional<std::string>> mariadb_server::select_values(const std::vector<std::string>& exprs) {
    // One statement per line, so the client's "at line N" names the expression.
    constexpr std::size_t preamble = 2;
    std::string script = "SET collation_connection = utf8mb4_general_nopad_ci;\nSET time_zone = '+00:00';\n";
    for (std::size_t i = 0; i < exprs.size(); ++i)
        script += fmt::format("SELECT {}, ({}) IS NULL, {};\n", i, exprs[i], exprs[i]);
    const std::string out = run_client(script, dir_ + "/client.err");
    std::vector<std::optional<std::string>> values(exprs.size(), std::string("ERROR (no result)"));
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
        if (t1 == std::string::npos || t2 == std::string::npos) continue;
        const auto index = std::stoul(line.substr(0, t1));
        if (index < values.size())
            values[index] = line.substr(t1 + 1, t2 - t1 - 1) == "1" ? std::nullopt : std::optional(unescape(line.substr(t2 + 1)));
    }
    std::ifstream errors(dir_ + "/client.err");
    for (std::string line; std::getline(errors, line);) {
        const auto at = line.find(" at line ");
        if (at == std::string::npos) continue;
        const auto number = std::stoul(line.substr(at + 9));
        if (number > preamble && number - preamble - 1 < values.size()) values[number - preamble - 1] = line;
    }
    return values;
}

}  // namespace qproxy::czar::testing
