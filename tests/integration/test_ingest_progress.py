"""LOAD DATA LOCAL INFILE and MariaDB progress reports: a client that asked
for them (CLIENT_PROGRESS) gets one once its file is in when the load has
taken a second, before the commit's OK and in sequence; a client that did
not ask gets none; both loads succeed. The interactive mariadb CLI
(libmariadb, which asks for reports on a terminal) prints it."""
import os
import pty
import select
import tempfile
import threading
import time
import unittest

from async_support import RawClient
from qproxy_harness import TMP_ROOT, ServerTest


class LoadClient(RawClient):
    """RawClient with local files: sends a file slowly and sees every packet
    of the answer, progress reports included."""

    def __init__(self, port, progress):
        super().__init__(port, progress, db=None, flags=RawClient.LOCAL_FILES)

    def load(self, sql, pieces, pause):
        """Sends the file in `pieces`, `pause` seconds apart; returns the
        packets after the empty one as [(seq, payload)] and its sequence id."""
        self.write(b"\x03" + sql.encode(), 0)
        seq, request = self.read()
        assert request[:1] == b"\xfb", request
        for piece in pieces:
            seq += 1
            self.write(piece, seq)
            time.sleep(pause)
        seq += 1
        self.write(b"", seq)
        answer = []
        while True:
            answer.append(self.read())
            if answer[-1][1][:3] != b"\xff\xff\xff":  # progress reports come first
                return answer, seq


def ok_info(payload):
    """An OK packet's info text, string<lenenc> as MySQL's net_send_ok writes it."""
    assert payload[0] == 0, payload
    # Affected rows and last insert id (one byte each below 251), status and warnings (two each).
    i = 1 + 1 + 1 + 2 + 2
    return payload[i + 1:i + 1 + payload[i]].decode()


class LoadProgress(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.mariadb("-e", "CREATE DATABASE p; CREATE TABLE p.t (id int, name varchar(8))")

    def load(self, progress, pause):
        client = LoadClient(self.server.port, progress)
        try:
            return client.load("LOAD DATA LOCAL INFILE 'rows.csv' INTO TABLE p.t FIELDS TERMINATED BY ','",
                               [b"1,one\n2,two\n", b"3,three\n"], pause)
        finally:
            client.close()

    def count(self):
        return int(self.server.mariadb("-N", "-e", "SELECT COUNT(*) FROM p.t").stdout)

    def test_a_slow_load_reports_progress_to_a_client_that_asked(self):
        before = self.count()
        answer, last = self.load(progress=True, pause=0.6)
        progress, (ok_seq, ok) = answer[:-1], answer[-1]
        self.assertGreaterEqual(len(progress), 1, answer)
        for i, (seq, p) in enumerate(progress):
            self.assertEqual(seq, (last + 1 + i) & 0xFF)  # in sequence after the client's empty packet
            self.assertEqual((p[4], p[5]), (2, 2))  # stage 2 of 2: the file is in, the commit runs
            self.assertIn(b"committing 20 bytes", p)
        self.assertEqual(ok_seq, (last + 1 + len(progress)) & 0xFF)
        self.assertEqual(ok_info(ok), "Records: 3  Deleted: 0  Skipped: 0  Warnings: 0")
        self.assertEqual(self.count(), before + 3)

    def test_no_progress_for_a_client_that_did_not_ask(self):
        before = self.count()
        answer, last = self.load(progress=False, pause=0.6)
        self.assertEqual(len(answer), 1, answer)
        self.assertEqual(answer[0][0], (last + 1) & 0xFF)
        self.assertEqual(ok_info(answer[0][1]), "Records: 3  Deleted: 0  Skipped: 0  Warnings: 0")
        self.assertEqual(self.count(), before + 3)

    def test_the_interactive_cli_prints_the_report(self):
        """The file is a FIFO written in two parts 1.5 s apart: a slow client."""
        before = self.count()
        fifo = os.path.join(tempfile.mkdtemp(dir=TMP_ROOT), "rows.csv")
        os.mkfifo(fifo)

        def write_slowly():
            with open(fifo, "w") as f:
                f.write("1,one\n2,two\n")
                f.flush()
                time.sleep(1.5)
                f.write("3,three\n")

        writer = threading.Thread(target=write_slowly)
        writer.start()
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp("mariadb", ["mariadb", "--no-defaults", "-A", "--local-infile=1", "-h127.0.0.1",
                                  f"-P{self.server.port}", "-uqsmaster"])
        out, deadline = b"", time.time() + 30
        try:
            os.write(fd, f"LOAD DATA LOCAL INFILE '{fifo}' INTO TABLE p.t FIELDS TERMINATED BY ',';\n".encode())
            while b"Records:" not in out and time.time() < deadline:
                if select.select([fd], [], [], 0.2)[0]:
                    out += os.read(fd, 65536)
            os.write(fd, b"quit\n")
            os.waitpid(pid, 0)
        finally:
            os.close(fd)
            writer.join()
        text = out.decode(errors="replace")
        self.assertRegex(text, r"Stage: 2 of 2 'committing 20 bytes' +0% of stage done")
        self.assertIn("Query OK, 3 rows affected", text)
        self.assertIn("Records: 3  Deleted: 0  Skipped: 0  Warnings: 0", text)
        self.assertEqual(self.count(), before + 3)

    def test_no_progress_for_a_quick_load(self):
        answer, _ = self.load(progress=True, pause=0)
        self.assertEqual(len(answer), 1, answer)
        self.assertEqual(ok_info(answer[0][1]), "Records: 3  Deleted: 0  Skipped: 0  Warnings: 0")


if __name__ == "__main__":
    unittest.main()
