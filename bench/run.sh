#!/usr/bin/env bash
# Protocol benchmarks, qproxy side by side with a MariaDB server started from
# Debian's package, same client (bench/load_gen), same machine, one run.
# Prints each figure and the ratio qproxy/MariaDB (higher is better for rates).
# Then runs the czar benchmarks (bench/czar.sh, a few minutes more) unless
# QPROXY_BENCH_CZAR=0. QPROXY_BENCH_ARGS: more options for qproxy serve
# (e.g. --proxy.io_threads=64).
#   bench/run.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
build=${1:-build}
seconds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/qproxy-bench.XXXXXX)
source "$here/mariadb_server.sh"
ulimit -n "$(ulimit -Hn)"  # 10,000 idle connections need as many descriptors

cleanup() {
    mariadb_stop
    [ -n "${QPROXY_PID:-}" ] && kill "$QPROXY_PID" 2>/dev/null && wait "$QPROXY_PID" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mport=$(free_port)
mariadb_start "$work/mariadb" "$mport"
qport=$(free_port)
# shellcheck disable=SC2086  # QPROXY_BENCH_ARGS holds several words
"$build/app/qproxy" serve --listen "127.0.0.1:$qport" --data-dir "$work/qproxy" --log.level=warn ${QPROXY_BENCH_ARGS:-} \
    >"$work/qproxy.out" 2>&1 &
QPROXY_PID=$!
for _ in $(seq 100); do grep -q listening "$work/qproxy.out" 2>/dev/null && break; sleep 0.1; done

gen="$build/bench/load_gen"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

echo "== SELECT 1: queries/s and latency (us), ${seconds}s per run"
printf "%-6s %12s %10s %10s %12s %10s %10s %8s\n" conns qproxy_qps p50 p99 mariadb_qps p50 p99 ratio
for c in 1 16 64; do
    read -r qq qp50 qp99 < <("$gen" qps 127.0.0.1 "$qport" qsmaster "" "$c" "$seconds")
    read -r mq mp50 mp99 < <("$gen" qps 127.0.0.1 "$mport" bench "" "$c" "$seconds")
    printf "%-6s %12s %10s %10s %12s %10s %10s %8s\n" "$c" "$qq" "$qp50" "$qp99" "$mq" "$mp50" "$mp99" "$(ratio "$qq" "$mq")"
done

echo "== connect + authenticate + quit per second (4 client threads)"
qc=$("$gen" connect 127.0.0.1 "$qport" qsmaster "" 4 "$seconds")
mc=$("$gen" connect 127.0.0.1 "$mport" bench "" 4 "$seconds")
printf "qproxy %s  mariadb %s  ratio %s\n" "$qc" "$mc" "$(ratio "$qc" "$mc")"

echo "== resident memory with 10000 idle connections"
rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
idle() {  # pid port user
    local before after
    before=$(rss "$1")
    coproc IDLE { "$gen" idle 127.0.0.1 "$2" "$3" "" 10000; }
    read -r _ready _n <&"${IDLE[0]}"
    sleep 1
    after=$(rss "$1")
    echo done >&"${IDLE[1]}"
    wait "$IDLE_PID" 2>/dev/null || true
    awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", (a - b) / 10000 }'
}
qk=$(idle "$QPROXY_PID" "$qport" qsmaster)
mk=$(idle "$MARIADB_PID" "$mport" bench)
printf "qproxy %s KiB/connection  mariadb %s KiB/connection\n" "$qk" "$mk"

# The czar benchmarks start servers of their own: these go first.
cleanup
trap - EXIT
[ "${QPROXY_BENCH_CZAR:-1}" = 0 ] || "$here/czar.sh" "$build"
