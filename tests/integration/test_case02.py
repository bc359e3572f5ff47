"""Qserv's case02 conformance corpus: the same data in a plain MariaDB server
(the reference) and in qproxy (partitioned by SPHERE/DIRECTOR, loaded through
LOAD DATA LOCAL INFILE); every query of queries/*.sql runs on both — on qproxy
synchronously and via SUBMIT / qserv_result — and the answers must agree.

Comparison: both sides are read through the text protocol with PyMySQL's
conversions off (conv={}), so each value is the string the server sent. Values of
FLOAT / DOUBLE columns (by the reference's column type) are compared as numbers
with a relative tolerance of 1e-6 / 1e-9; every other value (integers, DECIMAL as
MySQL prints it, strings) must be the same text; NULL is NULL. Column names (unless
`-- pragma noheader`) and column types must be the same. Float values that agree
within the tolerance but are printed differently are counted and reported as notes.

Outcomes (printed in a summary table at the end):
  match         same columns and rows
  match*        differs from the corpus's reference text, but matches the reference
                run with the qproxy text (qserv_areaspec_* as the scisql predicate it
                stands for): the two variants of the file disagree, qproxy does not
  DIFFERS       wrong answer                                    → fails the test
  ERROR         an error other than a refusal, MariaDB answers  → fails the test
  refused       1235 / 4110 on a query the corpus marks runnable and MariaDB runs → fails the test
  ref-error     the reference cannot run the query (reported with qproxy's outcome)
  CRASH/TIMEOUT the server died / did not answer                → fails the test
queries/unsupported_*/ files are reported only, except that a crash fails the test:
"beyond Qserv" (qproxy answers as MariaDB does), "beyond Qserv*" (as MariaDB answers the
qproxy text), "differs", "qproxy only" (MariaDB cannot run it), "qproxy refuses", "both
refuse".

Each runnable query runs four times on qproxy: sync and async on qcase02 (common.json's
partitioning, which puts all of case02 in a single chunk), and again on qcase02fine, the
same data partitioned finely enough to spread over several chunks, with an overlap wide
enough for 1051_nn's near-neighbour distance (0.016°), so that its pairs cross chunks.

Rules the corpus needs: `LIMIT n` without ORDER BY (3020, 3020.2) may return any n of the
matching rows, so qproxy's rows must be min(n, all) of the reference's unlimited answer;
rows that tie on every ORDER BY key (when the keys are result columns) may come in any
order. Stored functions on the reference cannot be variadic: scisql_s2PtInCPoly with n
vertices is renamed scisql__s2PtInCPoly_<n> in the reference's text.
qproxy's `SELECT *` on a partitioned table shows chunkId (and subChunkId) as Qserv's
does (0001's comment: Qserv's reference data was "precooked" to include them); the two
trailing columns are dropped before comparing with MariaDB's tables, which lack them.
"""
import os
import re
import shutil
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import pymysql  # noqa: E402
from pymysql.constants import FIELD_TYPE  # noqa: E402

import case02  # noqa: E402
import qproxy_harness  # noqa: E402
from async_support import DemoServer  # noqa: E402  (the harness's Server, with stdout drained)

QUERY_TIMEOUT = 60
# qproxy's partitioned tables carry chunkId and subChunkId after the declared columns.
# Qserv's tables hold chunkId and subChunkId as real columns, so `SELECT *` shows them;
# the corpus's reference tables lack them: they are dropped from qproxy's answer before
# comparing.
REFUSALS = (1235, 4110)
REFERENCE_SECONDS_IF_REFUSED = 5
# common.json's 85 stripes put all of case02 (a 0.11 x 0.17 degree patch) in one chunk and
# one sub-chunk: the runnable queries also run on a copy partitioned finely enough to spread
# the objects over several chunks, so that merging partial results is exercised, and
# near-neighbour pairs (1051_nn: closer than 0.016°) cross chunk boundaries.
FINE_DB = "qcase02fine"
FINE_PARTITIONING = "STRIPES 2400 SUBSTRIPES 3 OVERLAP 0.02"
FLOAT_TOLERANCE = {FIELD_TYPE.FLOAT: 1e-6, FIELD_TYPE.DOUBLE: 1e-9}
TYPE_NAMES = {v: k for k, v in vars(FIELD_TYPE).items() if k.isupper() and isinstance(v, int)}
for _k in ("CHAR", "INTERVAL"):  # aliases of TINY / ENUM
    TYPE_NAMES.pop(getattr(FIELD_TYPE, _k), None)
TYPE_NAMES[FIELD_TYPE.TINY] = "TINY"
TYPE_NAMES[FIELD_TYPE.ENUM] = "ENUM"


# ---- results ----

class Result:
    """Columns [(name, type code)] and rows (tuples of str / None), or an error."""

    def __init__(self, columns=None, rows=None, error=None):
        self.columns = columns or []
        self.rows = rows or []
        self.error = error  # (errno, message), or ("CRASH" | "TIMEOUT", text)

    @property
    def ok(self):
        return self.error is None

    def short(self):
        if self.ok:
            return f"{len(self.rows)} rows"
        return f"{self.error[0]}"

    def describe_error(self):
        return f"{self.error[0]}: {self.error[1]}"


def run(conn, statements):
    """All statements in turn on conn; the last one's Result (or the first error)."""
    result = Result()
    try:
        with conn.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
                columns = [(d[0], d[1]) for d in cur.description or []]
                result = Result(columns, [tuple(r) for r in cur.fetchall()])
    except pymysql.err.MySQLError as e:
        code = e.args[0] if e.args else 0
        if code in (0, 2006, 2013, 2014):  # the connection is gone (or timed out)
            return Result(error=("LOST", str(e)))
        return Result(error=(code, e.args[1] if len(e.args) > 1 else str(e)))
    except (OSError, TimeoutError) as e:
        return Result(error=("LOST", str(e)))
    return result


def tolerance(ref_type, got_type):
    return max(FLOAT_TOLERANCE.get(ref_type, 0), FLOAT_TOLERANCE.get(got_type, 0)) or None


def close(a, b, tol):
    if a is None or b is None or tol is None:
        return a == b
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return x == y or abs(x - y) <= tol * max(abs(x), abs(y))


def sort_key(row, tols):
    key = []
    for v, tol in zip(row, tols):
        if v is None:
            key.append((0, 0.0, ""))
        elif tol is not None:
            try:
                key.append((1, float(v), ""))
            except ValueError:
                key.append((2, 0.0, v))
        else:
            key.append((2, 0.0, v))
    return key


def show(row, limit=160):
    text = "(" + ", ".join("NULL" if v is None else repr(v) for v in row) + ")"
    return text if len(text) <= limit else text[:limit] + "…)"


def compare(ref, got, sort, header, any_of=None, order_keys=None):
    """(differences, notes): lists of strings; no differences means a match. any_of: the
    query has LIMIT n without ORDER BY, ref holds the unlimited rows, and got must be
    min(n, len(ref)) of them. order_keys: the result columns the query's ORDER BY sorts
    on; rows that tie on them may come in any order."""
    diffs, notes = [], []
    if [c[0] for c in got.columns[-2:]] == ["chunkId", "subChunkId"] \
            and len(got.columns) == len(ref.columns) + 2:
        got = Result(got.columns[:-2], [r[:-2] for r in got.rows])
        notes.append("chunkId, subChunkId dropped from qproxy's columns")
    if len(ref.columns) != len(got.columns):
        enames, gnames = [c[0] for c in ref.columns], [c[0] for c in got.columns]
        extra = [n for n in gnames if n not in enames]
        missing = [n for n in enames if n not in gnames]
        if len(enames) + len(gnames) <= 12:
            diffs.append(f"{len(gnames)} columns, expected {len(enames)}: got {gnames}, expected {enames}")
        else:
            diffs.append(f"{len(gnames)} columns, expected {len(enames)}: extra {extra[:8]}, missing {missing[:8]}")
        return diffs, notes
    if header:
        names = [(i, e[0], g[0]) for i, (e, g) in enumerate(zip(ref.columns, got.columns)) if e[0] != g[0]]
        if names:
            diffs.append("column names: " + "; ".join(f"#{i + 1} {g!r}, expected {e!r}" for i, e, g in names[:8]))
    types = [(e[0], TYPE_NAMES.get(e[1], e[1]), TYPE_NAMES.get(g[1], g[1]))
             for e, g in zip(ref.columns, got.columns) if e[1] != g[1]]
    if types:
        diffs.append("column types: " + "; ".join(f"{n} {g}, expected {e}" for n, e, g in types[:8]) +
                     (f" (+{len(types) - 8} more)" if len(types) > 8 else ""))
    tols = [tolerance(e[1], g[1]) for e, g in zip(ref.columns, got.columns)]
    names = [c[0] for c in ref.columns]
    text_differs = set()

    def same(e, g):
        return all(close(a, b, tols[i]) for i, (a, b) in enumerate(zip(e, g)))

    def cell_diffs(erows, grows):
        bad = []
        for k, (e, g) in enumerate(zip(erows, grows)):
            for i, (a, b) in enumerate(zip(e, g)):
                if not close(a, b, tols[i]):
                    bad.append(f"row {k + 1} {names[i]}: got {'NULL' if b is None else repr(b)}, "
                               f"expected {'NULL' if a is None else repr(a)}")
                elif a != b:
                    text_differs.add(names[i])
        return bad

    def by_sort_key(rows):
        return sorted(rows, key=lambda r: sort_key(r, tols))

    if any_of is not None:
        want = min(any_of, len(ref.rows))
        if len(got.rows) != want:
            diffs.append(f"{len(got.rows)} rows, expected {want} (LIMIT {any_of} of {len(ref.rows)} matching rows)")
        pool = list(ref.rows)
        for g in got.rows:
            hit = next((k for k, e in enumerate(pool) if same(e, g)), None)
            if hit is None:
                diffs.append(f"row not among the {len(ref.rows)} matching rows: {show(g)}")
                break
            e = pool.pop(hit)
            text_differs.update(names[i] for i, (a, b) in enumerate(zip(e, g)) if a != b)
    elif len(ref.rows) != len(got.rows):
        diffs.append(f"{len(got.rows)} rows, expected {len(ref.rows)}")
        missing, extra = _multiset_diff(ref.rows, got.rows, tols)
        if missing:
            diffs.append(f"missing {len(missing)}: " + "; ".join(show(r) for r in missing[:4]))
        if extra:
            diffs.append(f"extra {len(extra)}: " + "; ".join(show(r) for r in extra[:4]))
    elif sort:
        bad = cell_diffs(by_sort_key(ref.rows), by_sort_key(got.rows))
        if bad:
            diffs.append(f"{len(bad)} values differ (rows sorted): " + "; ".join(bad[:5]))
    else:
        bad = cell_diffs(ref.rows, got.rows)
        if bad:
            same_set = not cell_diffs(by_sort_key(ref.rows), by_sort_key(got.rows))
            ties_only = same_set and order_keys and all(
                close(e[i], g[i], tols[i]) for e, g in zip(ref.rows, got.rows) for i in order_keys)
            if ties_only:
                notes.append("rows that tie on ORDER BY come in another order")
            elif same_set:
                diffs.append("the same rows in another order: " + "; ".join(bad[:5]))
            else:
                diffs.append(f"{len(bad)} values differ: " + "; ".join(bad[:5]))
    if text_differs:
        notes.append("same within tolerance, printed differently: " + ", ".join(sorted(text_differs)[:6]) +
                     (f" (+{len(text_differs) - 6})" if len(text_differs) > 6 else ""))
    return diffs, notes


def order_by_columns(sql, columns):
    """Indexes of the result columns the final ORDER BY names (by column name or the
    expression's text), or None when one of its terms is not a result column."""
    m = re.search(r"\bORDER\s+BY\s+(.*?)(?:\bLIMIT\b.*)?$", sql, re.I | re.S)
    if not m:
        return None
    terms, depth, cur = [], 0, ""
    for ch in m.group(1):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            terms.append(cur)
            cur = ""
        else:
            cur += ch
    terms.append(cur)

    def norm(t):
        return re.sub(r"\s+", "", t).lower()
    names = [norm(c[0]) for c in columns]
    out = []
    for t in terms:
        t = norm(re.sub(r"\s+(ASC|DESC)\s*$", "", t.strip(), flags=re.I))
        if t not in names:
            return None
        out.append(names.index(t))
    return out


def _multiset_diff(erows, grows, tols):
    def canon(r):
        out = []
        for v, tol in zip(r, tols):
            if v is not None and tol is not None:
                try:
                    v = f"{float(v):.{5 if tol >= 1e-6 else 8}g}"
                except ValueError:
                    pass
            out.append(v)
        return tuple(out)
    pool = {}
    for r in grows:
        pool.setdefault(canon(r), []).append(r)
    missing = []
    for r in erows:
        lst = pool.get(canon(r))
        if lst:
            lst.pop()
        else:
            missing.append(r)
    extra = [r for lst in pool.values() for r in lst]
    return missing, extra


# ---- the Qserv text on the reference ----

AREASPEC = {"box": "scisql_s2PtInBox", "circle": "scisql_s2PtInCircle", "ellipse": "scisql_s2PtInEllipse",
            "poly": "scisql_s2PtInCPoly"}
POSITION = {"object": ("ra_PS", "decl_PS"), "source": ("ra", "decl")}  # the ingest JSONs' lon/lat keys
NOT_ALIASES = {"WHERE", "JOIN", "ON", "USING", "INNER", "LEFT", "RIGHT", "CROSS", "NATURAL", "GROUP", "ORDER",
               "LIMIT", "STRAIGHT_JOIN", "HAVING"}


def areaspec_as_predicate(sql):
    """qserv_areaspec_<shape>(args) → scisql_s2PtIn<Shape>(lon, lat, args) = 1 for each
    partitioned table of FROM, as Qserv's QservRestrictorPlugin rewrites it (one predicate
    per chunked table reference, on its partitioning columns). None without an areaspec."""
    if not re.search(r"qserv_areaspec_", sql, re.I):
        return None
    m = re.search(r"\bFROM\b(.*?)(?:\bWHERE\b|$)", sql, re.I | re.S)
    refs = []
    for t in re.finditer(r"\b(Object|Source)\b(?:\s+(?:AS\s+)?(\w+))?", m.group(1) if m else "", re.I):
        alias = t.group(2) if t.group(2) and t.group(2).upper() not in NOT_ALIASES else t.group(1)
        refs.append((alias, *POSITION[t.group(1).lower()]))

    def repl(a):
        return "(" + " AND ".join(f"{AREASPEC[a.group(1).lower()]}({alias}.{lon}, {alias}.{lat}, {a.group(2)}) = 1"
                                  for alias, lon, lat in refs) + ")"
    return re.sub(r"qserv_areaspec_(box|circle|ellipse|poly)\s*\(([^()]*)\)", repl, sql, flags=re.I)


def limit_without_order(sql):
    """(sql without its final LIMIT n, n) when sql ends in LIMIT n and has no ORDER BY."""
    m = re.search(r"\bLIMIT\s+(\d+)\s*$", sql, re.I)
    if not m or re.search(r"\bORDER\s+BY\b", sql, re.I):
        return None
    return sql[:m.start()].rstrip(), int(m.group(1))


# ---- the test ----

class CorpusFiles(unittest.TestCase):
    """The corpus reader refuses what would silently change a comparison."""

    def write(self, text):
        fd, path = tempfile.mkstemp(suffix=".sql", dir=qproxy_harness.TMP_ROOT)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        self.addCleanup(os.remove, path)
        return path

    def test_annotations(self):
        q = case02.QueryFile(self.write("-- pragma sortresult\nSELECT a FROM T\n WHERE x BETWEEN 1 AND 2 -- noQserv\n"
                                        "-- withQserv WHERE qserv_areaspec_box(1, 2, 3, 4)\n;"))
        self.assertTrue(q.sort)
        self.assertEqual(q.qserv, ["SELECT a FROM T\nWHERE qserv_areaspec_box(1, 2, 3, 4)"])
        self.assertEqual(q.reference, ["SELECT a FROM T\n WHERE x BETWEEN 1 AND 2 -- noQserv"])

    def test_unknown_pragma_and_empty_file(self):
        with self.assertRaisesRegex(ValueError, "unknown pragma"):
            case02.QueryFile(self.write("-- pragma sortresults\nSELECT 1;"))
        with self.assertRaisesRegex(ValueError, "no statement"):
            case02.QueryFile(self.write("-- only a comment\n"))


class Case02(unittest.TestCase):
    summary = []

    @classmethod
    def setUpClass(cls):
        if not case02.MariaDB.available():
            raise unittest.SkipTest("mariadbd (Debian's mariadb-server) is not installed")
        qproxy_harness.QPROXY_BIN = os.path.abspath(qproxy_harness.QPROXY_BIN)
        os.makedirs(qproxy_harness.TMP_ROOT, exist_ok=True)
        cls.started = time.time()
        cls.server = cls.reference = None
        try:
            cls.start_and_load()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def start_and_load(cls):
        cls.files = tempfile.mkdtemp(prefix="case02-", dir=qproxy_harness.TMP_ROOT)
        cls.paths = case02.gunzip_tables(cls.files)
        cls.reference = case02.MariaDB(tmp_root=qproxy_harness.TMP_ROOT).start()
        cls.server = DemoServer("--czar.workers=2").start()
        cls.ref = cls.connect_reference()
        cls.cpoly = set()
        with cls.ref.cursor() as cur:
            cur.execute(f"CREATE DATABASE {case02.DB}")
            for table in case02.TABLES:
                cur.execute(case02.plain_create_statement(table))
                cur.execute(case02.load_statement(table, cls.paths[table]))
                cur.execute("SHOW WARNINGS")
                assert not cur.fetchall(), f"reference: warnings loading {table}"
            cur.execute(f"USE {case02.DB}")
            for f in case02.SCISQL_FUNCTIONS:
                cur.execute(f)
        cls.conn = cls.connect_qproxy(local_infile=True)
        cls.loaded = {}
        with cls.conn.cursor() as cur:
            for db in (case02.DB, FINE_DB):
                cur.execute(f"CREATE DATABASE {db}")
                for table in case02.TABLES:
                    ddl = case02.create_statement(table, db)
                    if db == FINE_DB:
                        ddl = re.sub(r"STRIPES \d+ SUBSTRIPES \d+ OVERLAP [\d.]+", FINE_PARTITIONING, ddl)
                    cur.execute(ddl)
                for table in case02.TABLES:
                    cls.loaded[f"{db}.{table}"] = cur.execute(case02.load_statement(table, cls.paths[table], db))
                    cur.execute("SHOW WARNINGS")
                    assert not cur.fetchall(), f"qproxy: warnings loading {db}.{table}"
            cur.execute(f"SELECT chunkId, subChunkId FROM {FINE_DB}.Object GROUP BY chunkId, subChunkId")
            pairs = cur.fetchall()
            cls.fine_chunks = (len({c for c, _ in pairs}), len(pairs))  # (chunks, sub-chunks)
        cls.conn.select_db(case02.DB)
        cls.load_seconds = time.time() - cls.started

    @classmethod
    def tearDownClass(cls):
        for c in (getattr(cls, "conn", None), getattr(cls, "ref", None)):
            try:
                c and c.close()
            except Exception:
                pass
        if cls.server:
            cls.server.stop()
        if cls.reference:
            cls.reference.stop()
        shutil.rmtree(cls.files, ignore_errors=True)
        if cls.summary:
            print("\n" + "\n".join(cls.summary) +
                  f"\n[case02: {time.time() - cls.started:.1f} s in all, loading {cls.load_seconds:.1f} s]",
                  file=sys.stderr)

    @classmethod
    def connect_reference(cls):
        return pymysql.connect(host="127.0.0.1", port=cls.reference.port, user="root", password="",
                               local_infile=True, autocommit=True, conv={}, read_timeout=QUERY_TIMEOUT)

    @classmethod
    def connect_qproxy(cls, **kw):
        return pymysql.connect(host="127.0.0.1", port=cls.server.port, user="qsmaster", password="",
                               autocommit=True, conv={}, read_timeout=QUERY_TIMEOUT, **kw)

    # -- running --

    def on_reference(self, statements):
        renamed = []
        for sql in statements:
            sql, arities = case02.cpoly_rename(sql)
            for n in arities - self.cpoly:
                with self.ref.cursor() as cur:
                    cur.execute(case02.cpoly_function(n))
                self.cpoly.add(n)
            renamed.append(sql)
        r = run(self.ref, renamed)
        if r.error and r.error[0] == "LOST":
            type(self).ref = self.connect_reference()
            self.ref.select_db(case02.DB)
        return r

    def check_alive(self, result):
        """Turns a lost connection into CRASH (server gone, restarted on its data) or TIMEOUT."""
        if self.server.alive() and (result.ok or result.error[0] != "LOST"):
            return result
        cls = type(self)
        if not self.server.alive():
            log = self.server.log()[-3000:]
            cls.crashes.append(log)
            code = self.server.proc.returncode
            self.server.stop(remove=False)
            cls.server = DemoServer("--czar.workers=2", data_dir=self.server.data_dir, own_dir=True).start()
            result = Result(error=("CRASH", f"qproxy exited ({code}); restarted"))
        elif "timed out" in result.error[1]:
            result = Result(error=("TIMEOUT", result.error[1]))
        cls.conn = self.connect_qproxy(database=case02.DB)
        return result

    def on_qproxy(self, statements):
        return self.check_alive(run(self.conn, statements))

    def on_qproxy_async(self, statements):
        """The statements before the last run synchronously; the last one through SUBMIT,
        information_schema.queries, qserv_result and qserv_result_delete."""
        if len(statements) > 1:
            r = self.on_qproxy(statements[:-1])
            if not r.ok:
                return r
        sub = self.on_qproxy(["SUBMIT " + statements[-1]])
        if not sub.ok:
            return sub
        if len(sub.rows) != 1:
            return Result(error=("SUBMIT", f"SUBMIT returned {sub.rows!r}"))
        qid = sub.rows[0][0]
        deadline = time.time() + QUERY_TIMEOUT
        while True:
            st = self.on_qproxy([f"SELECT STATUS, ERROR FROM information_schema.queries WHERE ID = {qid}"])
            if not st.ok:
                return st
            status = st.rows[0][0] if st.rows else None
            if status != "EXECUTING":
                break
            if time.time() > deadline:
                self.on_qproxy([f"CANCEL {qid}"])
                return Result(error=("TIMEOUT", f"query {qid} still EXECUTING after {QUERY_TIMEOUT} s"))
            time.sleep(0.02)
        result = self.on_qproxy([f"SELECT * FROM qserv_result({qid})"])
        if status != "COMPLETED" and result.ok:
            result = Result(error=("STATUS", f"query {qid} is {status} ({st.rows[0][1]}) but its result reads"))
        deleted = self.on_qproxy([f"CALL qserv_result_delete({qid})"])
        if result.ok and not deleted.ok:
            result = Result(error=("DELETE", f"qserv_result_delete({qid}): {deleted.describe_error()}"))
        return result

    # -- the corpus --

    def judge(self, qf, ref, got):
        lw = limit_without_order(qf.reference[-1])
        return compare(ref, got, qf.sort, qf.header, any_of=lw and lw[1],
                       order_keys=order_by_columns(qf.reference[-1], ref.columns))

    def outcome(self, qf, ref, got, alt):
        """A runnable query's (outcome, detail lines, failed)."""
        if got.error and got.error[0] in ("CRASH", "TIMEOUT", "LOST"):
            return got.error[0], [got.describe_error()], True
        if not ref.ok:
            return "ref-error", [f"reference {ref.describe_error()}",
                                 f"qproxy {got.short() if got.ok else got.describe_error()}"], False
        if not got.ok:
            if got.error[0] in REFUSALS:
                return "refused", [got.describe_error()], True
            return "ERROR", [got.describe_error()], True
        diffs, notes = self.judge(qf, ref, got)
        if not diffs:
            return "match", notes, False
        if alt is not None and alt.ok and not self.judge(qf, alt, got)[0]:
            return "match*", ["the corpus reference differs: " + "; ".join(diffs)], False
        return "DIFFERS", diffs + notes, True

    def unsupported_outcome(self, qf, ref, got, alt):
        """An unsupported_*/ query's (outcome, detail lines, failed): only a crash fails."""
        if got.error and got.error[0] in ("CRASH", "TIMEOUT", "LOST"):
            return got.error[0], [got.describe_error()], got.error[0] in ("CRASH", "LOST")
        if not got.ok and not ref.ok:
            return "both refuse", [f"qproxy {got.describe_error()}", f"reference {ref.describe_error()}"], False
        if not got.ok:
            return "qproxy refuses", [got.describe_error(), f"reference {ref.short()}"], False
        if not ref.ok:
            lines = [f"reference {ref.describe_error()}", f"qproxy {got.short()}"]
            if alt is not None and alt.ok:
                diffs, notes = self.judge(qf, alt, got)
                if not diffs:
                    return "beyond Qserv*", lines + ["the same as the qproxy text run on the reference"] + notes, False
                lines.append("unlike the qproxy text run on the reference: " + "; ".join(diffs))
            elif got.rows:
                lines.append("qproxy's first row: " + show(got.rows[0]))
            return "qproxy only", lines, False
        diffs, notes = self.judge(qf, ref, got)
        if not diffs:
            return "beyond Qserv", notes, False
        if alt is not None and alt.ok and not self.judge(qf, alt, got)[0]:
            return "beyond Qserv*", ["matches the qproxy text run on the reference; the corpus reference "
                                     "differs: " + "; ".join(diffs)], False
        return "differs", diffs + notes, False

    def reference_for(self, qf, statement_seconds=None):
        """The reference's Result (all rows when LIMIT without ORDER BY) and, when the file has
        withQserv text, the reference run with that text (areaspec as the scisql predicate)."""
        def unlimited(statements):
            statements = list(statements)
            lw = limit_without_order(statements[-1])
            if lw:
                statements[-1] = lw[0]
            if statement_seconds and re.match(r"\s*SELECT\b", statements[-1], re.I):
                statements[-1] = f"SET STATEMENT max_statement_time={statement_seconds} FOR {statements[-1]}"
            return statements
        ref = self.on_reference(unlimited(qf.reference))
        alt = None
        translated = [areaspec_as_predicate(s) or s for s in qf.qserv]
        if translated != qf.reference:
            alt = self.on_reference(unlimited(translated))
        return ref, alt

    def run_files(self, subdir, title, strict):
        modes = [("sync", case02.DB), ("async", case02.DB)]
        if strict:
            modes += [("fine sync", FINE_DB), ("fine async", FINE_DB)]
        rows, failures = [], []
        self.details = []
        judge = self.outcome if strict else self.unsupported_outcome
        for qf in case02.query_files(subdir):
            if strict:
                ref, alt = self.reference_for(qf)
            results, seconds = [], []
            for mode, db in modes:
                self.conn.select_db(db)
                t0 = time.time()
                results.append(self.on_qproxy_async(qf.qserv) if "async" in mode else self.on_qproxy(qf.qserv))
                seconds.append(time.time() - t0)
            self.conn.select_db(case02.DB)
            if not strict:
                # The near-neighbour joins take the reference ~30 s each (a million stored-function
                # calls); when qproxy answers neither way, the reference only has to say whether it can.
                ref, alt = self.reference_for(qf, None if any(r.ok for r in results) else REFERENCE_SECONDS_IF_REFUSED)
            out = [(mode,) + judge(qf, ref, got, alt) for (mode, _), got in zip(modes, results)]
            names = [o[1] for o in out]
            overall = names[0] if len(set(names)) == 1 else "/".join(dict.fromkeys(names))
            rows.append((qf.name, *names, overall, "+".join(f"{t:.2f}" for t in seconds),
                         ref.short() if ref.ok else f"error {ref.error[0]}"))
            details, failed = {}, {}  # the same lines for several modes: once
            for mode, name, lines, fails in out:
                if lines:
                    details.setdefault(tuple(lines), []).append(mode)
                if fails:
                    failed.setdefault((name, tuple(lines)), []).append(mode)
            failures += [f"{qf.name} [{', '.join(ms)}] {name}: " + "; ".join(lines)
                         for (name, lines), ms in failed.items()]
            text = [f"    [{', '.join(ms)}] " + "\n      ".join(lines) for lines, ms in details.items()]
            if ref.ok and alt is not None:
                if not alt.ok:
                    text.append(f"    note: the qproxy text fails on the reference: {alt.describe_error()}")
                elif self.judge(qf, ref, alt)[0]:
                    text.append("    note: the file's two variants answer differently on the reference: "
                                + "; ".join(self.judge(qf, ref, alt)[0]))
            self.details.append((qf.name, text))
        self.print_table(title, [m for m, _ in modes], rows)
        return failures

    def print_table(self, title, modes, rows):
        head = ("query", *modes, "outcome", "qproxy seconds", "reference")
        widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
        lines = [f"== {title}", "  ".join(h.ljust(w) for h, w in zip(head, widths))]
        lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
        counts = {}
        for r in rows:
            counts[r[len(modes) + 1]] = counts.get(r[len(modes) + 1], 0) + 1
        lines.append("-- " + ", ".join(f"{n} {o}" for o, n in sorted(counts.items(), key=lambda kv: -kv[1])))
        refused = [r[0] for r in rows if "refused" in r[len(modes) + 1]]
        if refused:
            lines.append("-- refused although the corpus marks them runnable and MariaDB answers: "
                         + ", ".join(refused))
        lines.append("-- details")
        for name, details in self.details:
            if details:
                lines.append(f"  {name}")
                lines += details
        type(self).summary.append("\n".join(lines))

    def setUp(self):
        type(self).crashes = []
        self.details = []

    def test_queries(self):
        """queries/*.sql: qproxy's answers equal the reference's."""
        self.assertEqual(self.loaded, {f"{db}.{t}": n for db in (case02.DB, FINE_DB)
                                       for t, n in (("Object", 1000), ("Source", 4583))})
        self.assertGreater(self.fine_chunks[0], 4, self.fine_chunks)
        failures = self.run_files("", "case02 queries/*.sql (runnable); fine: "
                                  f"{FINE_DB}, {FINE_PARTITIONING}, {self.fine_chunks[0]} chunks, "
                                  f"{self.fine_chunks[1]} sub-chunks", strict=True)
        if self.crashes:
            self.fail("qproxy crashed:\n" + "\n".join(self.crashes))
        if failures:
            self.fail(f"{len(failures)} wrong answers:\n" + "\n".join(failures))

    def test_unsupported(self):
        """queries/unsupported_*/: reported; only a crash fails."""
        failures = []
        for subdir in sorted(d for d in os.listdir(case02.QUERIES) if d.startswith("unsupported_")):
            failures += self.run_files(subdir, f"case02 queries/{subdir}/ (Qserv cannot run these)", strict=False)
        if self.crashes:
            self.fail("qproxy crashed:\n" + "\n".join(self.crashes))
        if failures:
            self.fail(f"{len(failures)} wrong answers:\n" + "\n".join(failures))


if __name__ == "__main__":
    unittest.main()
