"""Chunked answers equal one unchunked copy's: the demo catalog's chunk files
are copied into a single SQLite database, and each query's rows through
qproxy (synchronously and via SUBMIT) must equal sqlite3's over that copy."""
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


if __name__ == "__main__":
    unittest.main()
