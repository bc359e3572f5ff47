#!/usr/bin/env bash
# Ingest benchmarks (issue 5), qproxy side by side with a MariaDB server from
# Debian's package, same file, same client (the mariadb CLI), same machine:
#   1. LOAD DATA LOCAL INFILE of a sky-partitioned Object table (qproxy: 85
#      stripes, 12 sub-stripes, overlap 0.01667, as Qserv's default) against
#      MariaDB loading the same file into an InnoDB table with the same
#      primary key: rows/s, MB/s and the ratio (goal >= 1.0);
#   2. point lookups by director key on the loaded table, random keys,
#      1 connection (bench/load_gen latency): p50/p99 (goal p50 < 2 ms).
#   bench/ingest.sh [BUILD_DIR] [ROWS] [FOOTPRINT]   ROWS defaults to 10,000,000;
#   FOOTPRINT demo (default: the demo's, ~1,640 chunks) or sky (the whole
#   sphere, ~9,000 chunks: more than a load keeps open at once).
set -euo pipefail
build=${1:-build}
rows=${2:-10000000}
footprint=${3:-demo}
case "$footprint" in
demo) ra_span=90 zmax_expr='sin(pi / 4)' ;;
sky) ra_span=360 zmax_expr=1 ;;
*) echo "FOOTPRINT: demo or sky" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
gen="$build/bench/load_gen"
work=$(mktemp -d /tmp/qproxy-ingest-bench.XXXXXX)
source "$here/mariadb_server.sh"

cleanup() {
    mariadb_stop
    [ -n "${QPROXY_PID:-}" ] && kill "$QPROXY_PID" 2>/dev/null && { wait "$QPROXY_PID" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
load() { uptime | sed 's/.*load/load/'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "== machine: $(nproc) cores, $(load); $rows rows over footprint $footprint"
# Objects spread uniformly over the demo's footprint (ra 0..90, decl -45..45:
# ~1,640 chunks, a survey patch) or the whole sky, fixed seed; \N for some fluxes.
csv="$work/Object.csv"
awk -v n="$rows" -v span="$ra_span" 'BEGIN {
    srand(20261121); pi = atan2(0, -1); zmax = '"$zmax_expr"'
    for (i = 1; i <= n; ++i) {
        ra = span * rand(); z = zmax * (2 * rand() - 1); decl = atan2(z, sqrt(1 - z * z)) * 180 / pi
        printf "%d,%.10f,%.10f", i, ra, decl
        for (f = 0; f < 5; ++f) { if (rand() < 0.02) printf ",\\N"; else printf ",%.6e", 1e-29 * (1 + 1000 * rand()) }
        printf ",%d\n", int(16 * rand())
    }
}' >"$csv"
mb=$(du -m "$csv" | cut -f1)
echo "   file: $mb MiB"
columns="objectId BIGINT NOT NULL PRIMARY KEY, ra DOUBLE NOT NULL, decl DOUBLE NOT NULL, uFlux DOUBLE, gFlux DOUBLE,
         rFlux DOUBLE, iFlux DOUBLE, zFlux DOUBLE, flags INT NOT NULL"

# --- MariaDB: InnoDB, the same primary key ------------------------------------
mport=$(free_port)
mariadb_start "$work/mariadb" "$mport" >"$work/mariadb.out" 2>&1 || { cat "$work/mariadb.out"; exit 1; }
msql() { mariadb --no-defaults -S "$work/mariadb/sock" -uroot --local-infile=1 -N -B -e "$1"; }
msql "CREATE DATABASE bench; CREATE TABLE bench.Object ($columns) ENGINE=InnoDB;"
start=$(now)
msql "LOAD DATA LOCAL INFILE '$csv' INTO TABLE bench.Object FIELDS TERMINATED BY ','"
mtime=$(elapsed "$start" "$(now)")
# InnoDB answers once its redo log is durable and writes the table's pages
# afterwards, lazily (minutes): qproxy's load must not run while MariaDB
# still writes. Ask it to write them all now, and wait.
msql "SET GLOBAL innodb_max_dirty_pages_pct = 0"
for _ in $(seq 1200); do
    [ "$(msql "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'" | cut -f2)" = 0 ] && break
    sleep 0.5
done
echo "   MariaDB loaded $(msql 'SELECT COUNT(*) FROM bench.Object') rows in $mtime s; its dirty pages were written" \
    "$(elapsed "$start" "$(now)") s after the start ($(load))"

# --- qproxy: sky-partitioned director table ------------------------------------
qport=$(free_port)
"$build/app/qproxy" serve --listen "127.0.0.1:$qport" --data-dir "$work/qproxy" --log.level=warn >"$work/qproxy.out" 2>&1 &
QPROXY_PID=$!
for _ in $(seq 100); do grep -q listening "$work/qproxy.out" 2>/dev/null && break; sleep 0.1; done
qsql() { mariadb --no-defaults -h 127.0.0.1 -P "$qport" -u qsmaster --skip-ssl --local-infile=1 -N -B -e "$1"; }
qsql "CREATE DATABASE bench; CREATE TABLE bench.Object ($columns)
      PARTITION BY SPHERE (ra, decl) KEY (objectId) STRIPES 85 SUBSTRIPES 12 OVERLAP 0.01667;"
start=$(now)
qsql "LOAD DATA LOCAL INFILE '$csv' INTO TABLE bench.Object FIELDS TERMINATED BY ','"
qtime=$(elapsed "$start" "$(now)")
echo "   qproxy loaded $(qsql 'SELECT COUNT(*) FROM bench.Object') rows in $qtime s into" \
    "$(ls "$work/qproxy/chunks/bench" | grep -c '\.sqlite3$') chunk files ($(load))"

echo "== 1. LOAD DATA LOCAL INFILE, $rows rows, $mb MiB"
printf "%-8s %8s %12s %8s\n" "" seconds rows/s MB/s
for s in "qproxy $qtime" "mariadb $mtime"; do
    read -r who t <<<"$s"
    printf "%-8s %8s %12s %8s\n" "$who" "$t" "$(awk -v r="$rows" -v t="$t" 'BEGIN { printf "%.0f", r / t }')" \
        "$(awk -v m="$mb" -v t="$t" 'BEGIN { printf "%.1f", m / t }')"
done
echo "   ratio qproxy/MariaDB (rows/s) $(ratio "$mtime" "$qtime"); goal >= 1.0"

echo "== 2. point lookup by objectId, random keys in 1..$rows, 1 connection, 20,000 lookups (us) ($(load))"
lookup="SELECT * FROM bench.Object WHERE objectId = {}"
"$gen" latency 127.0.0.1 "$qport" qsmaster "" 1 200 "$lookup" 1 "$rows" >/dev/null
read -r qq qp50 qp99 < <("$gen" latency 127.0.0.1 "$qport" qsmaster "" 1 20000 "$lookup" 1 "$rows")
"$gen" latency 127.0.0.1 "$mport" bench "" 1 200 "$lookup" 1 "$rows" >/dev/null
read -r mq mp50 mp99 < <("$gen" latency 127.0.0.1 "$mport" bench "" 1 20000 "$lookup" 1 "$rows")
printf "%-8s %10s %8s %8s\n" "" lookups/s p50 p99
printf "%-8s %10s %8s %8s\n" qproxy "$qq" "$qp50" "$qp99"
printf "%-8s %10s %8s %8s\n" mariadb "$mq" "$mp50" "$mp99"
echo "   goal: qproxy p50 < 2000"
echo "== done; $(load)"
