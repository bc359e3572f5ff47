"""Malformed and hostile bytes end one connection, never the server; limits
(max connections, packet size, timeouts) answer with MySQL's errors."""
import os
import random
import socket
import struct
import time
import unittest

import pymysql

from qproxy_harness import Server, ServerTest


def raw_connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    greeting = s.recv(65536)
    return s, greeting


def closed_by_peer(s, timeout=5):
    s.settimeout(timeout)
    try:
        while True:
            data = s.recv(65536)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False
    finally:
        s.close()


class Hostile(ServerTest):
    def assert_server_fine(self):
        with pymysql.connect(host="127.0.0.1", port=self.server.port, user="qsmaster") as c, c.cursor() as cur:
            cur.execute("SELECT 1")
            self.assertEqual(cur.fetchone(), (1,))

    def test_greeting_shape(self):
        s, g = raw_connect(self.server.port)
        length = g[0] | g[1] << 8 | g[2] << 16
        self.assertEqual(len(g), length + 4)
        self.assertEqual(g[3], 0)  # sequence id
        self.assertEqual(g[4], 10)  # protocol version
        self.assertIn(b"-qproxy-", g)
        self.assertIn(b"mysql_native_password\0", g)
        s.close()

    def test_random_garbage(self):
        rng = random.Random(42)
        for _ in range(50):
            s, _ = raw_connect(self.server.port)
            try:
                s.sendall(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))))
            except OSError:
                pass
            s.close()
        self.assert_server_fine()

    def test_absurd_length_is_refused_without_buffering(self):
        s, _ = raw_connect(self.server.port)
        s.sendall(b"\xff\xff\xff\x01" + b"A" * 100)  # announces 16 MiB, sends 100 bytes
        s.close()
        self.assert_server_fine()

    def test_wrong_sequence_id(self):
        s, _ = raw_connect(self.server.port)
        s.sendall(b"\x05\x00\x00\x07hello")  # the response must carry id 1
        self.assertTrue(closed_by_peer(s))
        self.assert_server_fine()

    def test_truncated_handshake_response(self):
        s, _ = raw_connect(self.server.port)
        s.sendall(b"\x04\x00\x00\x01\x85\xa6\x0f\x00")  # capabilities, then nothing
        self.assertTrue(closed_by_peer(s))
        self.assert_server_fine()

    def test_unknown_command_keeps_the_session(self):
        with pymysql.connect(host="127.0.0.1", port=self.server.port, user="qsmaster") as c:
            c._execute_command(0x1d, b"")  # COM_DAEMON: a client may not send it
            with self.assertRaises(pymysql.err.OperationalError) as e:
                c._read_ok_packet()
            self.assertEqual(e.exception.args[0], 1047)
            with c.cursor() as cur:
                cur.execute("SELECT 2")
                self.assertEqual(cur.fetchone(), (2,))


class Limits(unittest.TestCase):
    def test_max_connections(self):
        server = Server("--proxy.max_connections=2").start()
        try:
            a = pymysql.connect(host="127.0.0.1", port=server.port, user="qsmaster")
            b = pymysql.connect(host="127.0.0.1", port=server.port, user="qsmaster")
            with self.assertRaises(pymysql.err.OperationalError) as e:
                pymysql.connect(host="127.0.0.1", port=server.port, user="qsmaster")
            self.assertEqual(e.exception.args[0], 1040)
            a.close()
            time.sleep(0.2)
            pymysql.connect(host="127.0.0.1", port=server.port, user="qsmaster").close()
            b.close()
        finally:
            server.stop()

    def test_max_allowed_packet(self):
        server = Server("--proxy.max_allowed_packet=65536").start()
        try:
            c = pymysql.connect(host="127.0.0.1", port=server.port, user="qsmaster")
            with self.assertRaises(pymysql.err.MySQLError) as e:
                c.cursor().execute("SELECT '" + "x" * 70000 + "'")
            self.assertIn(e.exception.args[0], (1153, 2013))
            c2 = pymysql.connect(host="127.0.0.1", port=server.port, user="qsmaster")
            cur = c2.cursor()
            cur.execute("SELECT LENGTH('" + "x" * 60000 + "')")
            self.assertEqual(cur.fetchone(), (60000,))
            c2.close()
        finally:
            server.stop()

    def test_wait_timeout_and_handshake_timeout(self):
        server = Server("--proxy.wait_timeout=1", "--proxy.handshake_timeout=1").start()
        try:
            s, _ = raw_connect(server.port)
            self.assertTrue(closed_by_peer(s, timeout=5))  # no handshake response within 1 s
            c = pymysql.connect(host="127.0.0.1", port=server.port, user="qsmaster")
            time.sleep(2.5)
            with self.assertRaises(pymysql.err.OperationalError):
                c.cursor().execute("SELECT 1")
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
