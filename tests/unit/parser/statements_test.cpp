// The other statement kinds: DDL with qproxy's partitioning, LOAD DATA, DML,
// accounts, transactions, SUBMIT/CANCEL/CALL, SHOW forms.
#include "test_util.hpp"

#include <filesystem>
#include <fstream>

using namespace qproxy;
using namespace qproxy::sql;
using namespace qproxy::sql::test;

TEST_CASE("statements: CREATE TABLE with full column definitions", "[parser][ddl]") {
    statement s = parse_ok(
        "CREATE TABLE IF NOT EXISTS qcase02.`Object` (`objectId` bigint(20) NOT NULL, `iauId` char(34) default "
        "NULL, ra_PS double NOT NULL, flags int(11) unsigned zerofill DEFAULT 0, name VARCHAR(64) CHARACTER SET "
        "utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'x' COMMENT 'the name', kind ENUM('a', 'b''c') DEFAULT 'a', "
        "amount DECIMAL(10, 2) DEFAULT -1.5, ts TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE "
        "CURRENT_TIMESTAMP(3), id INT AUTO_INCREMENT PRIMARY KEY, d DATE DEFAULT (CURRENT_DATE + INTERVAL 1 DAY), "
        "status TINYINT(1), data BLOB, comment TEXT, value DOUBLE PRECISION, "
        "PRIMARY KEY (`objectId`), UNIQUE KEY u (name(10) DESC), KEY `IDX_x` (ra_PS) USING BTREE, "
        "CONSTRAINT fk FOREIGN KEY (flags) REFERENCES other (id) ON DELETE CASCADE ON UPDATE SET NULL, "
        "CHECK (flags > 0)) ENGINE=MyISAM DEFAULT CHARSET=latin1 COMMENT='objects' AUTO_INCREMENT=5");
    const create_table_stmt& c = as<create_table_stmt>(s);
    CHECK(c.if_not_exists_);
    CHECK(c.table_.db_ == "qcase02");
    CHECK(c.table_.name_ == "Object");
    REQUIRE(c.columns_.size() == 14);
    CHECK(c.columns_[0].type_.name_ == type_name::bigint);
    CHECK(c.columns_[0].type_.length_ == 20u);
    CHECK(c.columns_[0].not_null_ == true);
    CHECK(c.columns_[1].type_.name_ == type_name::char_);
    CHECK(c.columns_[1].default_->kind_ == expr_kind::null_lit);
    CHECK(c.columns_[3].type_.unsigned_);
    CHECK(c.columns_[3].type_.zerofill_);
    CHECK(c.columns_[4].type_.charset_ == "utf8mb4");
    CHECK(c.columns_[4].type_.collation_ == "utf8mb4_bin");
    CHECK(c.columns_[4].comment_ == "the name");
    CHECK(c.columns_[5].type_.values_ == std::vector<std::string>{"a", "b'c"});
    CHECK(c.columns_[6].type_.scale_ == 2u);
    CHECK(c.columns_[7].on_update_);
    CHECK(c.columns_[8].auto_increment_);
    CHECK(c.columns_[8].key_ == key_kind::primary);
    CHECK(c.columns_[11].name_ == "data");
    CHECK(c.columns_[13].type_.name_ == type_name::double_);
    REQUIRE(c.keys_.size() == 5);
    CHECK(c.keys_[1].parts_[0].length_ == 10u);
    CHECK(c.keys_[1].parts_[0].desc_);
    CHECK(c.keys_[2].using_ == "BTREE");
    CHECK(c.keys_[3].references_->on_delete_ == "CASCADE");
    CHECK(c.keys_[3].references_->on_update_ == "SET NULL");
    CHECK(c.keys_[4].kind_ == key_kind::check);
    REQUIRE(c.options_.size() == 4);
    CHECK(c.options_[0].name_ == "ENGINE");
    CHECK(c.options_[0].value_ == "MyISAM");
    CHECK(c.options_[1].name_ == "CHARSET");
    CHECK(c.options_[2].quoted_);
}

TEST_CASE("statements: qproxy's partitioning clauses", "[parser][ddl]") {
    {
        statement s = parse_ok("CREATE TABLE qcase02.Object (objectId BIGINT, ra_PS DOUBLE, decl_PS DOUBLE) "
                               "PARTITION BY SPHERE (ra_PS, decl_PS) KEY (objectId) STRIPES 85 SUBSTRIPES 12 "
                               "OVERLAP 0.01667");
        const partition_spec& p = *as<create_table_stmt>(s).partition_;
        CHECK(p.kind_ == partition_kind::sphere);
        CHECK(p.columns_ == std::vector<std::string>{"ra_PS", "decl_PS"});
        CHECK(p.key_ == "objectId");
        CHECK(p.stripes_ == 85u);
        CHECK(p.substripes_ == 12u);
        CHECK(p.overlap_ == 0.01667);
    }
    {
        statement s = parse_ok("CREATE TABLE qcase02.Source (sourceId BIGINT, objectId BIGINT) "
                               "PARTITION BY DIRECTOR (objectId) REFERENCES qcase02.Object");
        const partition_spec& p = *as<create_table_stmt>(s).partition_;
        CHECK(p.kind_ == partition_kind::director);
        CHECK(p.columns_ == std::vector<std::string>{"objectId"});
        CHECK(p.references_.db_ == "qcase02");
        CHECK(p.references_.name_ == "Object");
    }
    {
        statement s = parse_ok("CREATE TABLE t (id INT) PARTITION BY KEY(id) PARTITIONS 16");
        const partition_spec& p = *as<create_table_stmt>(s).partition_;
        CHECK(p.kind_ == partition_kind::key);
        CHECK(p.partitions_ == 16u);
    }
    CHECK(canonical("create table t (a int) partition by sphere (ra, decl) overlap 1") ==
          "CREATE TABLE t (a INT) PARTITION BY SPHERE (ra, decl) OVERLAP 1.0");
}

TEST_CASE("statements: the corpus schemas parse", "[parser][ddl]") {
    namespace fs = std::filesystem;
    fs::path dir = fs::path(__FILE__).parent_path() / "../../../../shared/corpus/qserv/case02/data/schema";
    if (!fs::exists(dir)) return;
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        std::ifstream in(e.path());
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        statement s = parse_ok(text);
        CHECK(as<create_table_stmt>(s).columns_.size() > 50);
        ++n;
    }
    CHECK(n == 2);
}

TEST_CASE("statements: LOAD DATA", "[parser][ddl]") {
    statement s = parse_ok("LOAD DATA LOCAL INFILE 'Object.csv' REPLACE INTO TABLE qcase02.Object CHARACTER SET "
                           "utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '\\\\' LINES "
                           "STARTING BY 'x' TERMINATED BY '\\n' IGNORE 1 LINES (a, @b, c) SET d = @b * 2");
    const load_data_stmt& l = as<load_data_stmt>(s);
    CHECK(l.local_);
    CHECK(l.file_ == "Object.csv");
    CHECK(l.dup_ == duplicates::replace);
    CHECK(l.table_.name_ == "Object");
    CHECK(l.charset_ == "utf8mb4");
    CHECK(l.fields_terminated_ == ",");
    CHECK(l.fields_optionally_);
    CHECK(l.fields_enclosed_ == "\"");
    CHECK(l.fields_escaped_ == "\\");
    CHECK(l.lines_terminated_ == "\n");
    CHECK(l.ignore_lines_ == 1u);
    REQUIRE(l.columns_.size() == 3);
    CHECK(l.columns_[1].kind_ == expr_kind::user_var);
    CHECK(l.set_.size() == 1);
    CHECK(canonical("LOAD DATA LOCAL INFILE 'Source.csv' INTO TABLE qcase02.Source FIELDS TERMINATED BY ','") ==
          "LOAD DATA LOCAL INFILE 'Source.csv' INTO TABLE qcase02.Source FIELDS TERMINATED BY ','");
}

TEST_CASE("statements: DML parses to typed nodes", "[parser][dml]") {
    statement i = parse_ok("INSERT INTO t (a, b) VALUES (1, DEFAULT), (?, 'x') ON DUPLICATE KEY UPDATE b = 2");
    CHECK(as<insert_stmt>(i).rows_.size() == 2);
    CHECK(as<insert_stmt>(i).rows_[0][1].kind_ == expr_kind::default_value);
    CHECK(placeholder_count(i) == 1);
    parse_ok("INSERT IGNORE t SET a = 1");
    parse_ok("REPLACE INTO t SELECT * FROM u");
    parse_ok("INSERT INTO t () VALUES ()");
    statement u = parse_ok("UPDATE t SET a = a + 1, b = DEFAULT WHERE id = ? ORDER BY id LIMIT 10");
    CHECK(as<update_stmt>(u).set_.size() == 2);
    statement d = parse_ok("DELETE FROM db.t WHERE a < 5 LIMIT 1");
    CHECK(as<delete_stmt>(d).table_.db_ == "db");
}

TEST_CASE("statements: accounts and privileges", "[parser][users]") {
    statement c = parse_ok("CREATE USER IF NOT EXISTS 'alice'@'%' IDENTIFIED WITH caching_sha2_password BY 'pw', "
                           "bob@localhost IDENTIFIED BY 'x' REQUIRE SSL");
    const create_user_stmt& cu = as<create_user_stmt>(c);
    CHECK(cu.if_not_exists_);
    REQUIRE(cu.users_.size() == 2);
    CHECK(cu.users_[0].user_.host_ == "%");
    CHECK(cu.users_[0].plugin_ == "caching_sha2_password");
    CHECK(cu.users_[0].password_ == "pw");
    CHECK(cu.users_[1].user_.user_ == "bob");
    CHECK(cu.users_[1].user_.host_ == "localhost");
    CHECK(cu.require_ == tls_require::ssl);
    statement plain = parse_ok("CREATE USER carol");
    CHECK(as<create_user_stmt>(plain).users_[0].user_.host_ == "%");
    statement hashed = parse_ok("CREATE USER 'u'@'127.0.0.1' IDENTIFIED WITH mysql_native_password AS '*ABC'");
    CHECK(as<create_user_stmt>(hashed).users_[0].hash_ == "*ABC");
    CHECK(as<create_user_stmt>(hashed).users_[0].user_.host_ == "127.0.0.1");
    statement a = parse_ok("ALTER USER 'u'@'localhost' IDENTIFIED BY 'new'");
    CHECK(as<alter_user_stmt>(a).users_[0].password_ == "new");
    parse_ok("ALTER USER USER() IDENTIFIED BY 'mine'");
    parse_ok("DROP USER IF EXISTS 'u'@'%', v");
    statement g = parse_ok("GRANT SELECT, PROCESS ON qcase02.* TO 'u'@'%' WITH GRANT OPTION");
    const grant_stmt& gs = as<grant_stmt>(g);
    CHECK(gs.privileges_.size() == 2);
    CHECK(gs.privileges_[1].name_ == "PROCESS");
    CHECK(gs.object_.db_ == "qcase02");
    CHECK(gs.object_.table_ == "*");
    CHECK(gs.with_grant_option_);
    statement all = parse_ok("GRANT ALL PRIVILEGES ON *.* TO qsmaster@localhost");
    CHECK(as<grant_stmt>(all).privileges_[0].name_ == "ALL");
    CHECK(as<grant_stmt>(all).object_.db_ == "*");
    parse_ok("GRANT CREATE TEMPORARY TABLES, SELECT (a, b) ON db.t TO u");
    statement r = parse_ok("REVOKE ALL PRIVILEGES, GRANT OPTION FROM u");
    CHECK(as<revoke_stmt>(r).all_grant_option_);
    parse_ok("REVOKE SELECT ON *.* FROM 'u'@'%'");
    parse_ok("SET PASSWORD FOR 'u'@'%' = 'x'");
    parse_ok("SET PASSWORD = 'x'");
}

TEST_CASE("statements: session, transactions and Qserv's extensions", "[parser][session]") {
    CHECK(canonical("begin work") == "BEGIN");
    CHECK(canonical("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY") ==
          "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    CHECK(canonical("commit work and no chain release") == "COMMIT AND NO CHAIN RELEASE");
    CHECK(canonical("ROLLBACK WORK TO SAVEPOINT s1") == "ROLLBACK TO SAVEPOINT s1");
    CHECK(canonical("savepoint s1") == "SAVEPOINT s1");
    CHECK(canonical("release savepoint s1") == "RELEASE SAVEPOINT s1");
    CHECK(canonical("lock tables t read local, u as x low_priority write") ==
          "LOCK TABLES t READ LOCAL, u AS x LOW_PRIORITY WRITE");
    CHECK(canonical("submit select count(*) from Object") == "SUBMIT SELECT count(*) FROM Object");
    statement sub = parse_ok("SUBMIT SHOW TABLES");
    CHECK(!as<submit_stmt>(sub).select_);
    CHECK(as<submit_stmt>(sub).query_ == "SHOW TABLES");
    CHECK(canonical("cancel 42") == "CANCEL 42");
    statement call = parse_ok("CALL scisql.scisql_s2CPolyRegion(@poly, 20)");
    CHECK(as<call_stmt>(call).db_ == "scisql");
    CHECK(as<call_stmt>(call).args_.size() == 2);
    CHECK(canonical("use `my db`") == "USE `my db`");
    CHECK(canonical("desc db.t col") == "DESCRIBE db.t 'col'");
    CHECK(canonical("explain select 1") == "EXPLAIN SELECT 1");
    CHECK(canonical("EXPLAIN FORMAT=JSON SELECT 1") == "EXPLAIN FORMAT = JSON SELECT 1");
    CHECK(canonical("flush privileges") == "FLUSH PRIVILEGES");
    CHECK(canonical("flush local tables t1, t2") == "FLUSH LOCAL TABLES t1, t2");
    CHECK(canonical("do sleep(1)") == "DO sleep(1)");
    CHECK(canonical("create database if not exists d default character set utf8mb4") ==
          "CREATE DATABASE IF NOT EXISTS d CHARACTER SET utf8mb4");
    CHECK(canonical("drop database if exists d") == "DROP DATABASE IF EXISTS d");
    CHECK(canonical("drop table if exists a, b.c") == "DROP TABLE IF EXISTS a, b.c");
    CHECK(canonical("show count(*) warnings") == "SHOW COUNT(*) WARNINGS");
    CHECK(canonical("show warnings limit 2, 3") == "SHOW WARNINGS LIMIT 3 OFFSET 2");
    CHECK(canonical("show global status like 'Ssl%'") == "SHOW GLOBAL STATUS LIKE 'Ssl%'");
    CHECK(canonical("show index from t in db") == "SHOW INDEX FROM db.t");
    CHECK(canonical("show keys from db.t where Key_name = 'PRIMARY'") ==
          "SHOW INDEX FROM db.t WHERE Key_name = 'PRIMARY'");
    CHECK(canonical("show table status from db like 'O%'") == "SHOW TABLE STATUS FROM db LIKE 'O%'");
    CHECK(canonical("show create database if not exists d") == "SHOW CREATE DATABASE IF NOT EXISTS d");
    CHECK(canonical("show storage engines") == "SHOW ENGINES");
    CHECK(canonical("show engine innodb status") == "SHOW ENGINE innodb STATUS");
    CHECK(canonical("show procedure status where Db = 'x'") == "SHOW PROCEDURE STATUS WHERE Db = 'x'");
    CHECK(canonical("show master status") == "SHOW MASTER STATUS");
    CHECK(canonical("show binary logs") == "SHOW BINARY LOGS");
    CHECK(canonical("show slave status") == "SHOW REPLICA STATUS");
    CHECK(canonical("show open tables from db") == "SHOW OPEN TABLES FROM db");
    CHECK(canonical("show triggers") == "SHOW TRIGGERS");
    CHECK(canonical("show events") == "SHOW EVENTS");
    CHECK(canonical("show privileges") == "SHOW PRIVILEGES");
    CHECK(canonical("show profiles") == "SHOW PROFILES");
    CHECK(canonical("show schemas") == "SHOW DATABASES");
    CHECK(canonical("SHOW CREATE VIEW v") == "SHOW CREATE VIEW v");
}
