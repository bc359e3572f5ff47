"""Ingest: CREATE TABLE with qproxy's partitioning, LOAD DATA LOCAL INFILE
through the mariadb CLI and PyMySQL, INSERT, SHOW CREATE TABLE round trips,
MySQL's errors, atomic rollback, and `qproxy load` — on Qserv's case02 data."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import unittest

import pymysql

from case02 import DB, create_statement, gunzip_tables
from qproxy_harness import QPROXY_BIN, TMP_ROOT, Server, ServerTest, wait_until


def csv_rows(path):
    with open(path) as f:
        return [line.rstrip("\n").split(",") for line in f]


class Ingest(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.files = tempfile.mkdtemp(prefix="ingest-", dir=TMP_ROOT)
        gunzip_tables(cls.files)
        cls.objects = csv_rows(os.path.join(cls.files, "Object.csv"))
        cls.sources = csv_rows(os.path.join(cls.files, "Source.csv"))
        cls.server.mariadb("-e", f"CREATE DATABASE {DB}")
        for table in ("Object", "Source"):
            cls.server.mariadb("-e", create_statement(table))
        cls.info = {table: cls.load(table) for table in ("Object", "Source")}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.files, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def load(cls, table, db=DB, path=None, check=True, fields="FIELDS TERMINATED BY ','", extra=""):
        """LOAD DATA LOCAL INFILE through the mariadb CLI; its OK info line (or the CompletedProcess)."""
        path = path or os.path.join(cls.files, f"{table}.csv")
        r = cls.server.mariadb("--local-infile=1", "-vvv", "-e",
                               f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {db}.{table} {fields}{extra}",
                               check=check)
        if not check:
            return r
        m = re.search(r"^Records: .*$", r.stdout, re.M)
        return m.group(0) if m else r.stdout

    def query(self, sql, *args):
        r = self.server.mariadb("-N", *args, "-e", sql)
        return [line.split("\t") for line in r.stdout.splitlines()]

    def count(self, table):
        return int(self.query(f"SELECT COUNT(*) FROM {table}")[0][0])

    def error(self, sql, *args, **kw):
        r = self.server.mariadb(*args, "-e", sql, check=False, **kw)
        self.assertNotEqual(r.returncode, 0, sql)
        return r.stderr

    def connect(self, **kw):
        return pymysql.connect(host="127.0.0.1", port=self.server.port, user="qsmaster", password="", **kw)

    def show_create(self, table):
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute(f"SHOW CREATE TABLE {table}")
            return cur.fetchone()[1]

    def test_loaded_case02(self):
        self.assertEqual(self.info["Object"], "Records: 1000  Deleted: 0  Skipped: 0  Warnings: 0")
        self.assertEqual(self.info["Source"], "Records: 4583  Deleted: 0  Skipped: 0  Warnings: 0")
        self.assertEqual(self.count(f"{DB}.Object"), 1000)
        self.assertEqual(self.count(f"{DB}.Source"), 4583)

    def test_queries_over_loaded_tables(self):
        object_ids = {row[0] for row in self.objects}
        first = self.objects[0]
        self.assertEqual(self.query(f"SELECT objectId, ra_PS, decl_PS FROM {DB}.Object WHERE objectId = {first[0]}"),
                         [[first[0], first[2], first[4]]])
        joined = sum(1 for s in self.sources if s[3] in object_ids)
        self.assertEqual(self.query(f"SELECT COUNT(*) FROM {DB}.Object o JOIN {DB}.Source s "
                                    f"ON o.objectId = s.objectId"), [[str(joined)]])
        in_box = sum(1 for o in self.objects if 1.0 <= float(o[2]) <= 1.3 and 3.0 <= float(o[4]) <= 3.3)
        self.assertEqual(self.query(f"SELECT COUNT(*) FROM {DB}.Object WHERE qserv_areaspec_box(1.0, 3.0, 1.3, 3.3)"),
                         [[str(in_box)]])
        flux = sum(float(s[36]) for s in self.sources)
        got = float(self.query(f"SELECT SUM(psfFlux) FROM {DB}.Source")[0][0])
        self.assertAlmostEqual(got / flux, 1.0, places=9)
        # Column types drive the metadata: BIGINT stays bigint, FLOAT stays float.
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute(f"SELECT objectId, ra_PS_Sigma FROM {DB}.Object LIMIT 1")
            self.assertEqual([d[1] for d in cur.description], [pymysql.constants.FIELD_TYPE.LONGLONG,
                                                                pymysql.constants.FIELD_TYPE.FLOAT])

    def test_show_create_table_round_trip(self):
        text = self.show_create(f"{DB}.Object")
        self.assertIn("PARTITION BY SPHERE (`ra_PS`, `decl_PS`) KEY (`objectId`) STRIPES 85 SUBSTRIPES 12 "
                      "OVERLAP 0.01667", text)
        self.assertIn("`iauId` char(34) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL", text)
        self.server.mariadb("-e", "CREATE DATABASE roundtrip")
        self.server.mariadb("roundtrip", "-e", text)
        self.assertEqual(self.show_create("roundtrip.Object"), text)
        self.assertEqual(self.load("Object", db="roundtrip"), "Records: 1000  Deleted: 0  Skipped: 0  Warnings: 0")
        source = self.show_create(f"{DB}.Source")
        self.assertIn(f"PARTITION BY DIRECTOR (`objectId`) REFERENCES `{DB}`.`Object`", source)
        self.server.mariadb("roundtrip", "-e", source.replace(f"`{DB}`.", "`roundtrip`."))
        self.assertEqual(self.load("Source", db="roundtrip"), "Records: 4583  Deleted: 0  Skipped: 0  Warnings: 0")
        self.assertEqual(self.query("SELECT COUNT(*) FROM roundtrip.Object o JOIN roundtrip.Source s "
                                    "USING (objectId)"),
                         self.query(f"SELECT COUNT(*) FROM {DB}.Object o JOIN {DB}.Source s USING (objectId)"))
        # DROP DATABASE takes the chunk files along.
        chunks = os.path.join(self.server.data_dir, "chunks", "roundtrip")
        self.assertTrue(os.listdir(chunks))
        self.server.mariadb("-e", "DROP DATABASE roundtrip")
        self.assertFalse(os.path.exists(chunks))

    def test_ddl_errors(self):
        self.assertIn("ERROR 1050 (42S01)", self.error(f"CREATE TABLE {DB}.Object (a int)"))
        self.assertIn("ERROR 1051 (42S02)", self.error(f"DROP TABLE {DB}.nope"))
        self.assertIn("Unknown table 'qcase02.nope'", self.error(f"DROP TABLE {DB}.nope"))
        self.assertIn("ERROR 1049 (42000)", self.error("CREATE TABLE nodb.t (a int)"))
        self.assertIn("ERROR 1046 (3D000)", self.error("CREATE TABLE t (a int)"))
        self.assertIn("ERROR 1064 (42000)", self.error(f"CREATE TABLE {DB}.t (a int"))
        self.assertIn("ERROR 1072 (42000)", self.error(
            f"CREATE TABLE {DB}.t (a double, b double) PARTITION BY SPHERE (a, nope)"))
        self.assertIn("ERROR 4110 (Proxy)", self.error(
            f"CREATE TABLE {DB}.t (a double, b double) PARTITION BY SPHERE (a, b) STRIPES 0"))
        self.assertIn("ERROR 3730 (HY000)", self.error(f"DROP TABLE {DB}.Object"))
        r = self.server.mariadb("-e", f"DROP TABLE IF EXISTS {DB}.nope; SHOW WARNINGS")
        self.assertIn("Note\t1051\tUnknown table 'qcase02.nope'", r.stdout)
        # Without the privileges: 1142.
        self.server.mariadb("-e", "CREATE USER 'reader'@'%'; GRANT SELECT ON *.* TO 'reader'@'%'")
        self.assertIn("ERROR 1142 (42000)", self.error(f"CREATE TABLE {DB}.t (a int)", user="reader"))
        self.assertIn("ERROR 1142 (42000)", self.error(f"DROP TABLE {DB}.Source", user="reader"))
        r = self.server.mariadb("--local-infile=1", "-e", f"LOAD DATA LOCAL INFILE '/dev/null' INTO TABLE {DB}.Object",
                                user="reader", check=False)
        self.assertIn("ERROR 1142 (42000)", r.stderr)
        self.assertIn("INSERT command denied to user 'reader'", r.stderr)

    def test_load_refusals(self):
        # A server file: refused as with secure_file_priv NULL.
        self.assertIn("ERROR 1290 (HY000)", self.error(f"LOAD DATA INFILE '/etc/passwd' INTO TABLE {DB}.Object"))
        # A client that did not enable local-infile.
        self.assertIn("ERROR 3948 (42000)", self.error(
            f"LOAD DATA LOCAL INFILE '/dev/null' INTO TABLE {DB}.Object", "--local-infile=0"))
        self.assertIn("ERROR 1146 (42S02)", self.error(
            f"LOAD DATA LOCAL INFILE '/dev/null' INTO TABLE {DB}.nope", "--local-infile=1"))
        self.assertIn("ERROR 1235 (42000)", self.error(f"UPDATE {DB}.Object SET ra_PS = 0"))
        self.assertIn("ERROR 1235 (42000)", self.error(f"DELETE FROM {DB}.Source"))
        self.assertEqual(self.count(f"{DB}.Object"), 1000)

    def test_duplicates_are_skipped(self):
        # LOCAL implies IGNORE: a director key loaded twice is skipped with a warning.
        self.assertEqual(self.load("Object"), "Records: 1000  Deleted: 0  Skipped: 1000  Warnings: 1000")
        self.assertEqual(self.count(f"{DB}.Object"), 1000)

    def test_conversion_warnings(self):
        self.server.mariadb("-e", f"CREATE TABLE {DB}.w (i int, d decimal(5,2), s varchar(3), t date)")
        path = os.path.join(self.files, "warnings.csv")
        with open(path, "w") as f:
            f.write("1,1.5,abc,2020-01-02\n12x,1.234,abcd,2020-02-30\n7\n1,2,3,2020-01-01,extra\nabc,\\N,\\N,\\N\n")
        self.assertEqual(self.load("w", path=path), "Records: 5  Deleted: 0  Skipped: 0  Warnings: 7")
        r = self.server.mariadb("--local-infile=1", "-N", "-e",
                                f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {DB}.w FIELDS TERMINATED BY ','; "
                                "SHOW WARNINGS")
        self.assertEqual(r.stdout.splitlines(), [
            "Warning\t1265\tData truncated for column 'i' at row 2",
            "Note\t1265\tData truncated for column 'd' at row 2",
            "Warning\t1265\tData truncated for column 's' at row 2",
            "Warning\t1292\tIncorrect date value: '2020-02-30' for column 't' at row 2",
            "Warning\t1261\tRow 3 doesn't contain data for all columns",
            "Warning\t1262\tRow 4 was truncated; it contained more data than there were input columns",
            "Warning\t1366\tIncorrect integer value: 'abc' for column 'i' at row 5",
        ])
        self.assertEqual(self.query(f"SELECT * FROM {DB}.w LIMIT 5"), [
            ["1", "1.50", "abc", "2020-01-02"], ["12", "1.23", "abc", "0000-00-00"], ["7", "NULL", "NULL", "NULL"],
            ["1", "2.00", "3", "2020-01-01"], ["0", "NULL", "NULL", "NULL"]])

    def test_load_clauses(self):
        self.server.mariadb("-e", f"CREATE TABLE {DB}.c (id int, name varchar(20), twice int)")
        path = os.path.join(self.files, "clauses.txt")
        with open(path, "w") as f:
            f.write('header\r\n>"1";"a;b"\r\n>"2";"say ""hi"""\r\njunk\r\n>3;NULL\r\n')
        info = self.load("c", path=path, fields="FIELDS TERMINATED BY ';' OPTIONALLY ENCLOSED BY '\"'",
                         extra=" LINES STARTING BY '>' TERMINATED BY '\\r\\n' IGNORE 1 LINES (id, @n) "
                               "SET name = UPPER(@n), twice = id * 2")
        self.assertEqual(info, "Records: 3  Deleted: 0  Skipped: 0  Warnings: 0")
        self.assertEqual(self.query(f"SELECT id, name, twice FROM {DB}.c"),
                         [["1", "A;B", "2"], ["2", 'SAY "HI"', "4"], ["3", "NULL", "6"]])

    def test_rollback_on_client_abort(self):
        before = self.count(f"{DB}.Source")
        conn = self.connect(local_infile=True)
        sql = f"LOAD DATA LOCAL INFILE 'x' INTO TABLE {DB}.Source FIELDS TERMINATED BY ','"
        conn._execute_command(pymysql.constants.COMMAND.COM_QUERY, sql)
        request = conn._read_packet()
        self.assertEqual(request.get_all_data()[:1], b"\xfb")
        with open(os.path.join(self.files, "Source.csv"), "rb") as f:
            conn.write_packet(f.read(200000))  # some thousand rows, then the client goes away
        conn._sock.shutdown(socket.SHUT_RDWR)
        conn._sock.close()
        # The load rolls back and frees the database once the server sees the close.
        self.assertTrue(wait_until(lambda: self.load("Source", path="/dev/null", check=False).returncode == 0))
        self.assertEqual(self.count(f"{DB}.Source"), before)

    def test_rollback_on_fatal_error(self):
        # A row the partitioning cannot place ends the load: nothing of it stays.
        self.server.mariadb("-e", f"CREATE TABLE {DB}.sky (id bigint NOT NULL, ra double, decl double) "
                                  "PARTITION BY SPHERE (ra, decl) KEY (id)")
        path = os.path.join(self.files, "sky.csv")
        with open(path, "w") as f:
            f.write("1,10,10\n2,11,11\n3,\\N,12\n4,13,13\n")
        r = self.load("sky", path=path, check=False)
        self.assertIn("ERROR 1048 (23000)", r.stderr)
        self.assertEqual(self.count(f"{DB}.sky"), 0)
        # The database is free again: a good file loads.
        with open(path, "w") as f:
            f.write("1,10,10\n2,11,11\n")
        self.assertEqual(self.load("sky", path=path), "Records: 2  Deleted: 0  Skipped: 0  Warnings: 0")

    def test_pymysql_local_infile(self):
        self.server.mariadb("-e", f"CREATE TABLE {DB}.py (id int NOT NULL, v double) PARTITION BY KEY (id) PARTITIONS 4")
        path = os.path.join(self.files, "py.tsv")
        with open(path, "w") as f:
            f.writelines(f"{i}\t{i / 4}\n" for i in range(1000))
        with self.connect(local_infile=True) as conn, conn.cursor() as cur:
            self.assertEqual(cur.execute(f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {DB}.py"), 1000)
            cur.execute(f"SELECT COUNT(*), SUM(v), COUNT(DISTINCT chunkId) FROM {DB}.py")
            self.assertEqual(cur.fetchone(), (1000, 124875.0, 4))
        # A load between other statements of one COM_QUERY.
        self.server.mariadb("-e", f"CREATE TABLE {DB}.py2 (id int NOT NULL, v double)")
        with self.connect(local_infile=True, client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS) as conn, \
                conn.cursor() as cur:
            cur.execute(f"SELECT 1; LOAD DATA LOCAL INFILE '{path}' INTO TABLE {DB}.py2 IGNORE 990 LINES; SELECT 2")
            self.assertEqual(cur.fetchall(), ((1,),))
            self.assertTrue(cur.nextset())
            self.assertEqual(cur.rowcount, 10)
            self.assertTrue(cur.nextset())
            self.assertEqual(cur.fetchall(), ((2,),))

    def test_queries_during_loads_see_whole_loads(self):
        """Loads commit chunk files one by one: a COUNT(*) running meanwhile
        reads the table as the last load published before it started left
        it — the rows of whole loads only, never a count in between, and no
        error."""
        batch, loads = 20000, 5
        self.server.mariadb("-e", "CREATE DATABASE loading; CREATE TABLE loading.T (id BIGINT NOT NULL, "
                            "ra DOUBLE NOT NULL, decl DOUBLE NOT NULL) PARTITION BY SPHERE (ra, decl) KEY (id)")
        paths = []
        for n in range(loads):
            path = os.path.join(self.files, f"loading_{n}.csv")
            with open(path, "w") as f:  # spread over ~100 chunks
                f.writelines(f"{n * batch + i},{(i * 7.31) % 30:.6f},{(i * 3.17) % 20 - 10:.6f}\n" for i in range(batch))
            paths.append(path)
        counts, errors, done = [], [], threading.Event()

        def query():
            with self.connect() as conn, conn.cursor() as cur:
                while not done.is_set():
                    try:
                        cur.execute("SELECT COUNT(*) FROM loading.T")
                        counts.append(cur.fetchone()[0])
                    except pymysql.MySQLError as e:
                        errors.append(str(e))

        readers = [threading.Thread(target=query) for _ in range(2)]
        for r in readers:
            r.start()
        try:
            with self.connect(local_infile=True) as conn, conn.cursor() as cur:
                for path in paths:
                    self.assertEqual(cur.execute(f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE loading.T "
                                                 "FIELDS TERMINATED BY ','"), batch)
        finally:
            done.set()
            for r in readers:
                r.join()
        self.assertEqual(errors, [])
        self.assertGreater(len(set(counts)), 1)  # the readers ran while the loads did
        self.assertEqual(set(counts) - {n * batch for n in range(loads + 1)}, set())
        self.assertEqual(self.count("loading.T"), loads * batch)

    def test_insert(self):
        self.server.mariadb("-e", f"CREATE TABLE {DB}.ins (id int NOT NULL, name varchar(5) DEFAULT 'none')")
        r = self.server.mariadb("-vvv", "-e", f"INSERT INTO {DB}.ins VALUES (1, 'a'), (2, CONCAT('b', 'c'))")
        self.assertIn("Records: 2  Duplicates: 0  Warnings: 0", r.stdout)
        self.server.mariadb("-e", f"INSERT INTO {DB}.ins (id) VALUES (3)")
        # Strict mode: a bad value fails the statement, and none of its rows stay.
        self.assertIn("ERROR 1366 (HY000)", self.error(f"INSERT INTO {DB}.ins VALUES (4, 'd'), ('x', 'e')"))
        self.assertIn("ERROR 1048 (23000)", self.error(f"INSERT INTO {DB}.ins VALUES (NULL, 'f')"))
        self.assertIn("ERROR 1136 (21S01)", self.error(f"INSERT INTO {DB}.ins VALUES (5)"))
        r = self.server.mariadb("-e", f"INSERT IGNORE INTO {DB}.ins VALUES ('7x', 'toolong'); SHOW WARNINGS")
        self.assertIn("Data truncated for column 'name' at row 1", r.stdout)
        self.assertEqual(self.query(f"SELECT id, name FROM {DB}.ins ORDER BY id"),
                         [["1", "a"], ["2", "bc"], ["3", "none"], ["7", "toolo"]])

    def test_qproxy_load_command(self):
        server = Server().start()
        try:
            server.mariadb("-e", "CREATE DATABASE cli; CREATE TABLE cli.Object (objectId bigint NOT NULL, "
                                 "ra_PS double NOT NULL, decl_PS double NOT NULL, iauId char(34)) "
                                 "PARTITION BY SPHERE (ra_PS, decl_PS) KEY (objectId)")
            server.stop(remove=False)
            path = os.path.join(self.files, "cli.csv")
            with open(path, "w") as f:
                f.writelines(f"{o[0]},{o[2]},{o[4]},{o[1]}\n" for o in self.objects)
            bad = os.path.join(self.files, "cli-bad.csv")
            with open(bad, "w") as f:
                f.write("1,2,3,x\n2,2,3\n")
            base = [QPROXY_BIN, "load", "--data-dir", server.data_dir, "--table", "cli.Object",
                    "--fields-terminated-by=,"]
            r = subprocess.run(base + ["--strict", path, bad], capture_output=True, text=True)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("ERROR 1261 (01000): Row 1002 doesn't contain data for all columns", r.stderr)
            r = subprocess.run(base + [path], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Records: 1000  Deleted: 0  Skipped: 0  Warnings: 0", r.stdout)
            server = Server(data_dir=server.data_dir).start()
            self.assertEqual(server.mariadb("-N", "-e", "SELECT COUNT(*) FROM cli.Object").stdout.strip(), "1000")
        finally:
            server.stop()
            shutil.rmtree(server.data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
