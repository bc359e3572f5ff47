"""Qserv's case02 (tests/shared corpus, see its README.md) for the integration
tests: the tables as qproxy DDL and as plain MariaDB DDL, the gunzipped CSV
files, LOAD DATA LOCAL INFILE, the query files and their annotations, the
scisql functions as MariaDB stored functions, and a throwaway MariaDB server
(Debian's mariadbd, temp datadir, 127.0.0.1 ephemeral port) as the reference."""
import atexit
import ctypes
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.environ.get("QPROXY_CASE02_ROOT", "/work/shared/corpus/qserv/case02")
CASE = os.environ.get("QPROXY_CASE02", os.path.join(ROOT, "data"))
QUERIES = os.path.join(os.path.dirname(CASE), "queries")
DB = "qcase02"
TABLES = ("Object", "Source")  # the director first


def _read(*parts):
    with open(os.path.join(CASE, *parts)) as f:
        return f.read()


def plain_create_statement(table, db=DB):
    """The table's .schema as it is (MyISAM, latin1), in database db."""
    ddl = _read("schema", f"{table}.schema").strip().rstrip(";")
    return ddl.replace(f"CREATE TABLE `{table}`", f"CREATE TABLE `{db}`.`{table}`", 1)


def create_statement(table, db=DB):
    """The table's .schema with the partitioning its ingest JSON (and common.json) describes."""
    ddl = plain_create_statement(table, db)
    ingest = json.loads(_read("ingest", f"{table}.json"))
    part = json.loads(_read("partition", "common.json"))["part"]
    if ingest["director_table"]:
        return ddl + f"\nPARTITION BY DIRECTOR ({ingest['director_key']}) REFERENCES {db}.{ingest['director_table']}"
    return ddl + (f"\nPARTITION BY SPHERE ({ingest['longitude_key']}, {ingest['latitude_key']}) "
                  f"KEY ({ingest['director_key']}) STRIPES {part['num-stripes']} "
                  f"SUBSTRIPES {part['num-sub-stripes']} OVERLAP {part['default-overlap']}")


def gunzip_tables(directory):
    """Writes <Table>.csv for each table into directory; returns {table: path}."""
    paths = {}
    for table in TABLES:
        paths[table] = os.path.join(directory, f"{table}.csv")
        with gzip.open(os.path.join(CASE, f"{table}.csv.gz"), "rb") as src, open(paths[table], "wb") as dst:
            shutil.copyfileobj(src, dst)
    return paths


def load_statement(table, path, db=DB):
    return f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {db}.{table} FIELDS TERMINATED BY ','"


# ---- query files ----

KNOWN_PRAGMAS = {"sortresult", "noheader"}


class QueryFile:
    """One corpus file: the text qproxy gets, the text the reference gets, and the pragmas.

    Annotations (corpus README): a line ending in `-- noQserv` is for the reference only;
    a line `-- withQserv <text>` contributes <text> on qproxy only; `-- pragma sortresult`
    / `noheader`. Whole-line comments are dropped (as the mariadb CLI does); comments at
    the end of a line stay, so qproxy's lexer sees them. `{DBTAG_A}` (0001) is Qserv's
    integration-test placeholder for a database qualifier: empty here, the connection's
    default database is qcase02. A file may hold several `;`-separated statements."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.relpath(path, QUERIES)
        with open(path) as f:
            self.text = f.read()
        self.pragmas = set()
        qserv, ref = [], []
        for line in self.text.splitlines():
            s = line.strip()
            m = re.match(r"--\s*withQserv\s?(.*)$", s)
            if m:
                qserv.append(m.group(1))
                continue
            m = re.match(r"--\s*pragma\s+(.*)$", s)
            if m:
                self.pragmas.update(m.group(1).split())
                continue
            if s.startswith("--"):
                continue
            if re.search(r"--\s*noQserv\s*$", s):
                ref.append(line)
                continue
            qserv.append(line)
            ref.append(line)
        self.qserv = split_statements("\n".join(qserv).replace("{DBTAG_A}", ""))
        self.reference = split_statements("\n".join(ref).replace("{DBTAG_A}", ""))
        # A misspelt pragma would silently change how results compare.
        unknown = self.pragmas - KNOWN_PRAGMAS
        if unknown:
            raise ValueError(f"{self.name}: unknown pragma(s) {sorted(unknown)}; the corpus README defines "
                             f"{sorted(KNOWN_PRAGMAS)}")
        if not self.qserv or not self.reference:
            raise ValueError(f"{self.name}: no statement for qproxy or for the reference")

    @property
    def sort(self):
        return "sortresult" in self.pragmas

    @property
    def header(self):
        return "noheader" not in self.pragmas


def split_statements(text):
    """`;`-separated statements (no `;` occurs inside the corpus's string literals)."""
    out = []
    for part in text.split(";"):
        part = "\n".join(line for line in part.splitlines() if line.strip()).strip()
        if part:
            out.append(part)
    return out


def query_files(subdir=""):
    base = os.path.join(QUERIES, subdir)
    return [QueryFile(os.path.join(base, n)) for n in sorted(os.listdir(base)) if n.endswith(".sql")]


# ---- scisql on the reference ----
#
# The scisql UDFs' arithmetic (smonkewitz/scisql src/geometry.c, photometry.h) as
# stored functions; NULL rules as scisql's: real-valued functions give NULL for NULL
# or invalid arguments, the s2PtIn* predicates 0 for a NULL argument and NULL for an
# invalid one. Constants in E notation are DOUBLE literals (a plain 0.0174… would be
# DECIMAL; the product would still be DOUBLE, but this keeps every step in double).

RAD = "1.74532925199432957692369076849e-2"
DEG = "5.72957795130823208767981548141e1"

SCISQL_FUNCTIONS = [
    """CREATE FUNCTION scisql_fluxToAbMag(flux DOUBLE) RETURNS DOUBLE DETERMINISTIC NO SQL
RETURN IF(flux IS NULL OR NOT flux > 0e0, NULL, -2.5e0 * LOG10(flux) - 48.6e0)""",

    # scisql_sc_init's check and the haversine chord of sc_angsep.
    f"""CREATE FUNCTION scisql__dist2(lon1 DOUBLE, lat1 DOUBLE, lon2 DOUBLE, lat2 DOUBLE) RETURNS DOUBLE
DETERMINISTIC NO SQL
BEGIN
  DECLARE x, y, z, d2 DOUBLE;
  SET x = SIN((lon1 - lon2) * {RAD} * 0.5e0);
  SET x = x * x;
  SET y = SIN((lat1 - lat2) * {RAD} * 0.5e0);
  SET y = y * y;
  SET z = COS((lat1 + lat2) * {RAD} * 0.5e0);
  SET z = z * z;
  SET d2 = 4e0 * (x * (z - y) + y);
  RETURN IF(d2 < 0e0, 0e0, IF(d2 > 4e0, 4e0, d2));
END""",

    f"""CREATE FUNCTION scisql_angSep(lon1 DOUBLE, lat1 DOUBLE, lon2 DOUBLE, lat2 DOUBLE) RETURNS DOUBLE
DETERMINISTIC NO SQL
BEGIN
  DECLARE a DOUBLE;
  IF lon1 IS NULL OR lat1 IS NULL OR lon2 IS NULL OR lat2 IS NULL
     OR lat1 < -90e0 OR lat1 > 90e0 OR lat2 < -90e0 OR lat2 > 90e0 THEN RETURN NULL; END IF;
  SET a = 2e0 * {DEG} * ASIN(SQRT(scisql__dist2(lon1, lat1, lon2, lat2) * 0.25e0));
  RETURN IF(a > 180e0, 180e0, a);
END""",

    """CREATE FUNCTION scisql__angred(a DOUBLE) RETURNS DOUBLE DETERMINISTIC NO SQL
BEGIN
  SET a = MOD(a, 360e0);
  IF a < 0e0 THEN SET a = a + 360e0; IF a = 360e0 THEN SET a = 0e0; END IF; END IF;
  RETURN a;
END""",

    """CREATE FUNCTION scisql_s2PtInBox(lon DOUBLE, lat DOUBLE, lonMin DOUBLE, latMin DOUBLE, lonMax DOUBLE,
                                 latMax DOUBLE) RETURNS BIGINT DETERMINISTIC NO SQL
BEGIN
  IF lon IS NULL OR lat IS NULL OR lonMin IS NULL OR latMin IS NULL OR lonMax IS NULL OR latMax IS NULL
    THEN RETURN 0; END IF;
  IF lat < -90e0 OR lat > 90e0 OR latMin < -90e0 OR latMin > 90e0 OR latMax < -90e0 OR latMax > 90e0
    THEN RETURN NULL; END IF;
  IF lonMax < lonMin AND (lonMax < 0e0 OR lonMin > 360e0) THEN RETURN NULL; END IF;
  IF latMin > latMax OR lat < latMin OR lat > latMax THEN RETURN 0; END IF;
  IF lonMax - lonMin >= 360e0 THEN RETURN 1; END IF;
  SET lon = scisql__angred(lon), lonMin = scisql__angred(lonMin), lonMax = scisql__angred(lonMax);
  IF lonMin <= lonMax THEN RETURN lon >= lonMin AND lon <= lonMax; END IF;
  RETURN lon >= lonMin OR lon <= lonMax;
END""",

    f"""CREATE FUNCTION scisql_s2PtInCircle(lon DOUBLE, lat DOUBLE, cLon DOUBLE, cLat DOUBLE, r DOUBLE)
RETURNS BIGINT DETERMINISTIC NO SQL
BEGIN
  DECLARE d DOUBLE;
  IF lon IS NULL OR lat IS NULL OR cLon IS NULL OR cLat IS NULL OR r IS NULL THEN RETURN 0; END IF;
  IF lat < -90e0 OR lat > 90e0 OR cLat < -90e0 OR cLat > 90e0 OR r < 0e0 OR r > 180e0 THEN RETURN NULL; END IF;
  IF ABS(lat - cLat) > r THEN RETURN 0; END IF;
  SET d = SIN(r * 0.5e0 * {RAD});
  RETURN scisql__dist2(lon, lat, cLon, cLat) <= 4e0 * d * d;
END""",

    f"""CREATE FUNCTION scisql_s2PtInEllipse(lon DOUBLE, lat DOUBLE, cLon DOUBLE, cLat DOUBLE, major DOUBLE,
                                     minor DOUBLE, posAngle DOUBLE) RETURNS BIGINT DETERMINISTIC NO SQL
BEGIN
  DECLARE posang, sinLon, cosLon, sinLat, cosLat, m, bigM, vx, vy, vz, xne, yne, x, y DOUBLE;
  IF lon IS NULL OR lat IS NULL OR cLon IS NULL OR cLat IS NULL OR major IS NULL OR minor IS NULL
     OR posAngle IS NULL THEN RETURN 0; END IF;
  IF lat < -90e0 OR lat > 90e0 THEN RETURN NULL; END IF;
  IF minor < 0e0 OR minor > major OR major > 36000e0 OR cLat < -90e0 OR cLat > 90e0 THEN RETURN NULL; END IF;
  SET posang = posAngle * {RAD};
  SET sinLon = SIN(cLon * {RAD}), cosLon = COS(cLon * {RAD});
  SET sinLat = SIN(cLat * {RAD}), cosLat = COS(cLat * {RAD});
  SET m = minor * {RAD} / 3600e0, bigM = major * {RAD} / 3600e0;
  SET vx = COS(lon * {RAD}) * COS(lat * {RAD}), vy = SIN(lon * {RAD}) * COS(lat * {RAD}), vz = SIN(lat * {RAD});
  SET xne = cosLat * vz - sinLat * (sinLon * vy + cosLon * vx);
  SET yne = cosLon * vy - sinLon * vx;
  SET x = SIN(posang) * yne + COS(posang) * xne;
  SET y = COS(posang) * yne - SIN(posang) * xne;
  RETURN x * x * (1e0 / (bigM * bigM)) + y * y * (1e0 / (m * m)) <= 1e0;
END""",
]


def cpoly_function(n):
    """scisql_s2PtInCPoly for n vertices, as scisql__s2PtInCPoly_<n> (stored functions
    have a fixed arity; the reference's calls are renamed by cpoly_rename)."""
    params = ", ".join(f"lon{i} DOUBLE, lat{i} DOUBLE" for i in range(n))
    decl = ", ".join(f"x{i}, y{i}, z{i}, ex{i}, ey{i}, ez{i}" for i in range(n))
    lines = [f"CREATE FUNCTION scisql__s2PtInCPoly_{n}(lon DOUBLE, lat DOUBLE, {params}) RETURNS BIGINT",
             "DETERMINISTIC NO SQL", "BEGIN",
             f"  DECLARE px, py, pz, sx, sy, sz, sgn, {decl} DOUBLE;",
             "  IF lon IS NULL OR lat IS NULL THEN RETURN 0; END IF;",
             "  IF lat < -90e0 OR lat > 90e0 THEN RETURN NULL; END IF;",
             "  IF " + " OR ".join(f"lon{i} IS NULL OR lat{i} IS NULL" for i in range(n)) + " THEN RETURN 0; END IF;",
             "  IF " + " OR ".join(f"lat{i} < -90e0 OR lat{i} > 90e0" for i in range(n)) + " THEN RETURN NULL; END IF;"]
    for i in range(n):
        lines.append(f"  SET x{i} = COS(lon{i} * {RAD}) * COS(lat{i} * {RAD}), "
                     f"y{i} = SIN(lon{i} * {RAD}) * COS(lat{i} * {RAD}), z{i} = SIN(lat{i} * {RAD});")
    for i in range(n):  # rcross(v_i, v_i+1): (b + a) x (b - a)
        j = (i + 1) % n
        a1, a2 = f"(x{j} + x{i})", f"(x{j} - x{i})"
        b1, b2 = f"(y{j} + y{i})", f"(y{j} - y{i})"
        c1, c2 = f"(z{j} + z{i})", f"(z{j} - z{i})"
        lines.append(f"  SET ex{i} = {b1} * {c2} - {c1} * {b2}, ey{i} = {c1} * {a2} - {a1} * {c2}, "
                     f"ez{i} = {a1} * {b2} - {b1} * {a2};")
    lines.append(f"  SET sx = x{n - 1}, sy = y{n - 1}, sz = z{n - 1};")
    for i in range(n - 1):
        lines.append(f"  SET sx = sx + x{i}, sy = sy + y{i}, sz = sz + z{i};")
    lines.append("  SET sgn = IF(sx * ex0 + sy * ey0 + sz * ez0 < 0e0, -1e0, 1e0);")
    lines.append(f"  SET px = COS(lon * {RAD}) * COS(lat * {RAD}), py = SIN(lon * {RAD}) * COS(lat * {RAD}), "
                 f"pz = SIN(lat * {RAD});")
    for i in range(n):
        lines.append(f"  IF sgn * (px * ex{i} + py * ey{i} + pz * ez{i}) < 0e0 THEN RETURN 0; END IF;")
    lines += ["  RETURN 1;", "END"]
    return "\n".join(lines)


def cpoly_rename(sql):
    """scisql_s2PtInCPoly(lon, lat, v1lon, v1lat, …) → scisql__s2PtInCPoly_<n>(…); returns
    (sql, set of n)."""
    arities = set()
    out, i = [], 0
    pattern = re.compile(r"scisql_s2PtInCPoly\s*\(", re.I)
    while True:
        m = pattern.search(sql, i)
        if not m:
            out.append(sql[i:])
            break
        depth, j, commas = 1, m.end(), 0
        while j < len(sql) and depth:
            c = sql[j]
            depth += c == "("
            depth -= c == ")"
            commas += c == "," and depth == 1
            j += 1
        args = commas + 1
        if args % 2 or args < 8:  # not a vertex list: leave it to fail as it would
            out.append(sql[i:m.end()])
            i = m.end()
            continue
        n = (args - 2) // 2
        arities.add(n)
        out.append(sql[i:m.start()] + f"scisql__s2PtInCPoly_{n}(")
        i = m.end()
    return "".join(out), arities


# ---- a throwaway MariaDB server ----

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent():
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class MariaDB:
    """Debian's mariadbd on 127.0.0.1:<ephemeral>, with a temporary datadir; stop() (or
    the end of the process) kills it and removes the directory."""

    def __init__(self, tmp_root=None):
        self.dir = None
        self.proc = None
        self.port = None
        self.tmp_root = tmp_root

    @staticmethod
    def available():
        return all(shutil.which(p, path=os.environ.get("PATH", "") + ":/usr/sbin")
                   for p in ("mariadbd", "mariadb-install-db"))

    def start(self, timeout=60):
        mariadbd = shutil.which("mariadbd", path=os.environ.get("PATH", "") + ":/usr/sbin")
        install = shutil.which("mariadb-install-db", path=os.environ.get("PATH", "") + ":/usr/sbin")
        if self.tmp_root:
            os.makedirs(self.tmp_root, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix="qproxy-mariadb-", dir=self.tmp_root)
        atexit.register(self.stop)
        r = subprocess.run([install, "--no-defaults", f"--datadir={self.dir}/data",
                            "--auth-root-authentication-method=normal", "--skip-test-db"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"mariadb-install-db failed: {r.stdout}{r.stderr}")
        user = ["--user=root"] if os.geteuid() == 0 else []
        for _ in range(5):  # the port may be taken between probing and binding
            self.port = _free_port()
            log = open(os.path.join(self.dir, "stdout.log"), "ab")
            self.proc = subprocess.Popen(
                [mariadbd, "--no-defaults", f"--datadir={self.dir}/data", f"--socket={self.dir}/sock",
                 f"--port={self.port}", "--bind-address=127.0.0.1", f"--pid-file={self.dir}/pid",
                 f"--log-error={self.dir}/error.log", "--skip-grant-tables", "--skip-name-resolve",
                 "--skip-log-bin", "--local-infile=1", "--innodb-buffer-pool-size=32M",
                 "--character-set-server=utf8mb4", *user],
                stdout=log, stderr=log, preexec_fn=_die_with_parent)
            log.close()
            deadline = time.time() + timeout
            while time.time() < deadline and self.proc.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return self
                except OSError:
                    time.sleep(0.1)
            self._kill()
        raise RuntimeError(f"mariadbd did not start:\n{self.error_log()}")

    def error_log(self):
        try:
            with open(os.path.join(self.dir, "error.log")) as f:
                return f.read()[-5000:]
        except OSError:
            return ""

    def _kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def stop(self):
        self._kill()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
