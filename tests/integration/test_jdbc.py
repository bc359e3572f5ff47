"""MariaDB Connector/J (Debian's libmariadb-java, 2.7) against qproxy: a Java
program (jdbc/QproxyJdbcTest.java) compiled with javac at test time, one JVM
per check so each failure is reported on its own."""
import os
import shutil
import subprocess
import tempfile
import unittest

from qproxy_harness import TMP_ROOT, ServerTest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "jdbc", "QproxyJdbcTest.java")
DRIVER_JAR = "/usr/share/java/mariadb-java-client.jar"


class Jdbc(ServerTest):
    @classmethod
    def setUpClass(cls):
        for tool in ("javac", "java"):
            if not shutil.which(tool):
                raise RuntimeError(f"{tool} not found: install default-jdk-headless")
        if not os.path.exists(DRIVER_JAR):
            raise RuntimeError(f"{DRIVER_JAR} not found: install libmariadb-java")
        os.makedirs(TMP_ROOT, exist_ok=True)
        cls.classes = tempfile.mkdtemp(prefix="jdbc-", dir=TMP_ROOT)
        r = subprocess.run(["javac", "-d", cls.classes, SOURCE], capture_output=True, text=True, timeout=180)
        if r.returncode != 0:
            shutil.rmtree(cls.classes, ignore_errors=True)
            raise RuntimeError("javac failed:\n" + r.stdout + r.stderr)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.classes, ignore_errors=True)

    def run_check(self, name):
        cmd = ["java", "-cp", f"{self.classes}:{DRIVER_JAR}", "QproxyJdbcTest", str(self.server.port), name]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        self.assertEqual(r.returncode, 0, f"{name}:\n{r.stderr}{r.stdout}")
        self.assertEqual(r.stdout.strip(), "ok", r.stderr)

    def test_connect_with_both_url_schemes(self):
        self.run_check("connect")

    def test_database_metadata(self):
        self.run_check("database_metadata")

    def test_get_columns(self):
        self.run_check("column_metadata")

    def test_result_set_column_types(self):
        self.run_check("types")

    def test_server_side_prepared_statements(self):
        self.run_check("prepared_server")

    def test_client_side_prepared_statements(self):
        self.run_check("prepared_client")

    def test_multiple_result_sets(self):
        self.run_check("multi_results")

    def test_error_codes_and_sqlstates(self):
        self.run_check("errors")

    def test_statement_cancel_keeps_the_connection(self):
        self.run_check("cancel")
        # cancel() opened other connections that sent KILL QUERY; qproxy is still up (tearDown checks).


if __name__ == "__main__":
    unittest.main()
