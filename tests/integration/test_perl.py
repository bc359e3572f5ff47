"""Perl DBI with DBD::MariaDB (Debian's libdbd-mariadb-perl) against qproxy:
perl_client.pl, one perl process per check so each failure is reported on
its own."""
import os
import subprocess
import unittest

from qproxy_harness import ServerTest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "perl_client.pl")


class PerlDbi(ServerTest):
    @classmethod
    def setUpClass(cls):
        r = subprocess.run(["perl", "-MDBD::MariaDB", "-e", "1"], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("DBD::MariaDB missing: install libdbd-mariadb-perl\n" + r.stderr)
        super().setUpClass()

    def run_check(self, name):
        r = subprocess.run(["perl", SCRIPT, str(self.server.port), name], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, f"{name}:\n{r.stderr}{r.stdout}")
        self.assertEqual(r.stdout.strip(), "ok", r.stderr)

    def test_connect_ping_and_server_info(self):
        self.run_check("connect")

    def test_column_names_and_types(self):
        self.run_check("types")

    def test_placeholders_emulated(self):
        self.run_check("prepared_emulated")

    def test_placeholders_server_side_prepare(self):
        self.run_check("prepared_server")

    def test_err_and_state(self):
        self.run_check("errors")

    def test_multi_statements(self):
        self.run_check("multi")

    def test_table_and_column_info(self):
        self.run_check("catalog")


if __name__ == "__main__":
    unittest.main()
