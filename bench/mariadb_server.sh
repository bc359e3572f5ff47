#!/usr/bin/env bash
# Starts a throwaway MariaDB server from Debian's package on a loopback port:
#   source bench/mariadb_server.sh; mariadb_start DIR PORT; ...; mariadb_stop
mariadb_start() {
    local dir=$1 port=$2
    rm -rf "$dir" && mkdir -p "$dir"
    mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
        --skip-test-db --user="$(id -un)" >"$dir/install.log" 2>&1 || { cat "$dir/install.log"; return 1; }
    mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" --port="$port" --bind-address=127.0.0.1 \
        --pid-file="$dir/pid" --user="$(id -un)" --max-connections=12000 --open-files-limit=15000 --skip-name-resolve \
        --innodb-buffer-pool-size=256M --log-error="$dir/error.log" &
    MARIADB_PID=$!
    for _ in $(seq 100); do
        mariadb --no-defaults -S "$dir/sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break
        sleep 0.2
    done
    mariadb --no-defaults -S "$dir/sock" -uroot -e \
        "CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'bench'@'127.0.0.1';"
}

mariadb_stop() {
    [ -n "${MARIADB_PID:-}" ] && kill "$MARIADB_PID" 2>/dev/null && wait "$MARIADB_PID" 2>/dev/null
    MARIADB_PID=
}
