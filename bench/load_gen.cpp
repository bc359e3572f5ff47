// Load generator for the protocol benchmarks (libmysqlclient, blocking API,
// one thread per connection): the same client runs against qproxy and
// MariaDB so only the server differs.
//   load_gen qps   HOST PORT USER PASSWORD CONNECTIONS SECONDS   -> "qps p50_us p99_us"
//   load_gen latency HOST PORT USER PASSWORD CONNECTIONS COUNT SQL [LOW HIGH]
//                                                                 -> "qps p50_us p99_us"
//       COUNT statements per connection; "{}" in SQL becomes a random integer in [LOW, HIGH]
//   load_gen paced HOST PORT USER PASSWORD CONNECTIONS COUNT PER_SECOND SQL  -> "qps p50_us p99_us"
//       the same, but each connection sends PER_SECOND statements a second on a fixed
//       schedule (connections staggered): latency at a given load, not under saturation
//   load_gen fetch HOST PORT USER PASSWORD RUNS SQL              -> "rows bytes best_s median_s"
//       one connection, rows streamed (mysql_use_result), after one untimed warm-up run
//   load_gen connect HOST PORT USER PASSWORD THREADS SECONDS     -> "connects_per_s"
//   load_gen idle  HOST PORT USER PASSWORD COUNT                 -> holds COUNT idle connections until stdin closes
#include <mysql.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

struct target {
    std::string host;
    unsigned port;
    std::string user;
    std::string password;
};

MYSQL* open(const target& t) {
    MYSQL* m = mysql_init(nullptr);
    unsigned int ssl_off = 0;
    my_bool verify = 0;
    mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &ssl_off);
    mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
    if (!mysql_real_connect(m, t.host.c_str(), t.user.c_str(), t.password.c_str(), nullptr, t.port, nullptr, 0)) {
        std::fprintf(stderr, "connect: %s\n", mysql_error(m));
        mysql_close(m);
        return nullptr;
    }
    return m;
}

using clock_type = std::chrono::steady_clock;

// Prints "statements_per_s p50_us p99_us" over all connections.
int print_latencies(const std::vector<std::vector<std::uint32_t>>& latencies, double seconds) {
    std::vector<std::uint32_t> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    if (all.empty()) return 1;
    std::sort(all.begin(), all.end());
    std::printf("%.0f %u %u\n", static_cast<double>(all.size()) / seconds, all[all.size() / 2],
                all[all.size() * 99 / 100]);
    return 0;
}

int run_qps(const target& t, int connections, double seconds) {
    std::vector<std::vector<std::uint32_t>> latencies(connections);
    std::atomic<bool> stop{false};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < connections; ++i)
        threads.emplace_back([&, i] {
            MYSQL* m = open(t);
            if (!m) {
                ++failed;
                return;
            }
            auto& lat = latencies[i];
            lat.reserve(1 << 20);
            while (!stop.load(std::memory_order_relaxed)) {
                auto start = clock_type::now();
                if (mysql_query(m, "SELECT 1") != 0) {
                    ++failed;
                    break;
                }
                MYSQL_RES* r = mysql_store_result(m);
                mysql_free_result(r);
                lat.push_back(static_cast<std::uint32_t>(
                    std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - start).count()));
            }
            mysql_close(m);
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& th : threads) th.join();
    if (failed) return 1;
    return print_latencies(latencies, seconds);
}

// Every connection is open before the first statement, so connecting is not
// measured and all of them run at once.
int run_latency(const target& t, int connections, int count, const std::string& sql, long low, long high,
                double per_second = 0) {
    std::vector<MYSQL*> conns;
    for (int i = 0; i < connections; ++i) {
        MYSQL* m = open(t);
        if (!m) return 1;
        conns.push_back(m);
    }
    const auto hole = sql.find("{}");
    std::vector<std::vector<std::uint32_t>> latencies(connections);
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    const auto begin = clock_type::now();
    for (int i = 0; i < connections; ++i)
        threads.emplace_back([&, i] {
            std::mt19937_64 rng(i);
            std::uniform_int_distribution<long> ids(low, high);
            auto& lat = latencies[i];
            lat.reserve(count);
            std::string text = sql;
            const std::chrono::duration<double> period(per_second > 0 ? 1 / per_second : 0);
            for (int n = 0; n < count; ++n) {
                if (per_second > 0)
                    std::this_thread::sleep_until(begin + std::chrono::duration_cast<clock_type::duration>(
                                                              period * (n + static_cast<double>(i) / connections)));
                if (hole != std::string::npos) text = sql.substr(0, hole) + std::to_string(ids(rng)) + sql.substr(hole + 2);
                auto start = clock_type::now();
                if (mysql_query(conns[i], text.c_str()) != 0) {
                    std::fprintf(stderr, "%s: %s\n", text.c_str(), mysql_error(conns[i]));
                    ++failed;
                    return;
                }
                mysql_free_result(mysql_store_result(conns[i]));
                lat.push_back(static_cast<std::uint32_t>(
                    std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - start).count()));
            }
        });
    for (auto& th : threads) th.join();
    const std::chrono::duration<double> elapsed = clock_type::now() - begin;
    for (auto* m : conns) mysql_close(m);
    if (failed) return 1;
    return print_latencies(latencies, elapsed.count());
}

// Rows are only counted and their lengths summed: the client does as little
// as a client can, so the figure is the server's (and the wire's).
int run_fetch(const target& t, int runs, const std::string& sql) {
    MYSQL* m = open(t);
    if (!m) return 1;
    std::uint64_t rows = 0, bytes = 0;
    std::vector<double> seconds;
    for (int run = 0; run <= runs; ++run) {
        rows = bytes = 0;
        auto start = clock_type::now();
        MYSQL_RES* r = nullptr;
        if (mysql_query(m, sql.c_str()) != 0 || !(r = mysql_use_result(m))) {
            std::fprintf(stderr, "%s: %s\n", sql.c_str(), mysql_error(m));
            mysql_close(m);
            return 1;
        }
        const unsigned fields = mysql_num_fields(r);
        while (mysql_fetch_row(r)) {
            const unsigned long* lengths = mysql_fetch_lengths(r);
            for (unsigned f = 0; f < fields; ++f) bytes += lengths[f];
            ++rows;
        }
        const bool ok = mysql_errno(m) == 0;
        mysql_free_result(r);
        if (!ok) {
            std::fprintf(stderr, "%s: %s\n", sql.c_str(), mysql_error(m));
            mysql_close(m);
            return 1;
        }
        if (run > 0) seconds.push_back(std::chrono::duration<double>(clock_type::now() - start).count());
    }
    mysql_close(m);
    std::sort(seconds.begin(), seconds.end());
    std::printf("%llu %llu %.6f %.6f\n", static_cast<unsigned long long>(rows), static_cast<unsigned long long>(bytes),
                seconds.front(), seconds[seconds.size() / 2]);
    return 0;
}

int run_connect(const target& t, int threads_n, double seconds) {
    std::atomic<bool> stop{false};
    std::atomic<long> count{0}, failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < threads_n; ++i)
        threads.emplace_back([&] {
            while (!stop.load(std::memory_order_relaxed)) {
                MYSQL* m = open(t);
                if (!m) {
                    ++failed;
                    return;
                }
                mysql_close(m);
                ++count;
            }
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& th : threads) th.join();
    if (failed) return 1;
    std::printf("%.0f\n", static_cast<double>(count) / seconds);
    return 0;
}

int run_idle(const target& t, int count) {
    std::vector<MYSQL*> conns;
    for (int i = 0; i < count; ++i) {
        MYSQL* m = open(t);
        if (!m) return 1;
        conns.push_back(m);
    }
    std::printf("ready %d\n", count);
    std::fflush(stdout);
    std::string line;
    std::getline(std::cin, line);  // hold until the driver has measured
    for (auto* m : conns) mysql_close(m);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 7) {
        std::fprintf(stderr, "usage: load_gen qps|connect|idle|latency|paced|fetch HOST PORT USER PASSWORD N [...]\n");
        return 2;
    }
    std::string mode = argv[1];
    target t{argv[2], static_cast<unsigned>(std::atoi(argv[3])), argv[4], argv[5]};
    int n = std::atoi(argv[6]);
    double seconds = argc > 7 ? std::atof(argv[7]) : 5.0;
    mysql_library_init(0, nullptr, nullptr);
    if (mode == "qps") return run_qps(t, n, seconds);
    if (mode == "connect") return run_connect(t, n, seconds);
    if (mode == "idle") return run_idle(t, n);
    if (mode == "latency" && argc > 8 && n > 0 && std::atoi(argv[7]) > 0)
        return run_latency(t, n, std::atoi(argv[7]), argv[8], argc > 10 ? std::atol(argv[9]) : 0,
                           argc > 10 ? std::atol(argv[10]) : 0);
    if (mode == "paced" && argc > 9 && n > 0 && std::atoi(argv[7]) > 0 && std::atof(argv[8]) > 0)
        return run_latency(t, n, std::atoi(argv[7]), argv[9], 0, 0, std::atof(argv[8]));
    if (mode == "fetch" && argc > 7 && n > 0) return run_fetch(t, n, argv[7]);
    return 2;
}
