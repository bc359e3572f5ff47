// `qproxy parse`.
#include "parser/cli.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

using qproxy::sql::run_parse_command;

namespace {

struct run {
    int rc;
    std::string out, err;
};

run parse_cmd(std::vector<std::string> args) {
    std::ostringstream out, err;
    int rc = run_parse_command(args, out, err);
    return {rc, out.str(), err.str()};
}

}  // namespace

TEST_CASE("cli: qproxy parse prints canonical text or the MySQL error", "[parser][cli]") {
    run ok = parse_cmd({"select  a+1  from t where x=1"});
    CHECK(ok.rc == 0);
    CHECK(ok.out == "SELECT a + 1 FROM t WHERE x = 1\n");
    run multi = parse_cmd({"--dialect", "mysql", "select 1; select 2;"});
    CHECK(multi.rc == 0);
    CHECK(multi.out == "SELECT 1;\nSELECT 2;\n");
    run bad = parse_cmd({"SELECT * FORM t"});
    CHECK(bad.rc == 1);
    CHECK(bad.err == "ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds "
                     "to your MySQL server version for the right syntax to use near 'FORM t' at line 1\n");
    run sqlite = parse_cmd({"--dialect=sqlite", "SELECT a FROM db.t WHERE b BETWEEN 1 AND 2 LIMIT 3"});
    CHECK(sqlite.rc == 0);
    CHECK(sqlite.out == "SELECT \"a\" AS \"a\" FROM \"db\".\"t\" WHERE (((\"b\" >= 1) AND (\"b\" <= 2))) LIMIT 3\n");
    run not_select = parse_cmd({"--dialect=sqlite", "SHOW TABLES"});
    CHECK(not_select.rc == 1);
    CHECK(not_select.err ==
          "ERROR 1235 (42000): This version of qproxy doesn't yet support 'an SQLite form of statements other than SELECT'\n");
    CHECK(parse_cmd({"--bogus", "SELECT 1"}).rc == 2);
    CHECK(parse_cmd({"--dialect", "oracle", "SELECT 1"}).rc == 2);
    run comment = parse_cmd({"-- a comment\nSELECT 1"});
    CHECK(comment.rc == 0);
    CHECK(comment.out == "SELECT 1\n");
}
