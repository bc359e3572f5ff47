"""PyMySQL, MySQLdb (mysqlclient) and SQLAlchemy against qproxy."""
import unittest

import MySQLdb
import pymysql
import sqlalchemy

from qproxy_harness import ServerTest


class PyMySQL(ServerTest):
    def connect(self, **kw):
        return pymysql.connect(host="127.0.0.1", port=self.server.port, user="qsmaster", password="", **kw)

    def test_chatter_and_types(self):
        with self.connect() as c, c.cursor() as cur:
            cur.execute("SELECT @@transaction_isolation, @@tx_isolation, DATABASE()")
            self.assertEqual(cur.fetchone(), ("REPEATABLE-READ", "REPEATABLE-READ", None))
            cur.execute("SHOW VARIABLES LIKE 'sql_mode'")
            self.assertEqual(cur.fetchone()[0], "sql_mode")
            cur.execute("SELECT 1 AS i, 2.50 AS d, 'x' AS s, 1e0 AS f")
            row = cur.fetchone()
            self.assertEqual(row[0], 1)
            self.assertEqual(str(row[1]), "2.50")
            self.assertEqual(row[2], "x")
            self.assertIsInstance(row[3], float)
            self.assertEqual([d[0] for d in cur.description], ["i", "d", "s", "f"])

    def test_autocommit_and_errors(self):
        with self.connect(autocommit=False) as c, c.cursor() as cur:
            cur.execute("SELECT @@autocommit")
            self.assertEqual(cur.fetchone()[0], 0)
            c.autocommit(True)
            cur.execute("SELECT @@autocommit")
            self.assertEqual(cur.fetchone()[0], 1)
            with self.assertRaises(pymysql.err.MySQLError) as e:
                cur.execute("SELECT * FROM nosuchdb.t")
            self.assertEqual(e.exception.args[0], 1049)
            with self.assertRaises(pymysql.err.OperationalError) as e:
                cur.execute("SELECT @@nosuchvar")
            self.assertEqual(e.exception.args[0], 1193)
            cur.execute("SELECT 1")  # the session survives
            self.assertEqual(cur.fetchone(), (1,))

    def test_tls(self):
        import ssl
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with self.connect(ssl=ctx) as c, c.cursor() as cur:
            cur.execute("SHOW STATUS LIKE 'Ssl_version'")
            self.assertTrue(cur.fetchone()[1].startswith("TLSv1."))


class Kill(ServerTest):
    def connect(self):
        return pymysql.connect(host="127.0.0.1", port=self.server.port, user="qsmaster", password="")

    def test_kill_from_another_connection(self):
        victim, killer = self.connect(), self.connect()
        try:
            with victim.cursor() as cur:
                cur.execute("SELECT CONNECTION_ID()")
                victim_id = cur.fetchone()[0]
            with killer.cursor() as cur:
                cur.execute(f"KILL QUERY {victim_id}")  # nothing running: the session lives on
                with victim.cursor() as vcur:
                    vcur.execute("SELECT 1")
                    self.assertEqual(vcur.fetchone(), (1,))
                cur.execute(f"KILL {victim_id}")
                with self.assertRaises(pymysql.err.MySQLError) as e:
                    cur.execute("KILL 999999")
                self.assertEqual(e.exception.args[0], 1094)
            with self.assertRaises(pymysql.err.OperationalError):
                with victim.cursor() as vcur:
                    vcur.execute("SELECT 1")
        finally:
            killer.close()


class MySQLdbDriver(ServerTest):
    def test_queries(self):
        c = MySQLdb.connect(host="127.0.0.1", port=self.server.port, user="qsmaster", passwd="")
        try:
            cur = c.cursor()
            cur.execute("SELECT CONNECTION_ID(), USER(), CURRENT_USER()")
            cid, user, current = cur.fetchone()
            self.assertGreater(cid, 0)
            self.assertEqual(user, "qsmaster@127.0.0.1")
            self.assertEqual(current, "qsmaster@localhost")
            cur.execute("SHOW FULL TABLES FROM information_schema LIKE 'COLUMNS'")
            self.assertEqual(cur.fetchall(), (("COLUMNS", "SYSTEM VIEW"),))
        finally:
            c.close()


class SQLAlchemy(ServerTest):
    def test_inspect(self):
        engine = sqlalchemy.create_engine(f"mysql+pymysql://qsmaster@127.0.0.1:{self.server.port}/")
        try:
            names = sqlalchemy.inspect(engine).get_schema_names()
            self.assertIn("information_schema", names)
            with engine.connect() as conn:
                self.assertEqual(conn.execute(sqlalchemy.text("SELECT 6*7")).scalar(), 42)
        finally:
            engine.dispose()


if __name__ == "__main__":
    unittest.main()
