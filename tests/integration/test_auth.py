"""Authentication with both plugins, wrong passwords, unknown users, a
TLS-only account, and accounts made with CREATE USER / GRANT."""
import unittest

import pymysql

from qproxy_harness import ServerTest


class Auth(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.mariadb("-e", """
            CREATE USER 'nat'@'%' IDENTIFIED WITH mysql_native_password BY 'natpw';
            CREATE USER 'sha'@'%' IDENTIFIED WITH caching_sha2_password BY 'shapw';
            CREATE USER 'tlsonly'@'%' IDENTIFIED BY 'tlspw' REQUIRE SSL;
            CREATE USER 'reader'@'%' IDENTIFIED BY 'readpw';
            GRANT SELECT ON information_schema.* TO 'reader'@'%';
        """)

    def cli(self, user, password, *args, check=False):
        return self.server.mariadb("-N", "-e", "SELECT CURRENT_USER()", *args, user=user, password=password,
                                   check=check)

    def test_native_password(self):
        self.assertEqual(self.cli("nat", "natpw").stdout.strip(), "nat@%")

    def test_caching_sha2_full_path_over_tls_then_fast_path(self):
        r = self.cli("sha", "shapw", "--ssl")
        self.assertEqual(r.stdout.strip(), "sha@%", r.stderr)
        # The cache now holds the account: the fast path works without TLS.
        r = self.cli("sha", "shapw", "--skip-ssl")
        self.assertEqual(r.stdout.strip(), "sha@%", r.stderr)

    def test_caching_sha2_rsa_exchange_over_plain_tcp(self):
        self.server.mariadb("-e", "CREATE USER 'rsa'@'%' IDENTIFIED WITH caching_sha2_password BY 'rsapw'")
        # A fresh account is not cached: PyMySQL without TLS asks for the RSA key (needs python3-cryptography).
        with pymysql.connect(host="127.0.0.1", port=self.server.port, user="rsa", password="rsapw") as c:
            with c.cursor() as cur:
                cur.execute("SELECT CURRENT_USER()")
                self.assertEqual(cur.fetchone()[0], "rsa@%")
        with self.assertRaises(pymysql.err.OperationalError) as e:
            pymysql.connect(host="127.0.0.1", port=self.server.port, user="rsa", password="wrong")
        self.assertEqual(e.exception.args[0], 1045)

    def test_wrong_password_and_unknown_user(self):
        r = self.cli("nat", "bad")
        self.assertIn("ERROR 1045 (28000): Access denied for user 'nat'@'127.0.0.1' (using password: YES)", r.stderr)
        r = self.cli("nobody", None)
        self.assertIn("ERROR 1045 (28000): Access denied for user 'nobody'@'127.0.0.1' (using password: NO)", r.stderr)
        r = self.cli("sha", "bad", "--ssl")
        self.assertIn("ERROR 1045 (28000)", r.stderr)

    def test_tls_only_account(self):
        self.assertIn("ERROR 1045", self.cli("tlsonly", "tlspw", "--skip-ssl").stderr)
        self.assertEqual(self.cli("tlsonly", "tlspw", "--ssl").stdout.strip(), "tlsonly@%")

    def test_grants_and_privilege_errors(self):
        r = self.server.mariadb("-N", "-e", "SHOW GRANTS", user="reader", password="readpw")
        self.assertEqual(r.stdout.splitlines(),
                         ["GRANT USAGE ON *.* TO `reader`@`%`", "GRANT SELECT ON `information_schema`.* TO `reader`@`%`"])
        r = self.server.mariadb("-e", "CREATE USER x", user="reader", password="readpw", check=False)
        self.assertIn("ERROR 1227 (42000)", r.stderr)
        r = self.server.mariadb("-e", "SET GLOBAL wait_timeout = 10", user="reader", password="readpw", check=False)
        self.assertIn("ERROR 1227 (42000)", r.stderr)
        r = self.server.mariadb("-N", "-e", "SHOW GRANTS FOR qsmaster@localhost")
        self.assertIn("GRANT ALL PRIVILEGES ON *.* TO `qsmaster`@`localhost` WITH GRANT OPTION", r.stdout)

    def test_drop_user(self):
        self.server.mariadb("-e", "CREATE USER tmp IDENTIFIED BY 'p'; DROP USER tmp")
        self.assertIn("ERROR 1045", self.cli("tmp", "p").stderr)
        r = self.server.mariadb("-e", "DROP USER tmp", check=False)
        self.assertIn("ERROR 1396 (HY000)", r.stderr)
        self.assertIn("Operation DROP USER failed for 'tmp'@'%'", r.stderr)


if __name__ == "__main__":
    unittest.main()
