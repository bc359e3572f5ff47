"""A libmysqlclient C program (tests/integration/c_client.c) against qproxy."""
import os
import subprocess
import unittest

from qproxy_harness import ServerTest


class CClient(ServerTest):
    def test_c_api(self):
        r = subprocess.run([os.environ["QPROXY_C_CLIENT"], str(self.server.port)], capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(r.stdout.strip(), "ok")


if __name__ == "__main__":
    unittest.main()
