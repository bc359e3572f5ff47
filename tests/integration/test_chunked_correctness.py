"""Chunked answers equal one unchunked copy's: the demo catalog's chunk files
are copied into a single SQLite database, and each query's rows through
qproxy (synchronously and via SUBMIT) must equal sqlite3's over that copy.
Near-neighbour self-joins are checked the same way on objects crowded around
a chunk corner (where four chunks meet, at ra 0/360, decl 0)."""
import glob
import math
import os
import sqlite3
import time
import unittest

import pymysql

from qproxy_harness import Server

DEMO_ROWS = 3000

# Written in the SQL both dialects give the same meaning.
QUERIES = [
    "SELECT COUNT(*) FROM Object",
    "SELECT COUNT(*), SUM(flags), MIN(ra), MAX(decl), AVG(gFlux) FROM Object",
    "SELECT COUNT(uFlux), COUNT(*) FROM Object WHERE decl > 0",
    "SELECT flags, COUNT(*), AVG(ra) FROM Object GROUP BY flags ORDER BY flags",
    "SELECT flags, COUNT(*) AS n FROM Object GROUP BY flags HAVING COUNT(*) > 100 ORDER BY n DESC, flags",
    "SELECT objectId, ra FROM Object ORDER BY ra DESC LIMIT 7",
    "SELECT objectId FROM Object ORDER BY objectId LIMIT 5 OFFSET 20",
    "SELECT DISTINCT filterId FROM Source ORDER BY filterId",
    "SELECT COUNT(DISTINCT objectId) FROM Source",
    "SELECT filterId, COUNT(DISTINCT objectId), MAX(psfFlux) FROM Source GROUP BY filterId ORDER BY filterId",
    "SELECT o.objectId, COUNT(*) AS n FROM Object o JOIN Source s ON s.objectId = o.objectId "
    "GROUP BY o.objectId ORDER BY n DESC, o.objectId LIMIT 10",
    "SELECT COUNT(*) FROM Source s LEFT JOIN Object o ON o.objectId = s.objectId WHERE o.objectId IS NULL",
    "SELECT f.filterName, COUNT(*) FROM Source s JOIN Filter f ON f.filterId = s.filterId "
    "GROUP BY f.filterName ORDER BY f.filterName",
    "SELECT * FROM Object WHERE objectId = 42",
    "SELECT sourceId, psfFlux FROM Source WHERE objectId IN (5, 77, 1234) ORDER BY sourceId",
    "SELECT COUNT(*) FROM Object WHERE objectId BETWEEN 100 AND 250",
    "SELECT MIN(taiMidPoint), MAX(taiMidPoint) FROM Source WHERE filterId = 2",
    "SELECT filterId, filterName FROM Filter ORDER BY filterId",
]


def close(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or math.isclose(float(a), float(b), rel_tol=1e-9)
    return a == b


def normalize(rows):
    out = []
    for r in rows:
        out.append(tuple(float(v) if hasattr(v, "as_tuple") else v for v in r))  # DECIMAL → float
    return out


class ChunkedEqualsUnchunked(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("--demo", "--demo-rows", str(DEMO_ROWS), "--czar.workers=2").start()
        cls.reference = sqlite3.connect(":memory:", isolation_level=None)
        chunks_dir = os.path.join(cls.server.data_dir, "chunks", "demo")
        ref = cls.reference
        ref.execute(f"ATTACH '{os.path.join(chunks_dir, 'replicated.sqlite3')}' AS rep")
        ref.execute("CREATE TABLE Filter AS SELECT * FROM rep.Filter")
        ref.execute("DETACH rep")
        first = True
        for path in sorted(glob.glob(os.path.join(chunks_dir, "chunk_*.sqlite3"))):
            ref.execute(f"ATTACH '{path}' AS c")
            for table in ("Object", "Source"):
                if first:
                    ref.execute(f"CREATE TABLE {table} AS SELECT * FROM c.{table}")
                else:
                    ref.execute(f"INSERT INTO {table} SELECT * FROM c.{table}")
            first = False
            ref.execute("DETACH c")
        for table in ("Filter", "Object", "Source"):  # the store's own column (storage/README.md, "Snapshots")
            ref.execute(f"ALTER TABLE {table} DROP COLUMN qproxy_load")
        cls.conn = pymysql.connect(host="127.0.0.1", port=cls.server.port, user="qsmaster", password="",
                                   database="demo", autocommit=True)

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()
        cls.server.stop()

    def test_copy_is_whole(self):
        (objects,) = self.reference.execute("SELECT COUNT(*) FROM Object").fetchone()
        self.assertEqual(objects, DEMO_ROWS)

    def check(self, sql, rows):
        expected = normalize(self.reference.execute(sql).fetchall())
        got = normalize(rows)
        if "ORDER BY" not in sql:
            expected, got = sorted(expected, key=repr), sorted(got, key=repr)
        self.assertEqual(len(got), len(expected), sql)
        for g, e in zip(got, expected):
            self.assertEqual(len(g), len(e), sql)
            for a, b in zip(g, e):
                self.assertTrue(close(a, b), f"{sql}: {g} != {e}")

    def test_synchronous(self):
        with self.conn.cursor() as cur:
            for sql in QUERIES:
                with self.subTest(sql=sql):
                    cur.execute(sql)
                    self.check(sql, cur.fetchall())

    def test_submitted(self):
        with self.conn.cursor() as cur:
            ids = {}
            for sql in QUERIES:
                cur.execute("SUBMIT " + sql)
                ids[sql] = cur.fetchone()[0]
            for sql, qid in ids.items():
                with self.subTest(sql=sql):
                    deadline = time.time() + 60
                    while True:
                        cur.execute(f"SELECT STATUS FROM information_schema.queries WHERE ID = {qid}")
                        status = cur.fetchone()[0]
                        if status != "EXECUTING" or time.time() > deadline:
                            break
                        time.sleep(0.05)
                    self.assertEqual(status, "COMPLETED")
                    cur.execute(f"SELECT * FROM qserv_result({qid})")
                    self.check(sql, cur.fetchall())
                    cur.execute(f"CALL qserv_result_delete({qid})")


# Objects crowded around ra 0/360, decl 0: with 340 stripes that is a corner of four chunks,
# and most near pairs cross a chunk boundary (the 0/360 one included).
NN_ROWS = 1500
NN_DDL = ("CREATE TABLE nn.P (id BIGINT NOT NULL, ra DOUBLE NOT NULL, decl DOUBLE NOT NULL, mag FLOAT) "
          "PARTITION BY SPHERE (ra, decl) KEY (id) STRIPES 340 SUBSTRIPES 3 OVERLAP 0.05")
NN = "scisql_angSep(a.ra, a.decl, b.ra, b.decl)"
NN_QUERIES = [
    f"SELECT COUNT(*) FROM P a, P b WHERE {NN} < 0.05",
    f"SELECT COUNT(*), SUM(a.id <> b.id) FROM P a JOIN P b ON a.id <> b.id WHERE {NN} <= 0.03",
    f"SELECT a.id, COUNT(*), MIN(b.id), MAX({NN}) FROM P a, P b WHERE {NN} < 0.02 AND a.id <> b.id "
    "GROUP BY a.id ORDER BY a.id",
    f"SELECT a.id, b.id FROM P a, P b WHERE 0.04 > {NN} AND a.id <> b.id ORDER BY {NN}, a.id, b.id LIMIT 25",
    f"SELECT DISTINCT b.id FROM P a, P b WHERE {NN} BETWEEN 0 AND 0.01 AND a.mag > 20 ORDER BY b.id DESC LIMIT 40",
]
# The areaspec restricts both instances (as 1051_nn's reference does with BETWEEN).
NN_AREA = (f"SELECT COUNT(*) FROM P a, P b WHERE qserv_areaspec_box(0, 0, 0.1, 0.1) AND {NN} < 0.05",
           f"SELECT COUNT(*) FROM P a, P b WHERE a.ra BETWEEN 0 AND 0.1 AND a.decl BETWEEN 0 AND 0.1 "
           f"AND b.ra BETWEEN 0 AND 0.1 AND b.decl BETWEEN 0 AND 0.1 AND {NN} < 0.05")


def ang_sep(lon1, lat1, lon2, lat2):
    """scisql_angSep: the haversine chord, in degrees."""
    if None in (lon1, lat1, lon2, lat2):
        return None
    r = math.pi / 180
    x = math.sin((lon1 - lon2) * r * 0.5) ** 2
    y = math.sin((lat1 - lat2) * r * 0.5) ** 2
    z = math.cos((lat1 + lat2) * r * 0.5) ** 2
    d2 = min(max(4 * (x * (z - y) + y), 0.0), 4.0)
    return min(2 / r * math.asin(math.sqrt(d2 * 0.25)), 180.0)


class NearNeighbourEqualsUnchunked(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("--czar.workers=2").start()
        cls.conn = pymysql.connect(host="127.0.0.1", port=cls.server.port, user="qsmaster", password="",
                                   autocommit=True)
        rows, seed = [], 12345
        for i in range(1, NN_ROWS + 1):
            seed = (seed * 6364136223846793005 + 1442695040888963407) % 2 ** 64
            ra = ((seed >> 40) / 2 ** 24 * 0.3 - 0.15) % 360
            decl = (seed >> 8 & 0xFFFFFF) / 2 ** 24 * 0.3 - 0.15
            rows.append(f"({i}, {ra!r}, {decl!r}, {10 + i % 15})")
        with cls.conn.cursor() as cur:
            cur.execute("CREATE DATABASE nn")
            cur.execute(NN_DDL)
            for k in range(0, len(rows), 500):
                cur.execute("INSERT INTO nn.P VALUES " + ", ".join(rows[k:k + 500]))
        cls.conn.select_db("nn")
        # The unchunked copy: every chunk's own rows (never its overlap copies).
        cls.reference = sqlite3.connect(":memory:", isolation_level=None)
        cls.reference.create_function("scisql_angSep", 4, ang_sep, deterministic=True)
        cls.chunks = sorted(glob.glob(os.path.join(cls.server.data_dir, "chunks", "nn", "chunk_*.sqlite3")))
        cls.reference.execute("CREATE TABLE P (id INTEGER, ra REAL, decl REAL, mag REAL)")
        for path in cls.chunks:
            cls.reference.execute(f"ATTACH '{path}' AS c")
            cls.reference.execute("INSERT INTO P SELECT id, ra, decl, mag FROM c.P")
            cls.reference.execute("DETACH c")

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()
        cls.server.stop()

    def test_pairs_cross_chunks(self):
        self.assertEqual(self.reference.execute("SELECT COUNT(*) FROM P").fetchone()[0], NN_ROWS)
        self.assertGreaterEqual(len(self.chunks), 4)
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM P a, P b WHERE {NN} < 0.05 AND a.chunkId <> b.chunkId")
            self.assertGreater(cur.fetchone()[0], 1000)

    def check(self, cur, sql, reference_sql=None):
        cur.execute(sql)
        got = [tuple(float(v) if hasattr(v, "as_tuple") else v for v in r) for r in cur.fetchall()]
        expected = self.reference.execute(reference_sql or sql).fetchall()
        self.assertEqual(len(got), len(expected), sql)
        for g, e in zip(got, expected):
            self.assertTrue(all(close(a, b) for a, b in zip(g, e)), f"{sql}: {g} != {e}")

    def test_synchronous(self):
        with self.conn.cursor() as cur:
            for sql in NN_QUERIES:
                with self.subTest(sql=sql):
                    self.check(cur, sql)
            self.check(cur, *NN_AREA)

    def test_submitted(self):
        with self.conn.cursor() as cur:
            for sql in NN_QUERIES:
                with self.subTest(sql=sql):
                    cur.execute("SUBMIT " + sql)
                    qid = cur.fetchone()[0]
                    deadline = time.time() + 60
                    while time.time() < deadline:
                        cur.execute(f"SELECT STATUS FROM information_schema.queries WHERE ID = {qid}")
                        if cur.fetchone()[0] != "EXECUTING":
                            break
                        time.sleep(0.05)
                    self.check(cur, f"SELECT * FROM qserv_result({qid})", sql)
                    cur.execute(f"CALL qserv_result_delete({qid})")

    def test_refusals(self):
        with self.conn.cursor() as cur:
            for sql, text in [(f"SELECT COUNT(*) FROM P a, P b WHERE {NN} < 0.2",
                               "the near-neighbour distance 0.2 exceeds the overlap of nn.P, 0.05 degrees"),
                              ("SELECT COUNT(*) FROM P a, P b WHERE a.id = b.id",
                               "needs an AND term of WHERE bounding the distance")]:
                with self.subTest(sql=sql):
                    with self.assertRaises(pymysql.err.MySQLError) as e:
                        cur.execute(sql)
                    self.assertEqual(e.exception.args[0], 4110)
                    self.assertIn(text, e.exception.args[1])


if __name__ == "__main__":
    unittest.main()
