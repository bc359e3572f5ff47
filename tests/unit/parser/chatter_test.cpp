// What real clients send on their own (../shared/CLIENTS.md), classified into the
// right statement kind, with the details the session needs.
#include "test_util.hpp"

using namespace qproxy;
using namespace qproxy::sql;
using namespace qproxy::sql::test;

TEST_CASE("chatter: every statement parses into its kind and round-trips", "[parser][chatter]") {
    const std::pair<const char*, std::size_t> cases[] = {
        {"/* mysql-connector-java-8.0.33 (Revision: 7d6b0800528b6b25c68b52dc10d6c1c8429c100c) */SELECT "
         "@@session.auto_increment_increment AS auto_increment_increment, @@character_set_client AS "
         "character_set_client, @@character_set_connection AS character_set_connection, @@character_set_results AS "
         "character_set_results, @@character_set_server AS character_set_server, @@collation_server AS "
         "collation_server, @@collation_connection AS collation_connection, @@init_connect AS init_connect, "
         "@@interactive_timeout AS interactive_timeout, @@license AS license, @@lower_case_table_names AS "
         "lower_case_table_names, @@max_allowed_packet AS max_allowed_packet, @@net_write_timeout AS "
         "net_write_timeout, @@performance_schema AS performance_schema, @@sql_mode AS sql_mode, @@system_time_zone "
         "AS system_time_zone, @@time_zone AS time_zone, @@transaction_isolation AS transaction_isolation, "
         "@@wait_timeout AS wait_timeout",
         statement(select_stmt{}).index()},
        {"SHOW VARIABLES WHERE Variable_name in ('max_allowed_packet','system_time_zone','time_zone',"
         "'auto_increment_increment')",
         statement(show_stmt{}).index()},
        {"SELECT @@max_allowed_packet,@@system_time_zone,@@time_zone,@@auto_increment_increment",
         statement(select_stmt{}).index()},
        {"set autocommit=1", statement(set_stmt{}).index()},
        {"SET NAMES utf8mb4 COLLATE utf8mb4_general_ci", statement(set_stmt{}).index()},
        {"SET NAMES utf8", statement(set_stmt{}).index()},
        {"SET character_set_results = NULL", statement(set_stmt{}).index()},
        {"set @@sql_select_limit=DEFAULT", statement(set_stmt{}).index()},
        {"SET SQL_AUTO_IS_NULL = 0", statement(set_stmt{}).index()},
        {"SET AUTOCOMMIT = 0", statement(set_stmt{}).index()},
        {"SET net_write_timeout=600", statement(set_stmt{}).index()},
        {"SET SQL_SELECT_LIMIT=501", statement(set_stmt{}).index()},
        {"SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", statement(set_stmt{}).index()},
        {"/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */", statement(set_stmt{}).index()},
        {"/*!40101 SET NAMES utf8mb4 */;", statement(set_stmt{}).index()},
        {"/*!40103 SET TIME_ZONE='+00:00' */", statement(set_stmt{}).index()},
        {"/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */", statement(set_stmt{}).index()},
        {"/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */", statement(set_stmt{}).index()},
        {"SHOW VARIABLES LIKE 'gtid\\_mode'", statement(show_stmt{}).index()},
        {"SHOW VARIABLES LIKE 'sql_mode'", statement(show_stmt{}).index()},
        {"SHOW VARIABLES LIKE 'lower_case_table_names'", statement(show_stmt{}).index()},
        {"SHOW FULL TABLES FROM db LIKE '%'", statement(show_stmt{}).index()},
        {"SHOW FULL COLUMNS FROM t FROM db LIKE '%'", statement(show_stmt{}).index()},
        {"SHOW FULL TABLES", statement(show_stmt{}).index()},
        {"SHOW CREATE TABLE `qcase02`.`Object`", statement(show_stmt{}).index()},
        {"show databases", statement(show_stmt{}).index()},
        {"show tables", statement(show_stmt{}).index()},
        {"SHOW ENGINES", statement(show_stmt{}).index()},
        {"SHOW PLUGINS", statement(show_stmt{}).index()},
        {"SHOW COLLATION", statement(show_stmt{}).index()},
        {"SHOW CHARSET", statement(show_stmt{}).index()},
        {"SHOW CHARACTER SET", statement(show_stmt{}).index()},
        {"SHOW WARNINGS", statement(show_stmt{}).index()},
        {"SHOW SESSION STATUS LIKE 'Ssl_%'", statement(show_stmt{}).index()},
        {"SHOW GRANTS FOR CURRENT_USER()", statement(show_stmt{}).index()},
        {"SHOW FULL PROCESSLIST", statement(show_stmt{}).index()},
        {"SELECT $$", statement(select_stmt{}).index()},
        {"select @@version_comment limit 1", statement(select_stmt{}).index()},
        {"select DATABASE(), USER() limit 1", statement(select_stmt{}).index()},
        {"SELECT DATABASE(), USER() limit 1", statement(select_stmt{}).index()},
        {"select @@character_set_client, @@character_set_connection, @@character_set_server, "
         "@@character_set_database limit 1",
         statement(select_stmt{}).index()},
        {"SELECT @@tx_isolation", statement(select_stmt{}).index()},
        {"SELECT @@transaction_isolation", statement(select_stmt{}).index()},
        {"select @@collation_database", statement(select_stmt{}).index()},
        {"SELECT DATABASE()", statement(select_stmt{}).index()},
        {"SELECT CURRENT_USER(), SCHEMA(), VERSION(), CONNECTION_ID(), NOW(), LAST_INSERT_ID()",
         statement(select_stmt{}).index()},
        {"/* ApplicationName=DBeaver 23.1.0 - Main */ SELECT * FROM information_schema.SCHEMATA",
         statement(select_stmt{}).index()},
        {"SELECT TABLE_SCHEMA, COUNT(*) FROM information_schema.TABLES GROUP BY TABLE_SCHEMA",
         statement(select_stmt{}).index()},
        {"KILL QUERY 42", statement(kill_stmt{}).index()},
        {"KILL 42", statement(kill_stmt{}).index()},
        {"LOCK TABLES `Object` READ /*!32311 LOCAL */", statement(lock_tables_stmt{}).index()},
        {"UNLOCK TABLES", statement(unlock_tables_stmt{}).index()},
        {"BEGIN", statement(transaction_stmt{}).index()},
        {"START TRANSACTION", statement(transaction_stmt{}).index()},
        {"COMMIT", statement(transaction_stmt{}).index()},
        {"ROLLBACK", statement(transaction_stmt{}).index()},
        {"USE qcase02", statement(use_stmt{}).index()},
        {"DESCRIBE Object", statement(describe_stmt{}).index()},
        {"SUBMIT SELECT COUNT(*) FROM Object", statement(submit_stmt{}).index()},
        {"CANCEL 313689", statement(cancel_stmt{}).index()},
        {"CALL qserv_result_delete(313689)", statement(call_stmt{}).index()},
        {"SELECT * FROM qserv_result(313689)", statement(select_stmt{}).index()},
        {"SELECT * FROM information_schema.processlist WHERE id=313689", statement(select_stmt{}).index()},
        {"# just a comment", statement(empty_stmt{}).index()},
        {"", statement(empty_stmt{}).index()},
        {"  ;", statement(empty_stmt{}).index()},
    };
    for (auto& [sql, kind] : cases) {
        INFO(sql);
        CHECK(parse_ok(sql).index() == kind);
    }
}

TEST_CASE("chatter: details the session answers from", "[parser][chatter]") {
    {
        statement s = parse_ok("/* mysql-connector-java-8.0.33 */SELECT @@session.auto_increment_increment AS "
                               "auto_increment_increment, @@character_set_client AS character_set_client");
        const select_stmt& sel = as<select_stmt>(s);
        REQUIRE(sel.items_.size() == 2);
        CHECK(sel.items_[0].expr_.kind_ == expr_kind::sys_var);
        CHECK(sel.items_[0].expr_.scope_ == var_scope::session);
        CHECK(sel.items_[0].expr_.name_ == "auto_increment_increment");
        CHECK(sel.items_[0].name_ == "auto_increment_increment");
    }
    {
        statement s = parse_ok("select @@version_comment limit 1");
        const select_stmt& sel = as<select_stmt>(s);
        CHECK(sel.items_[0].name_ == "@@version_comment");
        REQUIRE(sel.limit_);
        CHECK(sel.limit_->count_.text_ == "1");
    }
    {
        statement s = parse_ok("SELECT $$");
        const select_stmt& sel = as<select_stmt>(s);
        CHECK(sel.items_[0].expr_.kind_ == expr_kind::column);
        CHECK(sel.items_[0].expr_.name_ == "$$");
        CHECK(sel.items_[0].name_ == "$$");
    }
    {
        statement s = parse_ok("SELECT  a  +  1 , 'x' 'y', -1.50, @@GLOBAL.max_connections, COUNT(*) n FROM t");
        const select_stmt& sel = as<select_stmt>(s);
        CHECK(sel.items_[0].name_ == "a  +  1");
        CHECK(sel.items_[1].name_ == "x");
        CHECK(sel.items_[1].expr_.text_ == "xy");
        CHECK(sel.items_[2].name_ == "-1.50");
        CHECK(sel.items_[3].name_ == "@@GLOBAL.max_connections");
        CHECK(sel.items_[4].name_ == "n");
        CHECK(sel.items_[0].expr_.span_.offset_ == 8);
        CHECK(sel.items_[0].expr_.span_.length_ == 7);
    }
    {
        statement s = parse_ok("SHOW VARIABLES LIKE 'gtid\\_mode'");
        const show_stmt& sh = as<show_stmt>(s);
        CHECK(sh.kind_ == show_kind::variables);
        CHECK(sh.like_ == "gtid\\_mode");
        CHECK(to_mysql(s) == "SHOW VARIABLES LIKE 'gtid\\_mode'");
    }
    {
        statement s = parse_ok("SHOW VARIABLES WHERE Variable_name in ('max_allowed_packet','time_zone')");
        const show_stmt& sh = as<show_stmt>(s);
        REQUIRE(sh.where_);
        CHECK(sh.where_->kind_ == expr_kind::in_list);
    }
    {
        statement s = parse_ok("SHOW FULL COLUMNS FROM t FROM db LIKE '%'");
        const show_stmt& sh = as<show_stmt>(s);
        CHECK(sh.kind_ == show_kind::columns);
        CHECK(sh.full_);
        CHECK(sh.db_ == "db");
        CHECK(sh.table_ == "t");
        CHECK(sh.like_ == "%");
    }
    {
        statement s = parse_ok("SET NAMES utf8mb4 COLLATE utf8mb4_general_ci");
        const set_assignment& a = as<set_stmt>(s).assignments_.at(0);
        CHECK(a.kind_ == set_target::names);
        CHECK(a.name_ == "utf8mb4");
        CHECK(a.collation_ == "utf8mb4_general_ci");
    }
    {
        statement s = parse_ok("set @@sql_select_limit=DEFAULT");
        const set_assignment& a = as<set_stmt>(s).assignments_.at(0);
        CHECK(a.kind_ == set_target::sys_var);
        CHECK(a.name_ == "sql_select_limit");
        REQUIRE(a.value_);
        CHECK(a.value_->kind_ == expr_kind::default_value);
    }
    {
        statement s = parse_ok("SET character_set_results = NULL, @@session.autocommit = ON, GLOBAL x := 2");
        const auto& as_ = as<set_stmt>(s).assignments_;
        REQUIRE(as_.size() == 3);
        CHECK(as_[0].value_->kind_ == expr_kind::null_lit);
        CHECK(as_[1].scope_ == var_scope::session);
        CHECK(as_[1].value_->text_ == "ON");
        CHECK(as_[2].scope_ == var_scope::global);
        CHECK(as_[2].name_ == "x");
    }
    {
        statement s = parse_ok("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
        const set_assignment& a = as<set_stmt>(s).assignments_.at(0);
        CHECK(a.kind_ == set_target::transaction);
        CHECK(a.scope_ == var_scope::session);
        CHECK(a.isolation_ == isolation_level::read_committed);
    }
    {
        statement s = parse_ok("KILL QUERY 42");
        CHECK(as<kill_stmt>(s).kind_ == kill_kind::query);
        CHECK(as<kill_stmt>(s).id_.text_ == "42");
    }
    {
        statement s = parse_ok("SHOW GRANTS FOR 'bob'@'localhost'");
        const show_stmt& sh = as<show_stmt>(s);
        REQUIRE(sh.user_);
        CHECK(sh.user_->user_ == "bob");
        CHECK(sh.user_->host_ == "localhost");
    }
}
