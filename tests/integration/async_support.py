"""Shared pieces of the asynchronous-API tests (test_async_*.py): a demo
catalog built once per test process and copied into each server's data dir,
queries of known cost, the mariadb CLI in batch mode and on a pseudo-terminal,
and a raw MySQL-protocol client that asks for MariaDB progress reports."""
import atexit
import os
import pty
import re
import select
import shutil
import signal
import socket
import struct
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import pymysql  # noqa: E402

import qproxy_harness  # noqa: E402
from qproxy_harness import Server, wait_until  # noqa: E402

# The harness starts the binary with cwd = the data dir: a relative path must be made absolute.
qproxy_harness.QPROXY_BIN = os.path.abspath(qproxy_harness.QPROXY_BIN)

DEMO_ROWS = int(os.environ.get("QPROXY_DEMO_ROWS", "20000"))
WORKERS = "--czar.workers=2"

# Costs measured at 20,000 objects, 2 workers, on a loaded 2-core machine:
QUICK = "SELECT filterId, COUNT(*) AS n, MIN(psfFlux) AS lo, MAX(taiMidPoint) FROM Source GROUP BY filterId ORDER BY filterId"
# ~4 s, completes: a cross product of the Sources in each chunk and the five filters twice.
MEDIUM = ("SELECT COUNT(*) FROM Source s1 JOIN Source s2 ON s2.objectId<>s1.objectId "
          "JOIN Filter f1 JOIN Filter f2")
# ~1 min: always cancelled, killed or crashed before it ends.
LONG = ("SELECT COUNT(*) FROM Source s1 JOIN Source s2 ON s2.objectId<>s1.objectId "
        "JOIN Source s3 ON s3.objectId<>s2.objectId JOIN Filter f")
# One chunk (a 0.5° box) whose cross product takes minutes: cancelling it must
# interrupt the chunk's work, not wait for it.
HEAVY_CHUNK = ("SELECT COUNT(*) FROM Object o JOIN Source s1 JOIN Source s2 JOIN Source s3 JOIN Filter f1 "
               "JOIN Filter f2 JOIN Filter f3 JOIN Filter f4 JOIN Filter f5 JOIN Filter f6 "
               "WHERE qserv_areaspec_box(10, -5, 10.5, -4.5)")

TIME_RE = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
PROCESSLIST_COLUMNS = ["ID", "TYPE", "CZAR", "CZAR_ID", "SUBMITTED", "UPDATED", "CHUNKS", "CHUNKS_COMP", "QUERY"]
SHOW_PROCESSLIST_COLUMNS = ["ID", "COMMAND", "CZAR", "CZAR_ID", "SUBMITTED", "UPDATED", "CHUNKS", "CHUNKS_COMP",
                            "QUERY"]
QUERIES_COLUMNS = ["ID", "TYPE", "CZAR", "CZAR_ID", "STATUS", "SUBMITTED", "COMPLETED", "RETURNED", "CHUNKS", "BYTES",
                   "ROWS_COLLECTED", "ROWS", "DBS", "QUERY", "ERROR"]

class DemoServer(Server):
    """The harness's server, optionally owning (and removing) a data dir it was given."""

    def __init__(self, *args, data_dir=None, own_dir=None):
        super().__init__(*args, data_dir=data_dir)
        if own_dir is not None:
            self.own_dir = own_dir


_template = None


def demo_template():
    """A data dir holding `demo`, built once per process by the real binary."""
    global _template
    if _template is None:
        os.makedirs(qproxy_harness.TMP_ROOT, exist_ok=True)
        d = tempfile.mkdtemp(prefix="qproxy-demo-", dir=qproxy_harness.TMP_ROOT)
        atexit.register(shutil.rmtree, d, True)
        t = time.time()
        server = DemoServer("--demo", "--demo-rows", str(DEMO_ROWS), WORKERS, data_dir=d).start()
        server.stop(remove=False)
        os.remove(server.log_path)
        print(f"\n[demo catalog, {DEMO_ROWS} objects, built in {time.time() - t:.1f} s]", file=sys.stderr)
        _template = d
    return _template


def demo_data_dir():
    template = demo_template()
    d = tempfile.mkdtemp(prefix="qproxy-", dir=qproxy_harness.TMP_ROOT)
    shutil.copytree(template, d, dirs_exist_ok=True)
    return d


def demo_server(*args):
    return DemoServer("--demo", "--demo-rows", str(DEMO_ROWS), WORKERS, *args, data_dir=demo_data_dir(), own_dir=True)


def vertical(text):
    """Rows of `mariadb --vertical` / `\\G` output as lists of (column, value)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("*****"):
            rows.append([])
            continue
        m = re.match(r"^\s*(\w+):(?: (.*))?$", line)
        if m and rows:
            rows[-1].append((m.group(1), m.group(2) or ""))
    return rows


class DemoTest(unittest.TestCase):
    """One qproxy on a copy of the demo catalog for the whole class."""
    server_args = ()

    @classmethod
    def setUpClass(cls):
        server = demo_server(*cls.server_args)
        try:
            cls.server = server.start()
        except BaseException:
            shutil.rmtree(server.data_dir, ignore_errors=True)
            raise
        cls.conn = cls.connect()

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()
        cls.server.stop()

    def tearDown(self):
        self.assertTrue(self.server.alive(), "qproxy died:\n" + self.server.log()[-5000:])
        # Nothing a test left running may slow down or disturb the next one.
        for (qid,) in self.rows("SELECT ID FROM information_schema.processlist WHERE TYPE='ASYNC'"):
            try:
                self.rows(f"CANCEL {qid}")
            except pymysql.err.MySQLError:
                pass
        wait_until(lambda: not self.rows("SELECT ID FROM information_schema.processlist"), timeout=30)

    @classmethod
    def connect(cls, user="qsmaster", password="", **kw):
        return pymysql.connect(host="127.0.0.1", port=cls.server.port, user=user, password=password,
                               database="demo", autocommit=True, **kw)

    def query(self, sql, conn=None):
        """(description, rows) of one statement."""
        with (conn or self.conn).cursor() as cur:
            cur.execute(sql)
            return cur.description, cur.fetchall()

    def rows(self, sql, conn=None):
        return self.query(sql, conn)[1]

    def submit(self, sql, conn=None):
        description, rows = self.query("SUBMIT " + sql, conn)
        self.assertEqual(len(rows), 1, rows)
        return rows[0][0]

    def mysql_error(self, sql, conn=None):
        """(errno, message) of a statement that must fail."""
        with self.assertRaises(pymysql.err.MySQLError, msg=sql) as e:
            self.rows(sql, conn)
        return e.exception.args[0], e.exception.args[1]

    def cli(self, sql, *opts, user="qsmaster", password=None):
        return self.server.mariadb("--database=demo", *opts, "-e", sql, user=user, password=password).stdout

    def cli_error(self, sql, user="qsmaster", password=None):
        """The mariadb CLI's error line (without the echo of the statement) for a statement that must fail."""
        r = self.server.mariadb("--database=demo", "-e", sql, user=user, password=password, check=False)
        self.assertNotEqual(r.returncode, 0, f"{sql} succeeded: {r.stdout}")
        return r.stderr.strip().splitlines()[-1]

    def history(self, qid, conn=None):
        """The information_schema.queries row of qid as a dict (None if invisible)."""
        description, rows = self.query(f"SELECT * FROM information_schema.queries WHERE ID={qid}", conn)
        self.assertLessEqual(len(rows), 1)
        return dict(zip([d[0] for d in description], rows[0])) if rows else None

    def status(self, qid):
        row = self.history(qid)
        return row and row["STATUS"]

    def wait_finished(self, qid, timeout=120):
        self.assertTrue(wait_until(lambda: self.status(qid) != "EXECUTING", timeout=timeout, interval=0.1),
                        f"query {qid} still executing after {timeout} s")
        return self.status(qid)

    def wait_running(self, qid, timeout=30):
        """Waits until qid is in the processlist with at least one chunk done; returns that row."""
        found = {}

        def progressed():
            rows = self.rows(f"SELECT CHUNKS_COMP, CHUNKS FROM information_schema.processlist WHERE ID={qid}")
            found["row"] = rows[0] if rows else None
            return bool(rows) and rows[0][0] > 0

        self.assertTrue(wait_until(progressed, timeout=timeout, interval=0.1), f"{qid}: {found}")
        return found["row"]


class Pty:
    """The interactive mariadb CLI on a pseudo-terminal: it asks for progress
    reports and turns Ctrl-C into KILL QUERY only when interactive."""
    PROMPT = b"]> "

    def __init__(self, port, user="qsmaster"):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvp("mariadb", ["mariadb", "--no-defaults", "-A", "-h127.0.0.1", f"-P{port}", f"-u{user}", "demo"])
        self.out = b""
        self.expect(self.PROMPT)

    def expect(self, what, timeout=60):
        """Reads until `what` appears in output since the last send(); returns that output."""
        deadline = time.time() + timeout
        while what not in self.out:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"no {what!r} in {self.out[-3000:]!r}")
            r, _, _ = select.select([self.fd], [], [], min(left, 0.2))
            if r:
                try:
                    self.out += os.read(self.fd, 65536)
                except OSError:
                    raise AssertionError(f"mariadb ended without {what!r}: {self.out[-3000:]!r}")
        return self.out

    def send(self, data):
        self.out = b""
        os.write(self.fd, data)

    def close(self):
        try:
            os.write(self.fd, b"quit\n")
        except OSError:
            pass
        deadline = time.time() + 10
        while time.time() < deadline:
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
            time.sleep(0.05)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


class RawClient:
    """Just enough of the client side of the MySQL protocol to see every packet
    of a text-protocol query, MariaDB progress reports included."""
    PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH, CONNECT_WITH_DB, LOCAL_FILES = 0x200, 0x8000, 0x80000, 0x8, 0x80

    def __init__(self, port, progress, user="qsmaster", db="demo", flags=0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=180)
        seq, greeting = self.read()
        i = greeting.index(b"\0", 1) + 1 + 4 + 8 + 1  # version, thread id, scramble part 1, filler
        caps = int.from_bytes(greeting[i:i + 2], "little")
        caps |= int.from_bytes(greeting[i + 5:i + 7], "little") << 16
        self.server_long_password = bool(caps & 1)
        self.server_ext_caps = int.from_bytes(greeting[i + 8 + 6:i + 8 + 10], "little")
        flags |= self.PROTOCOL_41 | self.SECURE_CONNECTION | self.PLUGIN_AUTH | (self.CONNECT_WITH_DB if db else 0)
        # No CLIENT_LONG_PASSWORD (CLIENT_MYSQL): the last 4 filler bytes carry MariaDB's extended capabilities.
        packet = struct.pack("<IIB", flags, 1 << 24, 45) + bytes(19) + struct.pack("<I", 1 if progress else 0)
        packet += user.encode() + b"\0" + b"\0" + (db.encode() + b"\0" if db else b"") + b"mysql_native_password\0"
        self.write(packet, seq + 1)
        seq, reply = self.read()
        if reply[0] == 0xFE:  # auth switch: the password is empty
            self.write(b"", seq + 1)
            seq, reply = self.read()
        if reply[0] != 0:
            raise AssertionError(f"login failed: {reply!r}")

    def _recv(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def read(self):
        head = self._recv(4)
        return head[3], self._recv(int.from_bytes(head[:3], "little"))

    def write(self, payload, seq):
        self.sock.sendall(len(payload).to_bytes(3, "little") + bytes([seq & 0xFF]) + payload)

    @staticmethod
    def _lenenc(p, i):
        b = p[i]
        if b < 0xFB:
            return b, i + 1
        if b == 0xFB:
            return None, i + 1
        size = {0xFC: 2, 0xFD: 3, 0xFE: 8}[b]
        return int.from_bytes(p[i + 1:i + 1 + size], "little"), i + 1 + size

    def query(self, sql):
        """(rows as lists of str/None, [(arrival time, stage, max_stage, permille*100, state)])."""
        self.write(b"\x03" + sql.encode(), 0)
        progress = []
        while True:
            _, p = self.read()
            if p[:3] == b"\xff\xff\xff":
                n, j = self._lenenc(p, 9)
                progress.append((time.time(), p[4], p[5], int.from_bytes(p[6:9], "little"), p[j:j + n].decode()))
                continue
            break
        if p[0] == 0xFF:
            raise AssertionError(f"error {int.from_bytes(p[1:3], 'little')}: {p[3:]!r}")
        columns, _ = self._lenenc(p, 0)
        for _ in range(columns):
            self.read()
        _, eof = self.read()
        assert eof[0] == 0xFE, eof
        rows = []
        while True:
            _, p = self.read()
            if p[0] == 0xFE and len(p) < 9:
                return rows, progress
            row, i = [], 0
            while i < len(p):
                n, i = self._lenenc(p, i)
                row.append(None if n is None else p[i:i + n].decode())
                i += n or 0
            rows.append(row)

    def close(self):
        self.sock.close()
