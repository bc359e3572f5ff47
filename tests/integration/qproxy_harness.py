"""Starts the real qproxy binary on an ephemeral 127.0.0.1 port for a test,
and stops it (and anything it left) when the test ends."""
import atexit
import os
import shutil
import subprocess
import tempfile
import time
import unittest

QPROXY_BIN = os.environ.get("QPROXY_BIN", "build/app/qproxy")
TMP_ROOT = os.environ.get("QPROXY_TMP", tempfile.gettempdir())
_live = []


def _stop_all():
    for server in list(_live):
        server.stop()


atexit.register(_stop_all)


class Server:
    def __init__(self, *args, data_dir=None):
        os.makedirs(TMP_ROOT, exist_ok=True)
        self.own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="qproxy-", dir=TMP_ROOT)
        self.args = list(args)
        self.proc = None
        self.port = None
        self.log_path = os.path.join(self.data_dir, "server.log")

    def start(self):
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [QPROXY_BIN, "serve", "--listen", "127.0.0.1:0", "--data-dir", self.data_dir, *self.args],
                stdout=subprocess.PIPE, stderr=log, cwd=self.data_dir)
        # The first stdout line is "listening on"; skip anything a future version prints before it.
        line = self.proc.stdout.readline().decode()
        while line and "listening on" not in line:
            line = self.proc.stdout.readline().decode()
        if "listening on" not in line:
            self.proc.kill()
            raise RuntimeError(f"qproxy did not start: {line!r}\n{self.log()}")
        self.port = int(line.rsplit(":", 1)[1])
        _live.append(self)
        return self

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self, remove=True):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.proc.stdout.close()
        if self in _live:
            _live.remove(self)
        if remove and self.own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def alive(self):
        return self.proc.poll() is None

    def mariadb(self, *args, user="qsmaster", password=None, input=None, check=True, timeout=60):
        """Runs the mariadb CLI against this server; returns the CompletedProcess."""
        cmd = ["mariadb", "--no-defaults", "-h127.0.0.1", f"-P{self.port}", f"-u{user}"]
        if password is not None:
            cmd.append(f"-p{password}")
        cmd += list(args)
        r = subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError(f"{cmd} failed ({r.returncode}): {r.stderr}")
        return r


class ServerTest(unittest.TestCase):
    """One qproxy for the whole test class."""
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Server(*cls.server_args).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def tearDown(self):
        self.assertTrue(self.server.alive(), "qproxy died:\n" + self.server.log())


def wait_until(predicate, timeout=10.0, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
