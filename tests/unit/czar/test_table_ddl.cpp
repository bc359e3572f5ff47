#include "czar/table_ddl.hpp"

#include "parser/parser.hpp"

#include <catch2/catch.hpp>

using namespace qproxy;
using kind_t = storage::partitioning::kind_t;

namespace {

sql_result<storage::table_info> declared(std::string_view sql) {
    auto stmt = sql::parse(sql);
    REQUIRE(stmt);
    return czar::declared_table(std::get<sql::create_table_stmt>(stmt.value()), "db");
}

std::vector<std::string> types(const storage::table_info& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns) out.push_back(c.column_type);
    return out;
}

std::uint16_t error_of(std::string_view sql) {
    auto t = declared(sql);
    REQUIRE(t.has_error());
    return t.error().code;
}

}  // namespace

TEST_CASE("table DDL: column types as MySQL's COLUMN_TYPE") {
    const auto t = declared(
        "CREATE TABLE t (a INT(11), b BIGINT UNSIGNED, c INTEGER ZEROFILL, d BOOL, e NUMERIC, f DEC(10,2), "
        "g FLOAT, h FLOAT(30), i REAL, j DOUBLE PRECISION(8,3), k CHAR, l NATIONAL VARCHAR(5), m TEXT(60), "
        "n BLOB(70000), o DATETIME(3), p YEAR(4), q ENUM('x','it''s'), r SET('a'), s BIT, u CHAR(4) CHARACTER SET binary)");
    REQUIRE(t);
    CHECK(types(t.value()) == std::vector<std::string>{
                                  "int(11)", "bigint unsigned", "int unsigned zerofill", "tinyint(1)", "decimal(10,0)",
                                  "decimal(10,2)", "float", "double", "double", "double(8,3)", "char(1)", "varchar(5)",
                                  "tinytext", "mediumblob", "datetime(3)", "year", "enum('x','it''s')", "set('a')",
                                  "bit(1)", "binary(4)"});
    CHECK(t.value().columns[11].collation == "utf8mb3_general_ci");
    CHECK(t.value().part.kind == kind_t::none);
}

TEST_CASE("table DDL: keys, nullability, defaults, table options") {
    const auto t = declared(
        "CREATE TABLE t (id BIGINT PRIMARY KEY, u INT UNIQUE, v INT, w VARCHAR(3) NOT NULL DEFAULT 'ab', "
        "x DATETIME DEFAULT CURRENT_TIMESTAMP, y DECIMAL(4,1) DEFAULT -1.5, KEY (v, u)) "
        "ENGINE=MyISAM DEFAULT CHARSET=latin1 COMMENT='c'");
    REQUIRE(t);
    const auto& c = t.value().columns;
    CHECK(c[0].key == "PRI");
    CHECK_FALSE(c[0].nullable);
    CHECK(c[1].key == "UNI");
    CHECK(c[2].key == "MUL");
    CHECK(c[3].default_value == "ab");
    CHECK(c[3].collation == "latin1_swedish_ci");
    CHECK_FALSE(c[3].nullable);
    CHECK(c[4].default_value == "CURRENT_TIMESTAMP");
    CHECK(c[5].default_value == "-1.5");
    CHECK(t.value().comment == "c");
}

TEST_CASE("table DDL: the partitioning clause") {
    auto sky = declared("CREATE TABLE o (id BIGINT, ra DOUBLE, decl DOUBLE) "
                        "PARTITION BY SPHERE (ra, decl) KEY (id) STRIPES 340 SUBSTRIPES 3 OVERLAP 0.01");
    REQUIRE(sky);
    const auto& p = sky.value().part;
    CHECK(p.kind == kind_t::sky);
    CHECK((p.lon == "ra" && p.lat == "decl" && p.key == "id"));
    CHECK((p.stripes == 340 && p.sub_stripes == 3 && p.overlap == 0.01));
    auto defaults = declared("CREATE TABLE o (ra DOUBLE, decl DOUBLE) PARTITION BY SPHERE (ra, decl)");
    REQUIRE(defaults);
    CHECK((defaults.value().part.stripes == 85 && defaults.value().part.sub_stripes == 12 &&
           defaults.value().part.overlap == 0.01667 && defaults.value().part.key.empty()));
    auto hash = declared("CREATE TABLE h (k VARCHAR(10)) PARTITION BY KEY (k) PARTITIONS 16");
    REQUIRE(hash);
    CHECK((hash.value().part.kind == kind_t::hash && hash.value().part.key == "k" && hash.value().part.partitions == 16));
    auto child = declared("CREATE TABLE s (id BIGINT, oid BIGINT) PARTITION BY DIRECTOR (oid) REFERENCES db.o");
    REQUIRE(child);
    CHECK((child.value().part.kind == kind_t::child && child.value().part.director_table == "o" &&
           child.value().part.director_db == "db"));
}

TEST_CASE("table DDL: refusals") {
    CHECK(error_of("CREATE TABLE o (ra DOUBLE, decl DOUBLE) PARTITION BY SPHERE (ra, decl) STRIPES 0") == 4110);
    CHECK(error_of("CREATE TABLE o (ra DOUBLE, decl DOUBLE) PARTITION BY SPHERE (ra, decl) OVERLAP 11") == 4110);
    CHECK(error_of("CREATE TABLE h (a INT, b INT) PARTITION BY KEY (a, b)") == 1235);
    CHECK(error_of("CREATE TABLE s (oid BIGINT) PARTITION BY DIRECTOR (oid) REFERENCES other.o") == 1235);
    CHECK(error_of("CREATE TABLE t (a INT, KEY (nope))") == 1072);
    CHECK(error_of("CREATE TABLE t (a INT DEFAULT 'x')") == 1067);
    CHECK(error_of("CREATE TABLE t (a INT NOT NULL DEFAULT NULL)") == 1067);
    CHECK(error_of("CREATE TABLE t (a INT DEFAULT CURRENT_TIMESTAMP)") == 1067);
    CHECK(error_of("CREATE TABLE t (a FLOAT(60))") == 1063);
    CHECK(error_of("CREATE TABLE t (a DATETIME(7))") == 1426);
    CHECK(error_of("CREATE TABLE t (a INT AUTO_INCREMENT)") == 1235);
    CHECK(error_of("CREATE TEMPORARY TABLE t (a INT)") == 1235);
    CHECK(error_of("CREATE TABLE t AS SELECT 1") == 1235);
    CHECK(error_of("CREATE TABLE t (a INT, CHECK (a > 0))") == 1235);
}
