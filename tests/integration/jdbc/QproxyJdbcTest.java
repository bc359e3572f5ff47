// MariaDB Connector/J (2.7, Debian's libmariadb-java) against a running qproxy.
//
//   javac -d OUT QproxyJdbcTest.java
//   java -cp OUT:/usr/share/java/mariadb-java-client.jar QproxyJdbcTest PORT [check ...]
//
// Runs the named checks (all of them when none is named), prints "ok" when
// every one passed, and exits 1 with a message at the first failure.
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

public class QproxyJdbcTest {
    interface Check {
        void run() throws Exception;
    }

    static int port;

    static String url(String scheme, String db, String extra) {
        return "jdbc:" + scheme + "://127.0.0.1:" + port + "/" + db + "?user=qsmaster&connectTimeout=10000"
                + "&socketTimeout=60000" + (extra.isEmpty() ? "" : "&" + extra);
    }

    static Connection connect(String extra) throws SQLException {
        return DriverManager.getConnection(url("mariadb", "", extra));
    }

    static void fail(String message) {
        throw new AssertionError(message);
    }

    static void check(boolean condition, String what) {
        if (!condition) fail(what);
    }

    static void eq(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual))
            fail(what + ": expected <" + expected + "> but was <" + actual + ">");
    }

    static String typeName(int t) {
        for (java.lang.reflect.Field f : Types.class.getFields()) {
            try {
                if (f.getInt(null) == t) return "Types." + f.getName() + "(" + t + ")";
            } catch (IllegalAccessException e) {
                // not a constant
            }
        }
        return "Types.?(" + t + ")";
    }

    static void eqType(int expected, int actual, String what) {
        if (expected != actual) fail(what + ": expected " + typeName(expected) + " but was " + typeName(actual));
    }

    static Object scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            check(rs.next(), sql + ": no row");
            Object v = rs.getObject(1);
            check(!rs.next(), sql + ": more than one row");
            return v;
        }
    }

    static void assertUsable(Connection c, String after) throws SQLException {
        check(c.isValid(5), "connection not valid (COM_PING) after " + after);
        eq(42L, ((Number) scalar(c, "SELECT 6*7")).longValue(), "SELECT 6*7 after " + after);
    }

    static SQLException expectError(Check body, String what) throws Exception {
        try {
            body.run();
        } catch (SQLException e) {
            return e;
        }
        fail(what + ": expected an SQLException, none was thrown");
        return null;
    }

    // --- checks ---------------------------------------------------------------------------------

    static void connectSchemes() throws Exception {
        try (Connection c = connect("")) {
            eq("qsmaster@localhost", scalar(c, "SELECT CURRENT_USER()"), "CURRENT_USER() over jdbc:mariadb:");
            eq(null, scalar(c, "SELECT DATABASE()"), "DATABASE() with no database in the URL");
            c.setCatalog("information_schema");  // COM_INIT_DB
            eq("information_schema", scalar(c, "SELECT DATABASE()"), "DATABASE() after setCatalog()");
        }
        // Connector/J 2.x also accepts the jdbc:mysql: scheme (unless disableMariaDbDriver is set).
        try (Connection c = DriverManager.getConnection(url("mysql", "", ""))) {
            check(c.getClass().getName().startsWith("org.mariadb."), "jdbc:mysql: not served by MariaDB Connector/J");
            eq(1L, ((Number) scalar(c, "SELECT 1")).longValue(), "SELECT 1 over jdbc:mysql:");
        }
        try (Connection c = DriverManager.getConnection(url("mariadb", "information_schema", ""))) {
            eq("information_schema", scalar(c, "SELECT DATABASE()"), "DATABASE() with a database in the URL");
            eq("information_schema", c.getCatalog(), "Connection.getCatalog()");
            eq(Boolean.TRUE, c.getAutoCommit(), "getAutoCommit() default");
            c.setAutoCommit(false);
            eq(0L, ((Number) scalar(c, "SELECT @@autocommit")).longValue(), "@@autocommit after setAutoCommit(false)");
            c.setAutoCommit(true);
            eq(1L, ((Number) scalar(c, "SELECT @@autocommit")).longValue(), "@@autocommit after setAutoCommit(true)");
            eq(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation(), "getTransactionIsolation()");
        }
    }

    static void databaseMetaData() throws Exception {
        try (Connection c = connect("")) {
            DatabaseMetaData md = c.getMetaData();
            String version = md.getDatabaseProductVersion();
            check(version.contains("qproxy"), "getDatabaseProductVersion() lacks \"qproxy\": " + version);
            check(version.startsWith("8.0."), "getDatabaseProductVersion() is not 8.0.x: " + version);
            eq(8, md.getDatabaseMajorVersion(), "getDatabaseMajorVersion()");
            eq(0, md.getDatabaseMinorVersion(), "getDatabaseMinorVersion()");
            eq("qsmaster", md.getUserName(), "getUserName()");

            List<String> catalogs = new ArrayList<>();
            try (ResultSet rs = md.getCatalogs()) {
                while (rs.next()) catalogs.add(rs.getString("TABLE_CAT"));
            }
            check(catalogs.contains("information_schema"), "getCatalogs() lacks information_schema: " + catalogs);

            Map<String, String> tables = new LinkedHashMap<>();
            try (ResultSet rs = md.getTables("information_schema", null, "%", null)) {
                while (rs.next()) {
                    eq("information_schema", rs.getString("TABLE_CAT"), "getTables() TABLE_CAT");
                    tables.put(rs.getString("TABLE_NAME").toUpperCase(), rs.getString("TABLE_TYPE"));
                }
            }
            for (String t : new String[] {"SCHEMATA", "TABLES", "COLUMNS"}) {
                check(tables.containsKey(t), "getTables(information_schema) lacks " + t + ": " + tables.keySet());
                eq("SYSTEM VIEW", tables.get(t), "getTables(information_schema) TABLE_TYPE of " + t);
            }
            try (ResultSet rs = md.getTables("information_schema", null, "SCHEMATA", new String[] {"TABLE"})) {
                if (rs.next()) check(false, "getTables(types=TABLE) returned a system view: " + rs.getString("TABLE_NAME"));
            }
        }
    }

    static void columnMetaData() throws Exception {
        try (Connection c = connect("")) {
            DatabaseMetaData md = c.getMetaData();
            Map<String, Integer> types = new LinkedHashMap<>();
            try (ResultSet rs = md.getColumns("information_schema", null, "SCHEMATA", "%")) {
                while (rs.next()) {
                    eq("SCHEMATA", rs.getString("TABLE_NAME").toUpperCase(), "getColumns() TABLE_NAME");
                    types.put(rs.getString("COLUMN_NAME").toUpperCase(), rs.getInt("DATA_TYPE"));
                }
            }
            check(types.containsKey("SCHEMA_NAME"), "getColumns(SCHEMATA) lacks SCHEMA_NAME: " + types.keySet());
            eqType(Types.VARCHAR, types.get("SCHEMA_NAME"), "getColumns(SCHEMATA) DATA_TYPE of SCHEMA_NAME");
        }
    }

    static final String TYPES_SQL =
            "SELECT 1 AS i, 2.5 AS d, 'x' AS s, NOW() AS t, 1e0 AS f, CAST('abc' AS BINARY) AS b";

    // Connector/J 2.7 maps: LONGLONG -> BIGINT, NEWDECIMAL -> DECIMAL, VAR_STRING (charset 33/45/...)
    // -> VARCHAR, DATETIME -> TIMESTAMP, DOUBLE -> DOUBLE, VAR_STRING with charset 63 (binary) -> VARBINARY.
    static void checkTypesResult(ResultSet rs, String how) throws SQLException {
        ResultSetMetaData m = rs.getMetaData();
        eq(6, m.getColumnCount(), how + " column count");
        String[] labels = {"i", "d", "s", "t", "f", "b"};
        int[] sqlTypes = {Types.BIGINT, Types.DECIMAL, Types.VARCHAR, Types.TIMESTAMP, Types.DOUBLE, Types.VARBINARY};
        String[] typeNames = {"BIGINT", "DECIMAL", "VARCHAR", "DATETIME", "DOUBLE", "VARBINARY"};
        String[] classes = {"java.lang.Long", "java.math.BigDecimal", "java.lang.String", "java.sql.Timestamp",
                            "java.lang.Double", "[B"};
        for (int i = 0; i < labels.length; i++) {
            String col = how + " column " + (i + 1) + " (" + labels[i] + ")";
            eq(labels[i], m.getColumnLabel(i + 1), col + " getColumnLabel");
            eqType(sqlTypes[i], m.getColumnType(i + 1), col + " getColumnType");
            eq(typeNames[i], m.getColumnTypeName(i + 1), col + " getColumnTypeName");
            eq(classes[i], m.getColumnClassName(i + 1), col + " getColumnClassName");
        }
        check(m.isSigned(1), how + " column i: isSigned() is false (UNSIGNED flag set on literal 1)");
        eq(1, m.getScale(2), how + " column d: getScale() (decimals)");
        check(rs.next(), how + ": no row");
        eq(1L, rs.getLong(1), how + " getLong(i)");
        eq(Long.class, rs.getObject(1).getClass(), how + " getObject(i) class");
        eq(new BigDecimal("2.5"), rs.getBigDecimal(2), how + " getBigDecimal(d)");
        eq("x", rs.getString(3), how + " getString(s)");
        Timestamp t = rs.getTimestamp(4);
        check(t != null, how + " getTimestamp(t) is null");
        long skew = Math.abs(t.getTime() - System.currentTimeMillis());
        check(skew < 5 * 60 * 1000, how + " NOW() is " + t + ", " + skew + " ms away from the client's clock");
        eq(1.0, rs.getDouble(5), how + " getDouble(f)");
        eq(Double.class, rs.getObject(5).getClass(), how + " getObject(f) class");
        eq("[97, 98, 99]", Arrays.toString(rs.getBytes(6)), how + " getBytes(b)");
        check(!rs.next(), how + ": more than one row");
    }

    static void resultSetTypes() throws Exception {
        try (Connection c = connect(""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(TYPES_SQL)) {
            checkTypesResult(rs, "text protocol");
        }
    }

    static void preparedServerSide() throws Exception {
        try (Connection c = connect("useServerPrepStmts=true")) {
            try (PreparedStatement ps = c.prepareStatement(TYPES_SQL)) {
                check(ps.getClass().getName().contains("ServerSide"),
                      "useServerPrepStmts=true gave " + ps.getClass().getName() + " (server prepare refused?)");
                eq(0, ps.getParameterMetaData().getParameterCount(), "parameter count of the types query");
                try (ResultSet rs = ps.executeQuery()) {
                    checkTypesResult(rs, "binary protocol");
                }
            }
            String sql = "SELECT ? AS i, ? AS l, ? AS d, ? AS s, ? AS t, ? AS n";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                check(ps.getClass().getName().contains("ServerSide"),
                      "useServerPrepStmts=true gave " + ps.getClass().getName() + " (server prepare refused?)");
                ParameterMetaData pm = ps.getParameterMetaData();
                eq(6, pm.getParameterCount(), "COM_STMT_PREPARE parameter count");
                bindAndCheck(ps, 42, 9007199254740993L, 2.5, "h\u00e9llo 'q' \\ \"z\"",
                             Timestamp.valueOf("2021-03-04 05:06:07"), "server-side, first execute");
                // The binary result describes each parameter by the type it was sent with (MYSQL_TYPE_LONGLONG,
                // DOUBLE, VAR_STRING, DATETIME), as MySQL does; only the int (LONG, or BIGINT in MySQL 8) varies.
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData m = rs.getMetaData();
                    eqType(Types.BIGINT, m.getColumnType(2), "server-side: type of the column of a long parameter");
                    eqType(Types.DOUBLE, m.getColumnType(3), "server-side: type of the column of a double parameter");
                    eqType(Types.VARCHAR, m.getColumnType(4), "server-side: type of the column of a String parameter");
                    eqType(Types.TIMESTAMP, m.getColumnType(5),
                           "server-side: type of the column of a Timestamp parameter");
                }
                // Same statement id, new values.
                bindAndCheck(ps, -7, Long.MIN_VALUE, -1.0e-300, "", Timestamp.valueOf("1999-12-31 23:59:59"),
                             "server-side, second execute");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ? + 1 AS n, CONCAT(?, '!') AS s")) {
                ps.setInt(1, 41);
                ps.setString(2, "hey");
                try (ResultSet rs = ps.executeQuery()) {
                    check(rs.next(), "SELECT ? + 1: no row");
                    eq(42L, rs.getLong(1), "SELECT ? + 1 with 41");
                    eq("hey!", rs.getString(2), "CONCAT(?, '!') with 'hey'");
                }
            }
            assertUsable(c, "server-side prepared statements");
        }
    }

    static void preparedClientSide() throws Exception {
        try (Connection c = connect("")) {
            String sql = "SELECT ? AS i, ? AS l, ? AS d, ? AS s, ? AS t, ? AS n";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindAndCheck(ps, 42, 9007199254740993L, 2.5, "h\u00e9llo 'q' \\ \"z\"",
                             Timestamp.valueOf("2021-03-04 05:06:07"), "client-side");
            }
        }
    }

    static void bindAndCheck(PreparedStatement ps, int i, long l, double d, String s, Timestamp t, String how)
            throws SQLException {
        ps.setInt(1, i);
        ps.setLong(2, l);
        ps.setDouble(3, d);
        ps.setString(4, s);
        ps.setTimestamp(5, t);
        ps.setNull(6, Types.VARCHAR);
        try (ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData m = rs.getMetaData();
            eq(6, m.getColumnCount(), how + " column count");
            eq("l", m.getColumnLabel(2), how + " label of column 2");
            check(rs.next(), how + ": no row");
            eq(i, rs.getInt(1), how + " int parameter read back");
            eq(l, rs.getLong(2), how + " long parameter read back");
            eq(d, rs.getDouble(3), how + " double parameter read back");
            eq(s, rs.getString(4), how + " String parameter read back");
            eq(t, rs.getTimestamp(5), how + " Timestamp parameter read back");
            eq(null, rs.getObject(6), how + " null parameter read back");
            check(rs.wasNull(), how + " wasNull() after the null parameter");
            check(!rs.next(), how + ": more than one row");
        }
    }

    static void multipleResults() throws Exception {
        try (Connection c = connect("allowMultiQueries=true"); Statement st = c.createStatement()) {
            check(st.execute("SELECT 1 AS a; SELECT 'two' AS b, 3 AS c; SET @x = 5; SELECT @x + 1 AS d"),
                  "execute() of the batch: first result is not a result set");
            try (ResultSet rs = st.getResultSet()) {
                check(rs.next(), "result 1: no row");
                eq(1L, rs.getLong("a"), "result 1 value");
                check(!rs.next(), "result 1: extra row");
            }
            check(st.getMoreResults(), "getMoreResults() after result 1 is false");
            try (ResultSet rs = st.getResultSet()) {
                eq(2, rs.getMetaData().getColumnCount(), "result 2 column count");
                check(rs.next(), "result 2: no row");
                eq("two", rs.getString("b"), "result 2 column b");
                eq(3L, rs.getLong("c"), "result 2 column c");
            }
            check(!st.getMoreResults(), "result 3 (SET) is a result set");
            eq(0, st.getUpdateCount(), "result 3 (SET) update count");
            check(st.getMoreResults(), "getMoreResults() after the SET is false");
            try (ResultSet rs = st.getResultSet()) {
                check(rs.next(), "result 4: no row");
                eq(6L, rs.getLong("d"), "result 4 value (@x + 1)");
            }
            check(!st.getMoreResults(), "a fifth result set");
            eq(-1, st.getUpdateCount(), "update count after the last result");

            // An error stops the batch, as in MySQL: SELECT 3 never runs.
            SQLException e = expectError(() -> {
                st.execute("SELECT 1; SELEKT 2; SELECT 3");
                while (st.getMoreResults() || st.getUpdateCount() != -1) {
                    // drain until the error surfaces
                }
            }, "SELECT 1; SELEKT 2; SELECT 3");
            eq(1064, e.getErrorCode(), "error code in a multi-statement batch (" + e.getMessage() + ")");
            assertUsable(c, "an error inside a multi-statement batch");
        }
    }

    static void errors() throws Exception {
        try (Connection c = connect(""); Statement st = c.createStatement()) {
            SQLException e = expectError(() -> st.executeQuery("SELEKT 1"), "SELEKT 1");
            eq(1064, e.getErrorCode(), "getErrorCode() for a syntax error (" + e.getMessage() + ")");
            eq("42000", e.getSQLState(), "getSQLState() for a syntax error");
            check(e instanceof SQLSyntaxErrorException, "syntax error is " + e.getClass().getName());
            check(e.getMessage().contains("You have an error in your SQL syntax"), "message: " + e.getMessage());
            assertUsable(c, "a syntax error");

            e = expectError(() -> st.executeQuery("SELECT @@no_such_variable"), "SELECT @@no_such_variable");
            eq(1193, e.getErrorCode(), "getErrorCode() for an unknown variable (" + e.getMessage() + ")");
            eq("HY000", e.getSQLState(), "getSQLState() for an unknown variable");
            assertUsable(c, "an unknown variable");
        }
        try (Connection c = connect("useServerPrepStmts=true")) {
            SQLException e = expectError(() -> {
                try (PreparedStatement ps = c.prepareStatement("SELEKT ?")) {
                    ps.setInt(1, 1);
                    ps.executeQuery();
                }
            }, "prepare SELEKT ?");
            eq(1064, e.getErrorCode(), "getErrorCode() for a prepared syntax error (" + e.getMessage() + ")");
            eq("42000", e.getSQLState(), "getSQLState() for a prepared syntax error");
            assertUsable(c, "a prepared syntax error");
        }
        SQLException e = expectError(() -> DriverManager.getConnection(url("mariadb", "", "").replace(
                                             "user=qsmaster", "user=nosuchuser")).close(),
                                     "connect as an unknown user");
        eq(1045, e.getErrorCode(), "getErrorCode() for an unknown user (" + e.getMessage() + ")");
        eq("28000", e.getSQLState(), "getSQLState() for an unknown user");
    }

    static void cancel() throws Exception {
        try (Connection c = connect("")) {
            long id = ((Number) scalar(c, "SELECT CONNECTION_ID()")).longValue();

            // A streaming result set that is not fully read: cancel() sends KILL QUERY <id> on a second
            // connection, then the driver drains what is left. The connection must survive.
            try (Statement st = c.createStatement()) {
                st.setFetchSize(1);
                ResultSet rs = st.executeQuery("SHOW VARIABLES");
                check(rs.next(), "SHOW VARIABLES: no row");
                st.cancel();
                rs.close();
            }
            assertUsable(c, "Statement.cancel() of a streaming result");

            // cancel() racing statements that are executing: each cancel() that lands while a query runs
            // sends KILL QUERY; the query either completes or fails with 1317, nothing else.
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger interrupted = new AtomicInteger();
            Statement st = c.createStatement();
            Thread worker = new Thread(() -> {
                try {
                    for (int n = 0; n < 300; n++) {
                        try (ResultSet rs = st.executeQuery("SHOW VARIABLES")) {
                            while (rs.next()) {
                                // read everything
                            }
                        } catch (SQLException e) {
                            if (e.getErrorCode() != 1317) throw e;
                            interrupted.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            worker.start();
            int cancels = 0;
            while (worker.isAlive()) {
                st.cancel();
                cancels++;
                Thread.sleep(1);
            }
            worker.join();
            if (failure.get() != null) {
                failure.get().printStackTrace();
                fail("a statement racing Statement.cancel() failed with something other than 1317: " + failure.get());
            }
            st.close();
            System.err.println("cancel(): " + cancels + " calls, " + interrupted.get() + " statements interrupted");
            assertUsable(c, "Statement.cancel() racing executing statements");

            // What cancel() sends, done by hand from a second connection.
            try (Connection other = connect(""); Statement ost = other.createStatement()) {
                ost.execute("KILL QUERY " + id);
                SQLException e = expectError(() -> ost.execute("KILL QUERY 4000000000"), "KILL QUERY 4000000000");
                eq(1094, e.getErrorCode(), "KILL QUERY of an unknown id (" + e.getMessage() + ")");
            }
            assertUsable(c, "KILL QUERY from another connection");
        }
    }

    public static void main(String[] args) {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("connect", QproxyJdbcTest::connectSchemes);
        checks.put("database_metadata", QproxyJdbcTest::databaseMetaData);
        checks.put("column_metadata", QproxyJdbcTest::columnMetaData);
        checks.put("types", QproxyJdbcTest::resultSetTypes);
        checks.put("prepared_server", QproxyJdbcTest::preparedServerSide);
        checks.put("prepared_client", QproxyJdbcTest::preparedClientSide);
        checks.put("multi_results", QproxyJdbcTest::multipleResults);
        checks.put("errors", QproxyJdbcTest::errors);
        checks.put("cancel", QproxyJdbcTest::cancel);

        port = Integer.parseInt(args[0]);
        List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                                             : new ArrayList<>(checks.keySet());
        for (String name : names) {
            Check check = checks.get(name);
            if (check == null) {
                System.err.println("unknown check " + name + "; known: " + checks.keySet());
                System.exit(2);
            }
            try {
                check.run();
            } catch (Throwable t) {
                System.err.println("FAIL " + name + ": " + t);
                if (!(t instanceof AssertionError)) t.printStackTrace();
                System.exit(1);
            }
        }
        System.out.println("ok");
    }
}
