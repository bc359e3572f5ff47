"""The asynchronous query API of /work/shared/ASYNC_API.md replayed end to end
with the mariadb CLI and PyMySQL against the real binary on the demo catalog:
SUBMIT, watching, fetching, deleting, cancelling, validation, concurrency,
and the synchronous path (TYPE SYNC, KILL, Ctrl-C, progress reports).
Isolation between users, large results, restarts and limits are in
test_async_isolation.py."""
import math
import os
import re
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pymysql  # noqa: E402

from async_support import (HEAVY_CHUNK, LONG, MEDIUM, PROCESSLIST_COLUMNS, QUERIES_COLUMNS, QUICK,  # noqa: E402
                           SHOW_PROCESSLIST_COLUMNS, TIME_RE, DemoTest, Pty, RawClient, vertical, wait_until)

LONGLONG = pymysql.constants.FIELD_TYPE.LONGLONG


class Lifecycle(DemoTest):
    def test_submit_returns_one_row_jobid_bigint_and_result_location(self):
        description, rows = self.query("SUBMIT " + QUICK)
        self.assertEqual([d[0] for d in description], ["jobId", "resultLocation"])
        self.assertEqual(description[0][1], LONGLONG)
        self.assertEqual(len(rows), 1)
        first, location = rows[0]
        self.assertGreater(first, 0)
        self.assertEqual(location, f"table:result_{first}")
        # The CLI's table, as in the transcript.
        out = self.cli("SUBMIT " + QUICK, "--table")
        m = re.fullmatch(r"\+-+\+-+\+\n\| jobId +\| resultLocation +\|\n\+-+\+-+\+\n"
                         r"\| +(\d+) \| table:result_(\d+) +\|\n\+-+\+-+\+\n", out)
        self.assertTrue(m, out)
        self.assertEqual(m.group(1), m.group(2))
        second = int(m.group(1))
        third = self.submit(QUICK)
        self.assertLess(first, second)
        self.assertLess(second, third)
        for qid in (first, second, third):
            self.assertEqual(self.wait_finished(qid), "COMPLETED")

    def test_running_query_in_processlist_then_cancelled(self):
        qid = self.submit(LONG)
        comp, chunks = self.wait_running(qid)
        self.assertGreater(chunks, 1000)  # ~1,600 chunks in the demo
        self.assertLess(comp, chunks)
        rows = vertical(self.cli(f"SELECT * FROM information_schema.processlist WHERE id={qid}\\G"))
        self.assertEqual(len(rows), 1, rows)
        row = rows[0]
        self.assertEqual([k for k, _ in row][:9], PROCESSLIST_COLUMNS)
        row = dict(row)
        self.assertEqual(row["ID"], str(qid))
        self.assertEqual(row["TYPE"], "ASYNC")
        self.assertEqual(row["CZAR"], "qproxy")
        self.assertRegex(row["CZAR_ID"], r"^\d+$")
        self.assertRegex(row["SUBMITTED"], f"^{TIME_RE}$")
        self.assertRegex(row["UPDATED"], f"^{TIME_RE}$")
        self.assertLessEqual(row["SUBMITTED"], row["UPDATED"])
        self.assertEqual(int(row["CHUNKS"]), chunks)
        self.assertTrue(0 < int(row["CHUNKS_COMP"]) < chunks, row)
        self.assertEqual(row["QUERY"], LONG)
        (now,), = self.rows("SELECT NOW()")
        self.assertLessEqual(abs((now - self.history(qid)["SUBMITTED"]).total_seconds()), 120)
        self.assertEqual(self.history(qid)["STATUS"], "EXECUTING")

        for show, text in (("SHOW PROCESSLIST", LONG[:32]), ("SHOW FULL PROCESSLIST", LONG)):
            description, rows = self.query(show)
            self.assertEqual([d[0] for d in description], SHOW_PROCESSLIST_COLUMNS, show)
            mine = [r for r in rows if r[0] == qid]
            self.assertEqual(len(mine), 1, rows)
            self.assertEqual(mine[0][1], "ASYNC")
            self.assertEqual(mine[0][6], chunks)
            self.assertEqual(mine[0][8], text, show)
        out = self.cli("SHOW PROCESSLIST", "--table")
        self.assertIn(f"| {LONG[:32]} |", out)

        # Progress moves while we watch.
        self.assertTrue(wait_until(lambda: self.rows(
            f"SELECT CHUNKS_COMP FROM information_schema.processlist WHERE ID={qid}")[0][0] > comp, timeout=30))

        line = self.cli_error(f"SELECT * FROM qserv_result({qid})")
        m = re.fullmatch(r"ERROR 4120 \(Proxy\) at line 1: Unable to return query results: "
                         rf"query {qid} is still executing \((\d+)/(\d+) chunks\)", line)
        self.assertTrue(m, line)
        self.assertEqual(int(m.group(2)), chunks)
        self.assertLess(int(m.group(1)), chunks)
        errno, message = self.mysql_error(f"SELECT * FROM qserv_result({qid})")
        self.assertEqual(errno, 4120)

        out = self.cli(f"CANCEL {qid}", "--table")
        self.assertRegex(out, r"^\+-+\+\n\| command +\|\n\+-+\+\n"
                              rf"\| Trying to kill query: CANCEL {qid} +\|\n\+-+\+\n$")
        # Again while (or after) it stops: the same row, or the error of a finished query.
        try:
            description, rows = self.query(f"CANCEL {qid}")
            self.assertEqual(([d[0] for d in description], rows),
                             (["command"], ((f"Trying to kill query: CANCEL {qid}",),)))
        except pymysql.err.MySQLError as e:
            self.assertEqual(e.args, (4005, f"KILL/CANCEL failed: Unknown or finished query ID: CANCEL {qid}"))
        self.assertEqual(self.wait_finished(qid, timeout=15), "ABORTED")
        self.assertEqual(self.rows(f"SELECT * FROM information_schema.processlist WHERE ID={qid}"), ())
        row = self.history(qid)
        self.assertIsNotNone(row["COMPLETED"])
        self.assertTrue(row["ERROR"], row)
        self.assertEqual(self.cli_error(f"CANCEL {qid}"),
                         f"ERROR 4005 (Proxy) at line 1: KILL/CANCEL failed: Unknown or finished query ID: CANCEL {qid}")
        line = self.cli_error(f"SELECT * FROM qserv_result({qid})")
        self.assertEqual(line, f"ERROR 4120 (Proxy) at line 1: Unable to return query results: "
                               f"query {qid} ABORTED: {row['ERROR']}")

    def test_completed_query_history_fetch_refetch_delete(self):
        (before,), = self.rows("SELECT NOW()")
        qid = self.submit(QUICK)
        self.assertEqual(self.wait_finished(qid), "COMPLETED")
        self.assertEqual(self.rows(f"SELECT * FROM information_schema.processlist WHERE ID={qid}"), ())
        self.assertNotIn(qid, [r[0] for r in self.rows("SHOW FULL PROCESSLIST")])
        description, rows = self.query(f"SELECT * FROM information_schema.queries WHERE ID={qid}")
        self.assertEqual([d[0] for d in description][:15], QUERIES_COLUMNS)
        row = self.history(qid)
        self.assertEqual(row["TYPE"], "ASYNC")
        self.assertEqual(row["CZAR"], "qproxy")
        self.assertIsNone(row["RETURNED"])
        self.assertGreater(row["CHUNKS"], 1000)
        self.assertGreater(row["BYTES"], 0)
        self.assertGreaterEqual(row["ROWS_COLLECTED"], 5)
        self.assertEqual(row["ROWS"], 5)
        self.assertEqual(row["DBS"], "demo")
        self.assertEqual(row["QUERY"], QUICK)
        self.assertIn(row["ERROR"], (None, ""))
        self.assertLessEqual(before, row["SUBMITTED"])
        self.assertLessEqual(row["SUBMITTED"], row["COMPLETED"])
        out = self.cli(f"SELECT * FROM information_schema.queries WHERE id={qid}\\G")
        self.assertRegex(out, rf"\n +STATUS: COMPLETED\n +SUBMITTED: {TIME_RE}\n +COMPLETED: {TIME_RE}\n"
                              r" +RETURNED: NULL\n")

        sync_description, sync_rows = self.query(QUICK)
        description, rows = self.query(f"SELECT * FROM qserv_result({qid})")
        self.assertEqual(description, sync_description)  # names, types, lengths, decimals, nullability
        self.assertEqual([d[0] for d in description], ["filterId", "n", "lo", "MAX(taiMidPoint)"])
        self.assertEqual(rows, sync_rows)
        self.assertEqual(len(rows), 5)
        returned = self.history(qid)["RETURNED"]
        self.assertIsNotNone(returned)
        self.assertGreaterEqual(returned, row["COMPLETED"])
        # Again, and as the CLI prints it: the same as the synchronous query.
        self.assertEqual(self.rows(f"SELECT * FROM qserv_result({qid})"), sync_rows)
        self.assertEqual(self.cli(f"SELECT * FROM qserv_result({qid})"), self.cli(QUICK))
        self.assertEqual(self.history(qid)["STATUS"], "COMPLETED")

        self.assertEqual(self.cli(f"CALL qserv_result_delete({qid})"), "")
        expected = f"ERROR 1146 (42S02) at line 1: Table 'qservResult.result_{qid}' doesn't exist"
        self.assertEqual(self.cli_error(f"SELECT * FROM qserv_result({qid})"), expected)
        self.assertEqual(self.cli_error(f"CALL qserv_result_delete({qid})"), expected)
        self.assertEqual(self.mysql_error(f"SELECT * FROM qserv_result({qid})"),
                         (1146, f"Table 'qservResult.result_{qid}' doesn't exist"))
        self.assertEqual(self.history(qid)["STATUS"], "COMPLETED")  # the history stays

    def test_large_and_floating_point_results_match_the_synchronous_query(self):
        big = "SELECT objectId, ra, decl, uFlux, flags FROM Object WHERE flags % 3 = 1"
        agg = "SELECT filterId, AVG(psfFlux) AS a, SUM(taiMidPoint) AS s, COUNT(*) FROM Source GROUP BY filterId"
        big_id, agg_id = self.submit(big), self.submit(agg)
        self.assertEqual(self.wait_finished(big_id), "COMPLETED")
        self.assertEqual(self.wait_finished(agg_id), "COMPLETED")
        description, rows = self.query(f"SELECT * FROM qserv_result({big_id})")
        sync_description, sync_rows = self.query(big)
        self.assertGreater(len(rows), 1000)
        self.assertEqual(self.history(big_id)["ROWS"], len(rows))
        self.assertEqual(description, sync_description)  # names, types, lengths, decimals, nullability
        self.assertEqual(sorted(rows, key=lambda r: r[0]), sorted(sync_rows, key=lambda r: r[0]))
        description, rows = self.query(f"SELECT * FROM qserv_result({agg_id})")
        sync_description, sync_rows = self.query(agg)
        self.assertEqual(description, sync_description)  # names, types, lengths, decimals, nullability
        rows, sync_rows = sorted(rows), sorted(sync_rows)
        self.assertEqual([(r[0], r[3]) for r in rows], [(r[0], r[3]) for r in sync_rows])
        for r, s in zip(rows, sync_rows):  # sums of doubles in a different order may differ in the last bits
            self.assertTrue(math.isclose(r[1], s[1], rel_tol=1e-12), (r, s))
            self.assertTrue(math.isclose(r[2], s[2], rel_tol=1e-12), (r, s))

    def test_delete_of_an_executing_query_cancels_it(self):
        qid = self.submit(LONG)
        self.wait_running(qid)
        self.rows(f"CALL qserv_result_delete({qid})")
        self.assertEqual(self.wait_finished(qid, timeout=15), "ABORTED")
        self.assertEqual(self.mysql_error(f"CALL qserv_result_delete({qid})"),
                         (1146, f"Table 'qservResult.result_{qid}' doesn't exist"))

    def test_cancel_interrupts_running_chunk_work(self):
        ids = [self.submit(HEAVY_CHUNK) for _ in range(2)]  # one chunk each: both workers busy for minutes
        for qid in ids:
            self.assertEqual(self.wait_running_chunk(qid), (0, 1))
        for qid in ids:
            self.rows(f"CANCEL {qid}")
        for qid in ids:
            self.assertEqual(self.wait_finished(qid, timeout=10), "ABORTED")
        t = time.time()
        self.assertEqual(self.rows("SELECT COUNT(*) FROM Filter"), ((5,),))  # a worker is free again
        self.assertLess(time.time() - t, 10)

    def wait_running_chunk(self, qid):
        time.sleep(0.5)  # the chunk is being worked on by now
        return self.rows(f"SELECT CHUNKS_COMP, CHUNKS FROM information_schema.processlist WHERE ID={qid}")[0]

    def test_unknown_ids(self):
        (top,), = self.rows("SELECT COALESCE(MAX(ID), 0) FROM information_schema.queries")
        unknown = top + 1000
        self.assertEqual(self.cli_error(f"CANCEL {unknown}"),
                         f"ERROR 4005 (Proxy) at line 1: KILL/CANCEL failed: Unknown or finished query ID: "
                         f"CANCEL {unknown}")
        for sql in (f"SELECT * FROM qserv_result({unknown})", f"CALL qserv_result_delete({unknown})"):
            self.assertEqual(self.cli_error(sql),
                             f"ERROR 1146 (42S02) at line 1: Table 'qservResult.result_{unknown}' doesn't exist")
        done = self.submit("SELECT COUNT(*) FROM Filter")
        self.assertEqual(self.wait_finished(done), "COMPLETED")
        self.assertEqual(self.mysql_error(f"CANCEL {done}"),
                         (4005, f"KILL/CANCEL failed: Unknown or finished query ID: CANCEL {done}"))

    def test_history_and_processlist_are_sql_tables(self):
        ids = [self.submit("SELECT COUNT(*) FROM Filter") for _ in range(3)]
        for qid in ids:
            self.wait_finished(qid)
        self.assertEqual(self.rows("SHOW PROCESSLIST"), ())
        self.assertEqual(self.cli("SHOW PROCESSLIST"), "")
        self.assertEqual(self.rows("SELECT COUNT(*) FROM information_schema.processlist"), ((0,),))
        got = self.rows(f"SELECT ID, STATUS FROM information_schema.queries WHERE ID IN ({ids[0]}, {ids[2]}) "
                        "ORDER BY ID DESC LIMIT 5")
        self.assertEqual(got, ((ids[2], "COMPLETED"), (ids[0], "COMPLETED")))
        got = self.rows(f"SELECT TYPE, COUNT(*), MAX(ID) FROM information_schema.queries WHERE ID >= {ids[0]} "
                        "AND TYPE = 'ASYNC' GROUP BY TYPE")
        self.assertEqual(got, (("ASYNC", 3, ids[2]),))


class Validation(DemoTest):
    def assert_rejected(self, sql, expected):
        (top,), = self.rows("SELECT COALESCE(MAX(ID), 0) FROM information_schema.queries")
        t = time.time()
        self.assertEqual(self.cli_error(sql), expected)
        self.assertLess(time.time() - t, 5, sql)  # immediately, not after running
        self.assertEqual(self.rows(f"SELECT ID FROM information_schema.queries WHERE ID > {top} AND TYPE='ASYNC'"),
                         ())

    def test_submit_of_anything_but_select(self):
        for text in ("SHOW TABLES", "DROP TABLE x", "INSERT INTO Filter VALUES (9, 'y', 1, 1)"):
            self.assert_rejected(f"SUBMIT {text}", "ERROR 4110 (Proxy) at line 1: Query processing error: "
                                                   f"SUBMIT only valid with SELECT queries: {text}")
        self.assertEqual(self.mysql_error("SUBMIT SHOW DATABASES"),
                         (4110, "Query processing error: SUBMIT only valid with SELECT queries: SHOW DATABASES"))

    def test_submit_over_processlist_or_queries(self):
        for text in ("SELECT * FROM information_schema.processlist",
                     "SELECT ID FROM information_schema.queries WHERE STATUS='EXECUTING'"):
            self.assert_rejected(f"SUBMIT {text}", "ERROR 4110 (Proxy) at line 1: Query processing error: "
                                                   f"SUBMIT is not allowed with query: {text}")

    def test_submit_validates_names_and_syntax(self):
        self.assert_rejected("SUBMIT SELECT * FROM nodb.Object", "ERROR 1049 (42000) at line 1: Unknown database 'nodb'")
        self.assert_rejected("SUBMIT SELECT * FROM NoTable", "ERROR 1146 (42S02) at line 1: Table 'demo.NoTable' doesn't exist")
        self.assert_rejected("SUBMIT SELECT nocol FROM Object",
                             "ERROR 1054 (42S22) at line 1: Unknown column 'nocol' in 'field list'")
        self.assert_rejected("SUBMIT SELECT objectId FROM Object o JOIN Source s ON o.objectId = s.objectId",
                             "ERROR 1052 (23000) at line 1: Column 'objectId' in field list is ambiguous")
        line = self.cli_error("SUBMIT SELECT ra FROM Object WHERE")
        self.assertTrue(line.startswith("ERROR 1064 (42000) at line 1: You have an error in your SQL syntax"), line)


class Concurrency(DemoTest):
    # Default max_queries_per_user (32) could refuse some of the 50 SUBMITs.
    server_args = ("--czar.max_queries_per_user=64",)

    def test_50_submits_from_10_connections(self):
        def sql(i):
            return (f"SELECT {i} AS k, COUNT(*) AS n FROM Object WHERE flags % 10 = {i % 10}" if i % 5 == 0
                    else f"SELECT {i} AS k, objectId FROM Object WHERE objectId = {i * 37 + 1}")
        barrier = threading.Barrier(10)
        ids, errors = {}, []

        def client(c):
            try:
                conn = self.connect()
                try:
                    barrier.wait(30)
                    mine = [(self.submit(sql(c * 5 + j), conn), c * 5 + j) for j in range(5)]
                finally:
                    conn.close()
                self.assertEqual([q for q, _ in mine], sorted(q for q, _ in mine))
                ids.update({q: i for q, i in mine})
            except Exception as e:  # noqa: BLE001 (reported below)
                errors.append(repr(e))
        threads = [threading.Thread(target=client, args=(c,)) for c in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])
        self.assertEqual(len(ids), 50)
        self.assertTrue(all(q > 0 for q in ids))
        for qid, i in sorted(ids.items()):
            self.assertEqual(self.wait_finished(qid), "COMPLETED", self.history(qid))
            self.assertEqual(self.history(qid)["QUERY"], sql(i))
            self.assertEqual(self.rows(f"SELECT * FROM qserv_result({qid})"), self.rows(sql(i)), sql(i))


class Synchronous(DemoTest):
    _medium = None

    def medium_count(self):
        """MEDIUM's one value, as a client without progress reports gets it (computed once)."""
        if Synchronous._medium is None:
            plain = RawClient(self.server.port, progress=False)
            try:
                rows, progress = plain.query(MEDIUM)
            finally:
                plain.close()
            self.assertEqual(progress, [])  # only for clients that ask
            self.assertEqual(len(rows), 1)
            Synchronous._medium = int(rows[0][0])
        return Synchronous._medium

    def run_in_thread(self, conn, sql):
        outcome = {}

        def run():
            t = time.time()
            try:
                outcome["rows"] = self.rows(sql, conn)
            except pymysql.err.MySQLError as e:
                outcome["error"] = e.args
            outcome["seconds"] = time.time() - t
        thread = threading.Thread(target=run)
        thread.start()
        return thread, outcome

    def sync_row(self):
        """The processlist row of the one SYNC query running."""
        found = []
        self.assertTrue(wait_until(lambda: found.extend(self.rows(
            "SELECT ID, TYPE, QUERY, CHUNKS_COMP FROM information_schema.processlist WHERE TYPE='SYNC'")) or found,
            timeout=20), "no SYNC query in the processlist")
        self.assertEqual(len(found), 1, found)
        return found[0]

    def test_kill_query_ends_a_sync_query_and_the_session_lives(self):
        victim = self.connect()
        try:
            thread, outcome = self.run_in_thread(victim, LONG)
            qid, qtype, text, _ = self.sync_row()
            self.assertEqual((qtype, text), ("SYNC", LONG))
            show = [r for r in self.rows("SHOW PROCESSLIST") if r[0] == qid]
            self.assertEqual(show[0][1], "SYNC")
            self.rows(f"KILL QUERY {victim.thread_id()}")
            thread.join(30)
            self.assertEqual(outcome.get("error"), (1317, "Query execution was interrupted"), outcome)
            self.assertLess(outcome["seconds"], 30)
            self.assertEqual(self.rows("SELECT 6*7", victim), ((42,),))
            self.assertEqual(self.wait_finished(qid, timeout=15), "ABORTED")
            self.assertEqual(self.history(qid)["TYPE"], "SYNC")
        finally:
            victim.close()

    def test_kill_query_sqlstate_in_the_cli(self):
        cmd = ["mariadb", "--no-defaults", "-h127.0.0.1", f"-P{self.server.port}", "-uqsmaster", "--database=demo",
               "-n", "-N", "-e", f"SELECT CONNECTION_ID(); {LONG}"]
        cli = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            connection_id = int(cli.stdout.readline())
            self.sync_row()
            self.rows(f"KILL QUERY {connection_id}")
            out, err = cli.communicate(timeout=30)
        finally:
            if cli.poll() is None:
                cli.kill()
                cli.communicate()
        self.assertEqual(err.strip().splitlines()[-1], "ERROR 1317 (70100) at line 1: Query execution was interrupted")

    def test_com_process_kill_and_kill_connection_end_the_connection_and_its_query(self):
        for how in ("COM_PROCESS_KILL", "KILL CONNECTION"):
            victim = self.connect()
            thread, outcome = self.run_in_thread(victim, LONG)
            qid = self.sync_row()[0]
            if how == "COM_PROCESS_KILL":
                self.conn.kill(victim.thread_id())
            else:
                self.rows(f"KILL CONNECTION {victim.thread_id()}")
            thread.join(30)
            self.assertIn(outcome.get("error", (None,))[0], (2013, 1927, 4031), (how, outcome))
            with self.assertRaises(pymysql.err.Error, msg=how):
                self.rows("SELECT 1", victim)
            self.assertEqual(self.wait_finished(qid, timeout=15), "ABORTED", how)

    def test_kill_query_interrupts_running_chunk_work(self):
        victim = self.connect()
        try:
            thread, outcome = self.run_in_thread(victim, HEAVY_CHUNK)
            qid = self.sync_row()[0]
            time.sleep(0.5)
            self.rows(f"KILL QUERY {victim.thread_id()}")
            thread.join(30)
            self.assertEqual(outcome.get("error"), (1317, "Query execution was interrupted"), outcome)
            self.assertEqual(self.wait_finished(qid, timeout=10), "ABORTED")
            t = time.time()
            self.assertEqual(self.rows("SELECT COUNT(*) FROM Filter", victim), ((5,),))
            self.assertLess(time.time() - t, 10)
        finally:
            victim.close()

    def test_sync_result_table_is_dropped(self):
        (top,), = self.rows("SELECT COALESCE(MAX(ID), 0) FROM information_schema.queries")
        self.assertEqual(len(self.rows(QUICK)), 5)
        rows = self.rows(f"SELECT ID, TYPE, STATUS FROM information_schema.queries WHERE ID > {top} AND "
                         f"QUERY = '{QUICK}'")
        self.assertEqual(len(rows), 1, rows)
        qid, qtype, status = rows[0]
        self.assertEqual((qtype, status), ("SYNC", "COMPLETED"))
        self.assertEqual(self.mysql_error(f"SELECT * FROM qserv_result({qid})"),
                         (1146, f"Table 'qservResult.result_{qid}' doesn't exist"))

    def test_cli_gets_progress_reports_and_the_right_result(self):
        expected = self.medium_count()
        cli = Pty(self.server.port)
        try:
            t = time.time()
            cli.send(MEDIUM.encode() + b";\n")
            out = cli.expect(b"row in set")
            seconds = time.time() - t
            text = out.decode(errors="replace")
            self.assertIn(f"| {expected} |", text)
            stages = re.findall(r"Stage: 1 of 1 'chunks (\d+)/(\d+)' +([\d.]+)% of stage done", text)
            if seconds >= 2.5:  # a report each second
                self.assertGreaterEqual(len(stages), 1, text)
            done = [int(d) for d, _, _ in stages]
            self.assertEqual(done, sorted(done))
        finally:
            cli.close()

    def test_ctrl_c_in_the_cli_kills_the_query(self):
        cli = Pty(self.server.port)
        try:
            cli.send(LONG.encode() + b";\n")
            cli.expect(b"Stage: 1 of 1")
            cli.send(b"\x03")
            out = cli.expect(Pty.PROMPT, timeout=30)
            self.assertIn(b"ERROR 1317 (70100): Query execution was interrupted", out)
            cli.send(b"SELECT 6*7;\n")
            self.assertIn(b"|  42 |", cli.expect(b"row in set"))
        finally:
            cli.close()
        self.assertTrue(wait_until(lambda: self.rows(
            "SELECT STATUS FROM information_schema.queries WHERE TYPE='SYNC' ORDER BY ID DESC LIMIT 1")
            == (("ABORTED",),), timeout=15))

    def test_progress_packets_about_once_a_second(self):
        expected = self.medium_count()
        client = RawClient(self.server.port, progress=True)
        try:
            self.assertFalse(client.server_long_password)
            self.assertEqual(client.server_ext_caps & 1, 1)
            t = time.time()
            rows, progress = client.query(MEDIUM)
            seconds = time.time() - t
            self.assertEqual(rows, [[str(expected)]])
            self.assertEqual(client.query("SELECT 1")[0], [["1"]])  # framing intact after the reports
        finally:
            client.close()
        if seconds < 2.5:
            self.skipTest(f"{MEDIUM} took only {seconds:.1f} s")
        self.assertGreaterEqual(len(progress), int(seconds) - 1, progress)
        self.assertLessEqual(len(progress), int(seconds) + 1, progress)
        times = [t] + [p[0] for p in progress]
        for a, b in zip(times, times[1:]):
            self.assertTrue(0.5 <= b - a <= 2.0, (a - t, b - t))
        permille = [p[3] for p in progress]
        self.assertEqual(permille, sorted(permille))
        self.assertTrue(all(0 <= p <= 100000 for p in permille))
        for _, stage, max_stage, _, state in progress:
            self.assertEqual((stage, max_stage), (1, 1))
            self.assertRegex(state, r"^chunks \d+/\d+$")


if __name__ == "__main__":
    unittest.main()
