"""mycli (Debian's mycli, on PyMySQL) against qproxy: -e batches in tab,
CSV and table formats, statements on stdin, its \\s status command, errors,
and an interactive session on a pseudo-terminal (with the background
auto-completion refresh that queries SHOW DATABASES / SHOW TABLES /
information_schema)."""
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from qproxy_harness import TMP_ROOT, ServerTest


class Mycli(ServerTest):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("mycli"):
            raise RuntimeError("mycli not found: install the Debian package mycli")
        super().setUpClass()
        cls.home = tempfile.mkdtemp(prefix="mycli-", dir=TMP_ROOT)
        cls.myclirc = os.path.join(cls.home, "myclirc")
        cls.log_file = os.path.join(cls.home, "mycli.log")
        with open(cls.myclirc, "w") as f:
            f.write("[main]\nenable_pager = False\nsmart_completion = True\nlog_level = DEBUG\n"
                    f"log_file = {cls.log_file}\nhistory_file = {os.path.join(cls.home, 'history')}\n")
        cls.empty_cnf = os.path.join(cls.home, "empty.cnf")
        open(cls.empty_cnf, "w").close()
        cls.env = dict(os.environ, HOME=cls.home, TERM="dumb", PAGER="cat", LANG="C.UTF-8", LC_ALL="C.UTF-8")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.home, ignore_errors=True)
        super().tearDownClass()

    def argv(self, *args):
        return ["mycli", "--myclirc", self.myclirc, "--defaults-file", self.empty_cnf, "-h", "127.0.0.1",
                "-P", str(self.server.port), "-u", "qsmaster", *args]

    def mycli(self, *args, input="", check=True):
        r = subprocess.run(self.argv(*args), input=input, capture_output=True, text=True, timeout=60, env=self.env)
        if check:
            self.assertEqual(r.returncode, 0, f"mycli {args} failed:\n{r.stderr}{r.stdout}")
            self.assertNotIn("Traceback", r.stderr + r.stdout)
        return r

    def test_execute_tab_separated(self):
        r = self.mycli("-e", "SELECT 1 AS a, 'x' AS b, NULL AS n; SELECT @@version_comment")
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0:2], ["a\tb\tn", "1\tx\t"], r.stdout)  # mycli prints NULL as nothing here
        self.assertEqual(lines[2], "@@version_comment", r.stdout)
        self.assertIn("qproxy", lines[3], r.stdout)

    def test_execute_csv_and_table(self):
        r = self.mycli("--csv", "-e", "SELECT 1 AS a, NULL AS n, 'x,y' AS b")
        self.assertEqual(r.stdout.splitlines(), ['"a","n","b"', '"1","","x,y"'], r.stdout)
        r = self.mycli("-t", "-e", "SELECT 6*7 AS answer")
        self.assertEqual(r.stdout.splitlines(), ["+--------+", "| answer |", "+--------+", "| 42     |",
                                                 "+--------+"], r.stdout)

    def test_statements_on_stdin(self):
        script = "SELECT 1 AS a;\nSET @x = 41;\nSELECT @x + 1 AS b;\nuse information_schema;\nSELECT DATABASE();\n"
        r = self.mycli(input=script)
        self.assertEqual(r.stdout.split(), ["a", "1", "b", "42", "DATABASE()", "information_schema"], r.stdout)

    def test_database_option_and_show_tables(self):
        r = self.mycli("-D", "information_schema", "-e", "SHOW TABLES LIKE 'SCHEMATA'")
        self.assertEqual(r.stdout.splitlines(), ["Tables_in_information_schema (SCHEMATA)", "SCHEMATA"], r.stdout)

    def test_status_command(self):
        # \s runs SHOW GLOBAL STATUS, SHOW GLOBAL VARIABLES, SELECT DATABASE(), USER() and @@character_set_*.
        r = self.mycli("-e", "\\s")
        fields = dict(line.split(":\t", 1) for line in r.stdout.splitlines() if ":\t" in line)
        self.assertRegex(fields.get("Server version", ""), r"^8\.0\.\d+-qproxy-\S* .*qproxy", r.stdout)
        self.assertEqual(fields.get("Protocol version"), "10", r.stdout)
        self.assertRegex(fields.get("Current user", ""), r"^qsmaster@(127\.0\.0\.1|localhost)$", r.stdout)
        self.assertEqual(fields.get("Current database"), "", r.stdout)
        self.assertEqual(fields.get("Client characterset"), "utf8mb4", r.stdout)
        self.assertEqual(fields.get("TCP port"), str(self.server.port), r.stdout)
        self.assertTrue(int(fields.get("Connection id", "0")) > 0, r.stdout)
        self.assertIn("Uptime", fields, r.stdout)

    def test_syntax_error(self):
        r = self.mycli("-e", "SELEKT 1", check=False)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("(1064, \"You have an error in your SQL syntax", r.stdout + r.stderr)
        self.assertIn("near 'SELEKT 1'", r.stdout + r.stderr)

    def test_interactive_session(self):
        pid, fd = pty.fork()
        if pid == 0:  # child: mycli on the pseudo-terminal
            try:
                os.execvpe("mycli", self.argv("-D", "information_schema"), self.env)
            finally:
                os._exit(127)
        out = bytearray()

        def read_until(pattern, timeout=30):
            deadline = time.time() + timeout
            while time.time() < deadline:
                if re.search(pattern, out):
                    return True
                r, _, _ = select.select([fd], [], [], 0.2)
                if r:
                    try:
                        chunk = os.read(fd, 65536)
                    except OSError:
                        return bool(re.search(pattern, out))
                    if not chunk:
                        return bool(re.search(pattern, out))
                    out.extend(chunk)
            return bool(re.search(pattern, out))

        try:
            prompt = rb"information_schema> "  # the prompt is redrawn with escape sequences: match its tail
            self.assertTrue(read_until(prompt), out.decode(errors="replace"))
            text = out.decode(errors="replace")
            self.assertRegex(text, r"MySQL 8\.0\.\d+", text)  # mycli's banner: server species and version
            # Let the background completion refresh (SHOW DATABASES, SHOW TABLES, information_schema.columns,
            # information_schema.ROUTINES, ...) run against qproxy before the query.
            time.sleep(2)
            del out[:]
            os.write(fd, b"SELECT 6*7 AS answer;\r")
            self.assertTrue(read_until(rb"1 row in set"), out.decode(errors="replace"))
            self.assertRegex(out.decode(errors="replace"), r"\|\s*42\s*\|")
            self.assertTrue(read_until(prompt), out.decode(errors="replace"))
            os.write(fd, b"quit\r")
            read_until(rb"Goodbye!", timeout=10)
            deadline = time.time() + 10
            status = None
            while time.time() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    pid = 0
                    break
                time.sleep(0.1)
            self.assertEqual(pid, 0, "mycli did not exit after quit")
            self.assertEqual(status, 0, out.decode(errors="replace"))
        finally:
            if pid:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            os.close(fd)
        self.assertNotIn("Traceback", out.decode(errors="replace"))
        with open(self.log_file, errors="replace") as f:
            log = f.read()
        # The refresh ran its queries; the only ones allowed to fail read mysql.user / mysql.help_topic,
        # which qproxy does not have (mycli logs those and carries on).
        self.assertIn("Tables Query. sql: 'SHOW TABLES'", log)
        self.assertIn("Columns Query.", log)
        self.assertIn("Functions Query.", log)
        errors = [line for line in log.splitlines() if " ERROR " in line and "No user completions" not in line
                  and "No show completions" not in line]
        self.assertEqual(errors, [], log[-4000:])


if __name__ == "__main__":
    unittest.main()
