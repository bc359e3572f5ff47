"""MariaDB Connector/ODBC (Debian's odbc-mariadb, libmaodbc.so) through
unixODBC against qproxy: `isql` with an odbc.ini/odbcinst.ini in a temp dir,
SQLDescribeCol/SQLGetDiagRec through ctypes on libodbc, and pyodbc."""
import ctypes
import datetime
import decimal
import os
import shutil
import subprocess
import tempfile
import unittest

from qproxy_harness import TMP_ROOT, ServerTest

DRIVER = "/usr/lib/x86_64-linux-gnu/odbc/libmaodbc.so"
DSN = "qproxy"

# sql.h / sqlext.h
SQL_HANDLE_ENV, SQL_HANDLE_DBC, SQL_HANDLE_STMT = 1, 2, 3
SQL_ATTR_ODBC_VERSION, SQL_OV_ODBC3 = 200, 3
SQL_NTS = -3
SQL_SUCCESS, SQL_SUCCESS_WITH_INFO, SQL_NO_DATA = 0, 1, 100
SQL_DRIVER_NOPROMPT = 0
SQL_C_CHAR = 1
SQL_NULL_DATA = -1
SQL_CHAR, SQL_DECIMAL, SQL_INTEGER, SQL_DOUBLE, SQL_VARCHAR = 1, 3, 4, 8, 12
SQL_TYPE_TIMESTAMP, SQL_BIGINT, SQL_VARBINARY, SQL_WVARCHAR = 93, -5, -3, -9
SQL_NULLABLE = 1

TYPES_SQL = "SELECT 1 AS i, 2.5 AS d, 'x' AS s, NOW() AS t, 1e0 AS f, CAST('abc' AS BINARY) AS b"


class OdbcError(Exception):
    def __init__(self, what, records):
        self.records = records  # [(sqlstate, native error, message)]
        super().__init__(f"{what}: {records}")


class CApi:
    """Just enough of the ODBC C API (ANSI entry points, ODBC 3) to see what
    the driver reports, uninterpreted by a Python binding."""

    def __init__(self):
        lib = ctypes.CDLL("libodbc.so.2")
        H, P, S, I, L = ctypes.c_void_p, ctypes.POINTER, ctypes.c_short, ctypes.c_int, ctypes.c_long
        sigs = {
            "SQLAllocHandle": [S, H, P(H)],
            "SQLFreeHandle": [S, H],
            "SQLSetEnvAttr": [H, I, H, I],
            "SQLDriverConnect": [H, H, ctypes.c_char_p, S, ctypes.c_char_p, S, P(S), ctypes.c_ushort],
            "SQLDisconnect": [H],
            "SQLExecDirect": [H, ctypes.c_char_p, I],
            "SQLPrepare": [H, ctypes.c_char_p, I],
            "SQLExecute": [H],
            "SQLNumResultCols": [H, P(S)],
            "SQLDescribeCol": [H, ctypes.c_ushort, ctypes.c_char_p, S, P(S), P(S), P(ctypes.c_ulong), P(S), P(S)],
            "SQLFetch": [H],
            "SQLGetData": [H, ctypes.c_ushort, S, H, L, P(L)],
            "SQLMoreResults": [H],
            "SQLCloseCursor": [H],
            "SQLGetDiagRec": [S, H, S, ctypes.c_char_p, P(I), ctypes.c_char_p, S, P(S)],
        }
        for name, argtypes in sigs.items():
            f = getattr(lib, name)
            f.argtypes = argtypes
            f.restype = S
        self.lib = lib

    def diag(self, kind, handle):
        records = []
        for i in range(1, 10):
            state, native = ctypes.create_string_buffer(6), ctypes.c_int()
            msg, n = ctypes.create_string_buffer(1024), ctypes.c_short()
            if self.lib.SQLGetDiagRec(kind, handle, i, state, ctypes.byref(native), msg, len(msg),
                                      ctypes.byref(n)) not in (SQL_SUCCESS, SQL_SUCCESS_WITH_INFO):
                break
            records.append((state.value.decode(), native.value, msg.value.decode(errors="replace")))
        return records

    def ok(self, rc, what, kind, handle):
        if rc not in (SQL_SUCCESS, SQL_SUCCESS_WITH_INFO):
            raise OdbcError(f"{what} returned {rc}", self.diag(kind, handle) if handle else [])


class Connection:
    def __init__(self, api, connstr):
        self.api, lib = api, api.lib
        self.env, self.dbc = ctypes.c_void_p(), ctypes.c_void_p()
        api.ok(lib.SQLAllocHandle(SQL_HANDLE_ENV, None, ctypes.byref(self.env)), "SQLAllocHandle(ENV)", 0, None)
        api.ok(lib.SQLSetEnvAttr(self.env, SQL_ATTR_ODBC_VERSION, ctypes.c_void_p(SQL_OV_ODBC3), 0),
               "SQLSetEnvAttr(ODBC3)", SQL_HANDLE_ENV, self.env)
        api.ok(lib.SQLAllocHandle(SQL_HANDLE_DBC, self.env, ctypes.byref(self.dbc)), "SQLAllocHandle(DBC)",
               SQL_HANDLE_ENV, self.env)
        out, n = ctypes.create_string_buffer(1024), ctypes.c_short()
        api.ok(lib.SQLDriverConnect(self.dbc, None, connstr.encode(), SQL_NTS, out, len(out), ctypes.byref(n),
                                    SQL_DRIVER_NOPROMPT), "SQLDriverConnect", SQL_HANDLE_DBC, self.dbc)
        self.connected = True

    def statement(self):
        return Statement(self)

    def close(self):
        lib = self.api.lib
        if self.connected:
            lib.SQLDisconnect(self.dbc)
            self.connected = False
        lib.SQLFreeHandle(SQL_HANDLE_DBC, self.dbc)
        lib.SQLFreeHandle(SQL_HANDLE_ENV, self.env)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Statement:
    def __init__(self, conn):
        self.api, self.lib = conn.api, conn.api.lib
        self.h = ctypes.c_void_p()
        self.api.ok(self.lib.SQLAllocHandle(SQL_HANDLE_STMT, conn.dbc, ctypes.byref(self.h)), "SQLAllocHandle(STMT)",
                    SQL_HANDLE_DBC, conn.dbc)

    def _ok(self, rc, what):
        self.api.ok(rc, what, SQL_HANDLE_STMT, self.h)

    def exec_direct(self, sql):
        self._ok(self.lib.SQLExecDirect(self.h, sql.encode(), SQL_NTS), f"SQLExecDirect({sql!r})")

    def prepare(self, sql):
        self._ok(self.lib.SQLPrepare(self.h, sql.encode(), SQL_NTS), f"SQLPrepare({sql!r})")

    def execute(self):
        self._ok(self.lib.SQLExecute(self.h), "SQLExecute")

    def describe(self):
        """[(name, SQL data type, column size, decimal digits, nullable)] from SQLDescribeCol."""
        n = ctypes.c_short()
        self._ok(self.lib.SQLNumResultCols(self.h, ctypes.byref(n)), "SQLNumResultCols")
        cols = []
        for i in range(1, n.value + 1):
            name, name_len = ctypes.create_string_buffer(256), ctypes.c_short()
            dtype, size, digits, nullable = ctypes.c_short(), ctypes.c_ulong(), ctypes.c_short(), ctypes.c_short()
            self._ok(self.lib.SQLDescribeCol(self.h, i, name, len(name), ctypes.byref(name_len), ctypes.byref(dtype),
                                             ctypes.byref(size), ctypes.byref(digits), ctypes.byref(nullable)),
                     f"SQLDescribeCol({i})")
            cols.append((name.value.decode(), dtype.value, size.value, digits.value, nullable.value))
        return cols

    def fetch_all(self):
        """Every row as text (None for NULL), through SQLGetData(SQL_C_CHAR); Connector/ODBC
        returns binary columns as their bytes, not in hex."""
        n = ctypes.c_short()
        self._ok(self.lib.SQLNumResultCols(self.h, ctypes.byref(n)), "SQLNumResultCols")
        rows = []
        while True:
            rc = self.lib.SQLFetch(self.h)
            if rc == SQL_NO_DATA:
                return rows
            self._ok(rc, "SQLFetch")
            row = []
            for i in range(1, n.value + 1):
                buf, ind = ctypes.create_string_buffer(4096), ctypes.c_long()
                self._ok(self.lib.SQLGetData(self.h, i, SQL_C_CHAR, ctypes.cast(buf, ctypes.c_void_p), len(buf),
                                             ctypes.byref(ind)), f"SQLGetData({i})")
                row.append(None if ind.value == SQL_NULL_DATA else buf.value.decode())
            rows.append(tuple(row))

    def more_results(self):
        rc = self.lib.SQLMoreResults(self.h)
        if rc == SQL_NO_DATA:
            return False
        self._ok(rc, "SQLMoreResults")
        return True

    def close_cursor(self):
        self.lib.SQLCloseCursor(self.h)

    def free(self):
        self.lib.SQLFreeHandle(SQL_HANDLE_STMT, self.h)


class Odbc(ServerTest):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(DRIVER):
            raise RuntimeError(f"{DRIVER} not found: install odbc-mariadb")
        if not shutil.which("isql"):
            raise RuntimeError("isql not found: install unixodbc")
        super().setUpClass()
        cls.ini_dir = tempfile.mkdtemp(prefix="odbc-", dir=TMP_ROOT)
        with open(os.path.join(cls.ini_dir, "odbcinst.ini"), "w") as f:
            f.write(f"[MariaDB]\nDescription=MariaDB Connector/ODBC\nDriver={DRIVER}\n")
        with open(os.path.join(cls.ini_dir, "odbc.ini"), "w") as f:
            f.write(f"[{DSN}]\nDriver=MariaDB\nSERVER=127.0.0.1\nPORT={cls.server.port}\nUSER=qsmaster\nPASSWORD=\n"
                    "CHARSET=utf8mb4\n")
        # unixODBC reads these when a connection is made, in this process (ctypes, pyodbc) and in isql.
        cls.saved_env = {k: os.environ.get(k) for k in ("ODBCSYSINI", "ODBCINI", "HOME")}
        os.environ.update(ODBCSYSINI=cls.ini_dir, ODBCINI=os.path.join(cls.ini_dir, "odbc.ini"), HOME=cls.ini_dir)
        cls.api = CApi()

    @classmethod
    def tearDownClass(cls):
        for k, v in cls.saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(cls.ini_dir, ignore_errors=True)
        super().tearDownClass()

    def isql(self, statements, *args, prog="isql"):
        r = subprocess.run([prog, "-b", "-v", *args, DSN], input="".join(s + "\n" for s in statements),
                           capture_output=True, text=True, timeout=60)
        return r

    def connect(self, extra=""):
        return Connection(self.api, f"DSN={DSN};{extra}")

    # --- isql -----------------------------------------------------------------------------------

    def test_isql_tables(self):
        r = self.isql(["SELECT 1+1", "SELECT @@version_comment", "SHOW DATABASES"])
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertNotIn("ERROR", r.stdout + r.stderr)
        cells = [line.strip("|").strip() for line in r.stdout.splitlines() if line.startswith("|")]
        # header, value per result set
        self.assertEqual(cells[0:2], ["1+1", "2"], r.stdout)
        self.assertEqual(cells[2], "@@version_comment", r.stdout)
        self.assertIn("qproxy", cells[3], r.stdout)
        self.assertEqual(cells[4], "Database", r.stdout)
        self.assertIn("information_schema", cells[5:], r.stdout)
        self.assertIn("SQLRowCount returns 1\n1 rows fetched", r.stdout)

    def test_isql_syntax_error_then_more_statements(self):
        # -3: ODBC 3 SQLSTATEs (42000; ODBC 2 would report 37000).
        r = self.isql(["SELECT 'before'", "SELEKT 1", "SELECT 'after'"], "-3", "-d,")
        out = r.stdout + r.stderr
        self.assertRegex(out, r"\[42000\]\[ma-[0-9.]+\]\[8\.0\.\d+-qproxy-[^\]]*\]You have an error in your SQL syntax")
        self.assertIn("near 'SELEKT 1'", out)
        self.assertIn("[ISQL]ERROR: Could not SQLExecute", r.stderr)
        self.assertEqual([line for line in r.stdout.splitlines() if line in ("before", "after")], ["before", "after"],
                         r.stdout)
        # ODBC 2 maps 42000 to 37000.
        r = self.isql(["SELEKT 1"])
        self.assertIn("[37000]", r.stdout + r.stderr)

    def test_isql_delimited_output(self):
        for mode in ([], ["-e"]):  # SQLPrepare/SQLExecute (server-side prepare) and SQLExecDirect
            with self.subTest(mode=mode or "prepare"):
                r = self.isql(["SELECT 1 AS i, 2.5 AS d, 'x,y' AS s, NULL AS n, CAST('abc' AS BINARY) AS b",
                               "SELECT 6*7 AS answer; "], "-d,", "-c", "-q", *mode)
                self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
                lines = r.stdout.splitlines()
                self.assertEqual(lines[0:2], ['i,d,s,n,b', '1,2.5,"x,y",,abc'], r.stdout)
                self.assertEqual(lines[2:4], ["answer", "42"], r.stdout)

    def test_utf8_text_round_trip(self):
        # The DSN asks for CHARSET=utf8mb4: qproxy must count characters, not bytes.
        r = self.isql(["SELECT 'h\u00e9llo' AS w, CHAR_LENGTH('h\u00e9llo') AS n, LENGTH('h\u00e9llo') AS b"],
                      "-d|", "-c")
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(r.stdout.splitlines()[0:2], ["w|n|b", "h\u00e9llo|5|6"], r.stdout)

    def test_iusql_unicode_entry_points(self):
        # iusql goes through the W (UTF-16) entry points of the driver.
        r = self.isql(["SELECT 'abc' AS w, 6*7 AS n, NULL AS z"], "-d|", "-c", prog="iusql")
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(r.stdout.splitlines()[0:2], ["w|n|z", "abc|42|"], r.stdout)

    # --- C API through ctypes -------------------------------------------------------------------

    EXPECTED_TYPES = [  # name, SQL type, column size, decimal digits
        ("i", SQL_BIGINT, None, 0),
        ("d", SQL_DECIMAL, 2, 1),
        ("s", SQL_VARCHAR, 1, None),
        ("t", SQL_TYPE_TIMESTAMP, 19, 0),
        ("f", SQL_DOUBLE, None, None),
        ("b", SQL_VARBINARY, None, None),
    ]

    def assert_types(self, cols, how):
        self.assertEqual([c[0] for c in cols], [e[0] for e in self.EXPECTED_TYPES], how)
        for (name, dtype, size, digits, _), (ename, etype, esize, edigits) in zip(cols, self.EXPECTED_TYPES):
            self.assertEqual(dtype, etype, f"{how}: SQLDescribeCol data type of {name}: {cols}")
            if esize is not None:
                self.assertEqual(size, esize, f"{how}: SQLDescribeCol column size of {name}: {cols}")
            if edigits is not None:
                self.assertEqual(digits, edigits, f"{how}: SQLDescribeCol decimal digits of {name}: {cols}")

    def test_describe_col_direct(self):
        with self.connect() as c:
            st = c.statement()
            st.exec_direct(TYPES_SQL)
            self.assert_types(st.describe(), "SQLExecDirect")
            rows = st.fetch_all()
            self.assertEqual(len(rows), 1)
            i, d, s, t, f, b = rows[0]
            self.assertEqual((i, d, s, b), ("1", "2.5", "x", "abc"))
            self.assertRegex(t, r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
            self.assertEqual(float(f), 1.0)
            st.free()

    def test_describe_col_prepared(self):
        # Connector/ODBC 3.1 prepares on the server (COM_STMT_PREPARE); SQLDescribeCol before SQLExecute
        # reads the column definitions of the prepare response, and after it those of the binary result.
        with self.connect() as c:
            st = c.statement()
            st.prepare(TYPES_SQL)
            self.assert_types(st.describe(), "SQLPrepare (before SQLExecute)")
            st.execute()
            self.assert_types(st.describe(), "SQLPrepare + SQLExecute")
            rows = st.fetch_all()
            self.assertEqual(rows[0][0:3], ("1", "2.5", "x"))
            self.assertEqual(rows[0][5], "abc")
            st.free()

    def test_diagnostics_for_errors(self):
        with self.connect() as c:
            st = c.statement()
            # Connector/ODBC may defer a failed server-side prepare to SQLExecute.
            for how, run in (("SQLExecDirect", st.exec_direct), ("SQLPrepare+SQLExecute",
                                                                   lambda sql: (st.prepare(sql), st.execute()))):
                with self.subTest(how=how):
                    with self.assertRaises(OdbcError) as e:
                        run("SELEKT 1")
                    state, native, msg = e.exception.records[0]
                    self.assertEqual((state, native), ("42000", 1064), msg)
                    self.assertIn("You have an error in your SQL syntax", msg)
            st.exec_direct("SELECT 'still here'")
            self.assertEqual(st.fetch_all(), [("still here",)])
            st.free()
        with self.assertRaises(OdbcError) as e:
            Connection(self.api, f"DSN={DSN};UID=nosuchuser;PWD=x")
        state, native, msg = e.exception.records[0]
        self.assertEqual((state, native), ("28000", 1045), msg)
        self.assertIn("Access denied for user 'nosuchuser'", msg)

    def test_multiple_results(self):
        # OPTION=67108864: CLIENT_MULTI_STATEMENTS.
        with self.connect("OPTION=67108864") as c:
            st = c.statement()
            st.exec_direct("SELECT 1 AS a; SELECT 'two' AS b, 3 AS c")
            self.assertEqual(st.fetch_all(), [("1",)])
            self.assertTrue(st.more_results())
            self.assertEqual([col[0] for col in st.describe()], ["b", "c"])
            self.assertEqual(st.fetch_all(), [("two", "3")])
            self.assertFalse(st.more_results())
            st.free()

    # --- pyodbc ---------------------------------------------------------------------------------

    def pyodbc(self):
        try:
            import pyodbc
        except ImportError:
            self.fail("pyodbc missing: install python3-pyodbc (Debian)")
        return pyodbc

    def test_pyodbc_description_and_values(self):
        pyodbc = self.pyodbc()
        with pyodbc.connect(f"DSN={DSN}", autocommit=True) as cn:
            cur = cn.cursor()
            cur.execute(TYPES_SQL)
            desc = cur.description
            self.assertEqual([d[0] for d in desc], ["i", "d", "s", "t", "f", "b"])
            self.assertEqual([d[1] for d in desc],
                             [int, decimal.Decimal, str, datetime.datetime, float, bytearray], desc)
            self.assertEqual((desc[1][4], desc[1][5]), (2, 1), f"DECIMAL precision/scale: {desc[1]}")
            row = cur.fetchone()
            self.assertEqual(row[0:3], (1, decimal.Decimal("2.5"), "x"))
            self.assertIsInstance(row[3], datetime.datetime)
            self.assertLess(abs((row[3] - datetime.datetime.now()).total_seconds()), 300)
            self.assertEqual(row[4], 1.0)
            self.assertEqual(bytes(row[5]), b"abc")
            self.assertIsNone(cur.fetchone())

            with self.assertRaises(pyodbc.ProgrammingError) as e:
                cur.execute("SELEKT 1")
            self.assertEqual(e.exception.args[0], "42000")
            self.assertIn("(1064)", e.exception.args[1])
            self.assertEqual(cur.execute("SELECT 6*7").fetchval(), 42)

    def test_pyodbc_parameters(self):
        # Connector/ODBC sends them with COM_STMT_EXECUTE typed LONGLONG, DOUBLE, STRING, DATETIME, NULL; the
        # result columns carry those types back, so pyodbc returns int, float, str, datetime, None.
        pyodbc = self.pyodbc()
        with pyodbc.connect(f"DSN={DSN}", autocommit=True) as cn:
            cur = cn.cursor()
            ts = datetime.datetime(2021, 3, 4, 5, 6, 7)
            cur.execute("SELECT ? AS i, ? AS f, ? AS s, ? AS t, ? AS n", 9007199254740993, 2.5, "h\u00e9 'q'", ts, None)
            row = tuple(cur.fetchone())
            self.assertEqual(row, (9007199254740993, 2.5, "h\u00e9 'q'", ts, None),
                             f"description: {cur.description}")
            self.assertEqual([d[1] for d in cur.description][0:4], [int, float, str, datetime.datetime],
                             cur.description)
            cur.execute("SELECT ? + 1", 41)
            self.assertEqual(cur.fetchval(), 42)

    def test_pyodbc_catalog_functions(self):
        pyodbc = self.pyodbc()
        with pyodbc.connect(f"DSN={DSN};DATABASE=information_schema", autocommit=True) as cn:
            # Connector/ODBC formats the numeric server version; the name is "MariaDB" only when the
            # version string says so.
            self.assertRegex(cn.getinfo(pyodbc.SQL_DBMS_VER), r"^08\.00\.\d{6}$")
            self.assertEqual(cn.getinfo(pyodbc.SQL_DBMS_NAME), "MySQL")
            cur = cn.cursor()
            tables = {r.table_name.upper() for r in cur.tables(catalog="information_schema")}
            self.assertTrue({"SCHEMATA", "TABLES", "COLUMNS"} <= tables, tables)
            cols = {r.column_name.upper(): r.type_name for r in cur.columns(table="SCHEMATA",
                                                                             catalog="information_schema")}
            self.assertIn("SCHEMA_NAME", cols, cols)
            self.assertEqual(cols["SCHEMA_NAME"].lower(), "varchar", cols)


if __name__ == "__main__":
    unittest.main()
