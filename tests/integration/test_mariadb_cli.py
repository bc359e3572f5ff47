"""The stock mariadb CLI against qproxy: batch, -N, --vertical, scripts on
stdin, status, TLS, errors."""
import unittest

from qproxy_harness import ServerTest


class MariadbCli(ServerTest):
    def test_version_comment_and_banner(self):
        r = self.server.mariadb("-e", "select @@version_comment limit 1")
        self.assertEqual(r.stdout.splitlines()[0], "@@version_comment")
        self.assertIn("qproxy", r.stdout.splitlines()[1])
        r = self.server.mariadb("-N", "-e", "SELECT VERSION()")
        self.assertRegex(r.stdout.strip(), r"^8\.0\.\d+-qproxy-")

    def test_skip_column_names_and_vertical(self):
        r = self.server.mariadb("-N", "-e", "SELECT 1+1, 'abc', NULL")
        self.assertEqual(r.stdout, "2\tabc\tNULL\n")
        r = self.server.mariadb("--vertical", "-e", "SELECT 1 AS one, 2 AS two")
        self.assertIn("one: 1", r.stdout)
        self.assertIn("two: 2", r.stdout)

    def test_script_on_stdin_runs_every_statement(self):
        script = "SELECT 1 AS a;\nSET @x = 41;\nSELECT @x + 1 AS b;\nUSE information_schema;\nSELECT DATABASE();\n"
        r = self.server.mariadb("-N", input=script)
        self.assertEqual(r.stdout.split(), ["1", "42", "information_schema"])

    def test_multi_statement_in_one_query(self):
        r = self.server.mariadb("-N", "-e", "SELECT 1; SELECT 2; SELECT 3")
        self.assertEqual(r.stdout.split(), ["1", "2", "3"])

    def test_error_stops_the_batch_with_mysql_text(self):
        r = self.server.mariadb("-N", "-e", "SELECT 1; SELEKT 2; SELECT 3", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(r.stdout.split(), ["1"])
        self.assertIn("ERROR 1064 (42000)", r.stderr)
        self.assertIn("near 'SELEKT 2", r.stderr)

    def test_status_command(self):
        r = self.server.mariadb(input="status\n")
        self.assertIn("Server version:", r.stdout)
        self.assertIn("qproxy", r.stdout)
        self.assertIn("Uptime:", r.stdout)
        self.assertIn("Current user:\t\tqsmaster@", r.stdout.replace("  ", "\t"))

    def test_tls(self):
        r = self.server.mariadb("--ssl", "-N", "-e", "SHOW SESSION STATUS LIKE 'Ssl_%'")
        status = dict(line.split("\t", 1) for line in r.stdout.splitlines())
        self.assertTrue(status["Ssl_cipher"], r.stdout)
        self.assertRegex(status["Ssl_version"], r"^TLSv1\.[23]$")
        r = self.server.mariadb("-N", "-e", "SHOW SESSION STATUS LIKE 'Ssl_cipher'", "--skip-ssl")
        self.assertEqual(r.stdout, "Ssl_cipher\t\n")

    def test_show_statements(self):
        r = self.server.mariadb("-N", "-e", "SHOW DATABASES")
        self.assertIn("information_schema", r.stdout.split())
        r = self.server.mariadb("-N", "-e", "SHOW VARIABLES LIKE 'autocommit'")
        self.assertEqual(r.stdout, "autocommit\tON\n")
        r = self.server.mariadb("-N", "-e", "SHOW COLLATION LIKE 'utf8mb4_bin'")
        self.assertTrue(r.stdout.startswith("utf8mb4_bin\tutf8mb4\t46\t"), r.stdout)

    def test_unknown_database_and_empty_query(self):
        r = self.server.mariadb("-e", "USE nosuchdb", check=False)
        self.assertIn("ERROR 1049 (42000)", r.stderr)
        self.assertIn("Unknown database 'nosuchdb'", r.stderr)


if __name__ == "__main__":
    unittest.main()
