"""The asynchronous query API of /work/shared/ASYNC_API.md, continued: what one
user sees of another's queries, FAILED_LR, crashes and restarts, the limits
on concurrent queries and the expiry of results."""
import datetime
import os
import re
import shutil
import signal
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pymysql  # noqa: E402

from async_support import (LONG, QUICK, WORKERS, DemoServer, DemoTest, demo_data_dir,  # noqa: E402
                           wait_until)


class Users(DemoTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.conn.cursor() as cur:
            cur.execute("CREATE USER 'u2'@'%' IDENTIFIED BY 'p'")
            cur.execute("GRANT SELECT ON demo.* TO 'u2'@'%'")
            cur.execute("CREATE USER 'u3'@'%' IDENTIFIED BY 'p'")
            cur.execute("GRANT SELECT ON demo.* TO 'u3'@'%'")
            cur.execute("GRANT PROCESS ON *.* TO 'u3'@'%'")
            cur.execute("CREATE USER 'u4'@'%' IDENTIFIED BY 'p'")
            cur.execute("GRANT SELECT ON demo.* TO 'u4'@'%'")
        cls.u2 = cls.connect("u2", "p")
        cls.u3 = cls.connect("u3", "p")

    @classmethod
    def tearDownClass(cls):
        cls.u2.close()
        cls.u3.close()
        super().tearDownClass()

    def ids(self, sql, conn):
        return {r[0] for r in self.rows(sql, conn)}

    def test_users_see_and_touch_only_their_own_queries(self):
        # The quick ones first: chunks of concurrent queries are interleaved, so
        # behind a LONG one a QUICK one would take as long.
        mine_done = self.submit(QUICK)
        theirs_done = self.submit(QUICK, self.u2)
        self.assertEqual(self.wait_finished(mine_done), "COMPLETED")
        self.assertEqual(self.wait_finished(theirs_done), "COMPLETED")
        expected = self.rows(QUICK)  # now: behind two LONG ones it would take minutes
        mine_running = self.submit(LONG)
        theirs_running = self.submit(LONG, self.u2)
        self.wait_running(mine_running)
        self.wait_running(theirs_running)

        # u2 sees only its own, in all four views.
        self.assertEqual(self.ids("SELECT ID FROM information_schema.processlist", self.u2), {theirs_running})
        self.assertEqual(self.ids("SHOW PROCESSLIST", self.u2), {theirs_running})
        self.assertEqual(self.ids("SHOW FULL PROCESSLIST", self.u2), {theirs_running})
        since = f"SELECT ID FROM information_schema.queries WHERE ID >= {mine_done} ORDER BY ID"
        self.assertEqual(self.ids(since, self.u2), {theirs_running, theirs_done})
        self.assertIsNone(self.history(mine_done, self.u2))
        self.assertEqual(self.server.mariadb("--database=demo", "-N", "-e", since, user="u2", password="p").stdout.split(),
                         [str(theirs_done), str(theirs_running)])

        # ... and cannot fetch, delete or cancel the others'.
        for sql in (f"SELECT * FROM qserv_result({mine_done})", f"CALL qserv_result_delete({mine_done})"):
            self.assertEqual(self.cli_error(sql, user="u2", password="p"),
                             f"ERROR 1146 (42S02) at line 1: Table 'qservResult.result_{mine_done}' doesn't exist")
        self.assertEqual(self.mysql_error(f"SELECT * FROM qserv_result({mine_running})", self.u2),
                         (1146, f"Table 'qservResult.result_{mine_running}' doesn't exist"))
        for qid in (mine_running, mine_done):
            self.assertEqual(self.cli_error(f"CANCEL {qid}", user="u2", password="p"),
                             f"ERROR 4005 (Proxy) at line 1: KILL/CANCEL failed: Unknown or finished query ID: "
                             f"CANCEL {qid}")
        self.assertEqual(self.status(mine_running), "EXECUTING")
        self.assertEqual(self.rows(f"SELECT * FROM qserv_result({mine_done})"), expected)  # still there for its owner

        # Its own it can use.
        self.assertEqual(self.rows(f"SELECT * FROM qserv_result({theirs_done})", self.u2), expected)
        self.assertEqual(self.mysql_error(f"SELECT * FROM qserv_result({theirs_running})", self.u2)[0], 4120)

        # Accounts with PROCESS see everything.
        for conn in (self.conn, self.u3):
            self.assertLessEqual({mine_running, theirs_running},
                                 self.ids("SELECT ID FROM information_schema.processlist", conn))
            self.assertLessEqual({mine_running, theirs_running}, self.ids("SHOW PROCESSLIST", conn))
            self.assertLessEqual({mine_running, mine_done, theirs_running, theirs_done},
                                 self.ids("SELECT ID FROM information_schema.queries", conn))

        self.assertEqual(self.rows(f"CANCEL {theirs_running}", self.u2),
                         ((f"Trying to kill query: CANCEL {theirs_running}",),))
        self.assertEqual(self.wait_finished(theirs_running, timeout=15), "ABORTED")
        self.assertEqual(self.status(mine_running), "EXECUTING")
        self.rows(f"CANCEL {mine_running}")
        self.assertEqual(self.wait_finished(mine_running, timeout=15), "ABORTED")

    def test_sync_queries_of_others_are_invisible(self):
        outcome = {}

        def run():
            try:
                outcome["rows"] = self.rows(LONG, self.u2)
            except pymysql.err.MySQLError as e:
                outcome["error"] = e.args
        thread = threading.Thread(target=run)
        thread.start()
        try:
            rows = []
            self.assertTrue(wait_until(lambda: rows.extend(self.rows(
                "SELECT ID, TYPE FROM information_schema.processlist WHERE TYPE='SYNC'", self.u3)) or rows, timeout=20))
            qid = rows[0][0]
            self.assertEqual(self.rows("SELECT ID, TYPE FROM information_schema.processlist"), ((qid, "SYNC"),))
            owner = self.server.mariadb("--database=demo", "-N", "-e", "SELECT ID FROM information_schema.processlist",
                                        user="u2", password="p").stdout.split()
            self.assertEqual(owner, [str(qid)])  # the owner sees it from another session
            other = self.server.mariadb("--database=demo", "-N", "-e", "SELECT ID FROM information_schema.processlist;"
                                        "SHOW PROCESSLIST", user="u4", password="p").stdout
            self.assertEqual(other, "")  # another user without PROCESS does not
        finally:
            self.rows(f"KILL QUERY {self.u2.thread_id()}")
            thread.join(30)
        self.assertEqual(outcome.get("error"), (1317, "Query execution was interrupted"), outcome)

    def test_privileges_are_checked_like_the_synchronous_select(self):
        self.rows("CREATE USER 'nobody'@'%' IDENTIFIED BY 'p'")
        def error(sql):
            r = self.server.mariadb("-e", sql, user="nobody", password="p", check=False)
            self.assertNotEqual(r.returncode, 0, r.stdout)
            return r.stderr.strip().splitlines()[-1]
        sync = error("SELECT * FROM demo.Object")
        self.assertRegex(sync, r"^ERROR (1044|1142) \(42000\) at line 1: ")
        self.assertEqual(error("SUBMIT SELECT * FROM demo.Object"), sync)


class LargeResult(DemoTest):
    server_args = ("--czar.max_result_bytes=1000",)

    def test_failed_lr(self):
        qid = self.submit("SELECT * FROM Object")
        self.assertEqual(self.wait_finished(qid), "FAILED_LR")
        row = self.history(qid)
        m = re.fullmatch(rf"MERGE_ERROR 1470 \(QI={qid}:\d+; cancelling the query, queryResult table result_{qid} "
                         r"is too large at (\d+) bytes, max allowed size is 1000 bytes\) "
                         r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\+0000", row["ERROR"])
        self.assertTrue(m, row["ERROR"])
        self.assertGreater(int(m.group(1)), 1000)
        when = datetime.datetime.strptime(m.group(2), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
        self.assertLess(abs(time.time() - when.timestamp()), 300)  # +0000 really is UTC
        self.assertGreater(row["BYTES"], 1000)
        self.assertIsNotNone(row["COMPLETED"])
        self.assertEqual(self.cli_error(f"SELECT * FROM qserv_result({qid})"),
                         f"ERROR 4120 (Proxy) at line 1: Unable to return query results: query {qid} FAILED_LR: "
                         f"{row['ERROR']}")
        small = self.submit("SELECT filterId FROM Filter WHERE filterId < 2")  # one chunk, a few bytes
        self.assertEqual(self.wait_finished(small), "COMPLETED")
        self.assertEqual(self.rows(f"SELECT * FROM qserv_result({small})"), ((0,), (1,)))


class Restart(unittest.TestCase):
    def test_crash_and_restart(self):
        data_dir = demo_data_dir()
        server = None
        try:
            server = DemoServer(WORKERS, data_dir=data_dir).start()
            with connect(server) as conn, conn.cursor() as cur:
                cur.execute("SUBMIT " + QUICK)
                done = cur.fetchone()[0]
                cur.execute("SUBMIT SELECT COUNT(*) FROM Filter")
                fetched = cur.fetchone()[0]
                self.assertTrue(wait_until(lambda: finished(cur, done) and finished(cur, fetched), timeout=60))
                cur.execute(f"SELECT * FROM qserv_result({fetched})")
                self.assertEqual(cur.fetchall(), ((5,),))
                cur.execute(f"SELECT * FROM qserv_result({done})")
                expected = cur.fetchall()
                cur.execute("SUBMIT " + LONG)
                running = cur.fetchone()[0]
                self.assertTrue(wait_until(lambda: chunks_done(cur, running) > 0, timeout=30))
            for how in (signal.SIGKILL, signal.SIGTERM):
                server.proc.send_signal(how)
                server.proc.wait(30)
                server.stop(remove=False)
                server = DemoServer(WORKERS, data_dir=data_dir).start()
                with connect(server) as conn, conn.cursor() as cur:
                    cur.execute(f"SELECT STATUS, COMPLETED, ERROR FROM information_schema.queries WHERE ID={running}")
                    status, completed, error = cur.fetchone()
                    self.assertEqual(status, "ABORTED", how)
                    self.assertIsNotNone(completed)
                    self.assertTrue(error)
                    cur.execute("SELECT * FROM information_schema.processlist")
                    self.assertEqual(cur.fetchall(), ())
                    for qid in (done, fetched):
                        cur.execute(f"SELECT STATUS FROM information_schema.queries WHERE ID={qid}")
                        self.assertEqual(cur.fetchall(), (("COMPLETED",),))
                    cur.execute(f"SELECT * FROM qserv_result({done})")
                    self.assertEqual(cur.fetchall(), expected)
                    cur.execute(f"SELECT * FROM qserv_result({fetched})")
                    self.assertEqual(cur.fetchall(), ((5,),))
                    with self.assertRaises(pymysql.err.MySQLError) as e:
                        cur.execute(f"SELECT * FROM qserv_result({running})")
                    self.assertEqual(e.exception.args[0], 4120)
                    with self.assertRaises(pymysql.err.MySQLError) as e:
                        cur.execute(f"CANCEL {running}")
                    self.assertEqual(e.exception.args[0], 4005)
                    cur.execute("SELECT MAX(ID) FROM information_schema.queries")
                    top = cur.fetchone()[0]
                    cur.execute("SUBMIT " + LONG)
                    new = cur.fetchone()[0]
                    self.assertGreater(new, top)
                    self.assertGreater(new, running)
                    self.assertTrue(wait_until(lambda: chunks_done(cur, new) > 0, timeout=30))
                    running = new  # the next round crashes/stops on this one
        finally:
            if server:
                server.stop(remove=False)
            shutil.rmtree(data_dir, ignore_errors=True)

    def test_every_answered_submit_survives_a_crash(self):
        """SUBMIT answers only once its query is recorded: clients submitting
        back to back while the server is killed find every id they were given
        in the history after the restart (COMPLETED or ABORTED), and new ids
        above them."""
        data_dir = demo_data_dir()
        limits = ("--czar.max_queries=100000", "--czar.max_queries_per_user=100000")  # never refuse one
        server = DemoServer(WORKERS, *limits, data_dir=data_dir).start()
        answered, stop = [], threading.Event()

        def client():
            try:
                with connect(server) as conn, conn.cursor() as cur:
                    while not stop.is_set():
                        cur.execute("SUBMIT SELECT COUNT(*) FROM Filter")
                        answered.append(cur.fetchone()[0])
            except pymysql.err.MySQLError:
                pass  # the server died under it
        try:
            clients = [threading.Thread(target=client) for _ in range(8)]
            for c in clients:
                c.start()
            self.assertTrue(wait_until(lambda: len(answered) >= 300, timeout=60), len(answered))
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait(30)
            stop.set()
            for c in clients:
                c.join(30)
            server.stop(remove=False)
            server = DemoServer(WORKERS, *limits, data_dir=data_dir).start()
            with connect(server) as conn, conn.cursor() as cur:
                cur.execute(f"SELECT ID, STATUS FROM information_schema.queries WHERE ID >= {min(answered)}")
                recorded = dict(cur.fetchall())
                self.assertEqual(sorted(set(answered) - set(recorded)), [])
                self.assertEqual({recorded[i] for i in answered} - {"COMPLETED", "ABORTED"}, set())
                cur.execute("SUBMIT SELECT COUNT(*) FROM Filter")
                self.assertGreater(cur.fetchone()[0], max(answered))
        finally:
            stop.set()
            server.stop(remove=False)
            shutil.rmtree(data_dir, ignore_errors=True)


class FailedChunk(unittest.TestCase):
    def test_a_chunk_that_fails_fails_the_query(self):
        data_dir = demo_data_dir()
        chunk_dir = os.path.join(data_dir, "chunks", "demo")
        name = sorted(f for f in os.listdir(chunk_dir) if re.fullmatch(r"chunk_\d+\.sqlite3", f))[0]
        with open(os.path.join(chunk_dir, name), "r+b") as f:
            f.write(b"not a database file! " * 200)
        chunk = re.search(r"\d+", name).group()
        server = DemoServer(WORKERS, data_dir=data_dir, own_dir=True).start()
        try:
            with connect(server) as conn, conn.cursor() as cur:
                cur.execute("SUBMIT SELECT COUNT(*) FROM Object")
                qid = cur.fetchone()[0]
                self.assertTrue(wait_until(lambda: finished(cur, qid), timeout=60))
                cur.execute(f"SELECT STATUS, ERROR, COMPLETED FROM information_schema.queries WHERE ID={qid}")
                status, error, completed = cur.fetchone()
                self.assertEqual(status, "FAILED")
                self.assertRegex(error, rf"^chunk {chunk}: .+")  # which chunk, which cause
                self.assertIsNotNone(completed)
                with self.assertRaises(pymysql.err.MySQLError) as e:
                    cur.execute(f"SELECT * FROM qserv_result({qid})")
                self.assertEqual(e.exception.args,
                                 (4120, f"Unable to return query results: query {qid} FAILED: {error}"))
                cur.execute("SUBMIT SELECT COUNT(*) FROM Filter")  # the server carries on
                ok = cur.fetchone()[0]
                self.assertTrue(wait_until(lambda: finished(cur, ok), timeout=60))
                cur.execute(f"SELECT * FROM qserv_result({ok})")
                self.assertEqual(cur.fetchall(), ((5,),))
        finally:
            server.stop()


def connect(server, user="qsmaster", password=""):
    return pymysql.connect(host="127.0.0.1", port=server.port, user=user, password=password, database="demo",
                           autocommit=True)


def finished(cur, qid):
    cur.execute(f"SELECT STATUS FROM information_schema.queries WHERE ID={qid}")
    return cur.fetchone()[0] != "EXECUTING"


def chunks_done(cur, qid):
    cur.execute(f"SELECT CHUNKS_COMP FROM information_schema.processlist WHERE ID={qid}")
    rows = cur.fetchall()
    return rows[0][0] if rows else -1


class Limits(DemoTest):
    server_args = ("--czar.max_queries_per_user=2", "--czar.max_queries=3", "--czar.result_retention_s=1")

    def test_concurrent_query_limits(self):
        self.rows("CREATE USER 'u5'@'%' IDENTIFIED BY 'p'")
        self.rows("GRANT SELECT ON demo.* TO 'u5'@'%'")
        first, second = self.submit(LONG), self.submit(LONG)
        errno, message = self.mysql_error("SUBMIT " + LONG)
        self.assertEqual(errno, 4110)
        self.assertIn("max_queries_per_user", message)
        self.assertEqual(self.mysql_error(LONG), (errno, message))  # a synchronous query counts as well
        with self.connect("u5", "p") as u5:
            third = self.submit(LONG, u5)
            errno, message = self.mysql_error("SUBMIT " + LONG, u5)
            self.assertEqual(errno, 4110)
            self.assertIn("max_queries", message)
            self.rows(f"CANCEL {third}", u5)
        for qid in (first, second):
            self.rows(f"CANCEL {qid}")
            self.assertEqual(self.wait_finished(qid, timeout=15), "ABORTED")
        fourth = self.submit(QUICK)  # room again
        self.assertEqual(self.wait_finished(fourth), "COMPLETED")

    def test_unclaimed_result_expires_history_stays(self):
        qid = self.submit(QUICK)
        self.assertEqual(self.wait_finished(qid), "COMPLETED")
        missing = (1146, f"Table 'qservResult.result_{qid}' doesn't exist")

        def gone():
            try:
                self.rows(f"SELECT * FROM qserv_result({qid})")
                return False
            except pymysql.err.MySQLError as e:
                self.assertEqual(e.args, missing)
                return True
        self.assertTrue(wait_until(gone, timeout=30, interval=0.5), "result kept past result_retention_s")
        self.assertEqual(self.status(qid), "COMPLETED")


if __name__ == "__main__":
    unittest.main()
