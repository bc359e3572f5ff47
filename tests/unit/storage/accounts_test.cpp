#include "storage/accounts.hpp"
#include "storage/host_match.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace qproxy;
using namespace qproxy::storage;
using qproxy::storage::testing::temp_dir;

namespace {

std::unique_ptr<account_store> open_store(const temp_dir& dir) {
    auto store = account_store::open(dir.path());
    REQUIRE(store);
    return std::move(store).value();
}

account make(std::string user, std::string host, std::string hash = "") {
    return account{std::move(user), std::move(host), "mysql_native_password", std::move(hash), false};
}

void create(account_store& store, const account& a) {
    bool existed = true;
    REQUIRE(store.create_user(a, false, existed));
    CHECK_FALSE(existed);
}

std::string matched_host(const account_store& store, std::string_view user, std::string_view client) {
    const auto a = store.find(user, client);
    return a ? a->user + "@" + a->host : "none";
}

}  // namespace

TEST_CASE("host patterns rank exact over alias over wildcard", "[accounts]") {
    CHECK(match_host("example.org", "EXAMPLE.org") == host_rank{3, 0});
    CHECK(match_host("localhost", "127.0.0.1") == host_rank{2, 0});
    CHECK(match_host("localhost", "::1") == host_rank{2, 0});
    CHECK(match_host("localhost", "::ffff:127.0.0.1") == host_rank{2, 0});
    CHECK(match_host("127.0.0.1", "::ffff:127.0.0.1") == host_rank{3, 0});
    CHECK(match_host("127.0.0.1", "localhost") == host_rank{2, 0});
    CHECK_FALSE(match_host("localhost", "10.0.0.1"));
    CHECK(match_host("%", "10.0.0.1") == host_rank{1, 0});
    CHECK(match_host("10.0.%", "10.0.0.1") == host_rank{1, 5});
    CHECK(match_host("10.0.0._", "10.0.0.1") == host_rank{1, 7});
    CHECK_FALSE(match_host("10.0.0._", "10.0.0.12"));
    CHECK(match_host("%.example.org", "db.EXAMPLE.org"));
    CHECK_FALSE(match_host("%.example.org", "example.org"));
}

TEST_CASE("qsmaster is created on first start only", "[accounts]") {
    temp_dir dir;
    {
        auto store = open_store(dir);
        const auto qsmaster = store->get("qsmaster", "localhost");
        REQUIRE(qsmaster);
        CHECK(qsmaster->plugin == "mysql_native_password");
        CHECK(qsmaster->auth_string.empty());
        CHECK(store->global_privileges("qsmaster", "localhost") == (all_privileges | bit(privilege::grant_option)));
        CHECK(store->show_grants("qsmaster", "localhost") ==
              std::vector<std::string>{"GRANT ALL PRIVILEGES ON *.* TO `qsmaster`@`localhost` WITH GRANT OPTION"});
        CHECK(matched_host(*store, "qsmaster", "127.0.0.1") == "qsmaster@localhost");
        CHECK(matched_host(*store, "qsmaster", "10.1.2.3") == "none");
        REQUIRE(store->drop_user("qsmaster", "localhost", false));
    }
    auto reopened = open_store(dir);
    CHECK_FALSE(reopened->get("qsmaster", "localhost"));
    CHECK(reopened->accounts().empty());
}

TEST_CASE("account matching follows MySQL's precedence", "[accounts]") {
    temp_dir dir;
    auto store = open_store(dir);
    create(*store, make("bob", "%", "*any"));
    create(*store, make("bob", "10.0.%", "*net"));
    create(*store, make("bob", "10.0.0.7", "*exact"));
    create(*store, make("bob", "localhost", "*local"));
    create(*store, make("bob", "127.0.0.1", "*ip"));
    create(*store, make("", "db.example.org"));

    CHECK(store->find("bob", "10.0.0.7")->auth_string == "*exact");
    CHECK(store->find("bob", "10.0.0.8")->auth_string == "*net");
    CHECK(store->find("bob", "192.168.1.1")->auth_string == "*any");
    CHECK(store->find("bob", "127.0.0.1")->auth_string == "*ip");  // literal beats the localhost alias
    CHECK(store->find("bob", "::1")->auth_string == "*local");
    CHECK(store->find("bob", "localhost")->auth_string == "*local");
    // As in MySQL, a more specific host wins even when its user is anonymous.
    CHECK(matched_host(*store, "bob", "db.example.org") == "@db.example.org");
    CHECK(matched_host(*store, "alice", "db.example.org") == "@db.example.org");
    CHECK(matched_host(*store, "alice", "10.0.0.7") == "none");
    CHECK(matched_host(*store, "Bob", "10.0.0.7") == "none");  // user names are case-sensitive
}

TEST_CASE("create, alter and drop user with MySQL's errors", "[accounts]") {
    temp_dir dir;
    auto store = open_store(dir);
    create(*store, make("bob", "%", "*hash1"));

    bool existed = false;
    auto again = store->create_user(make("bob", "%"), false, existed);
    REQUIRE_FALSE(again);
    CHECK(again.error() == sql_error{1396, "HY000", "Operation CREATE USER failed for 'bob'@'%'"});
    REQUIRE(store->create_user(make("bob", "%"), true, existed));
    CHECK(existed);
    CHECK(store->get("bob", "%")->auth_string == "*hash1");

    auto too_long = store->create_user(make(std::string(33, 'u'), "%"), false, existed);
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().code == 1470);

    auto altered = make("bob", "%", "*hash2");
    altered.plugin = "caching_sha2_password";
    altered.require_ssl = true;
    REQUIRE(store->alter_user(altered, false));
    auto missing = store->alter_user(make("eve", "%"), false);
    REQUIRE_FALSE(missing);
    CHECK(missing.error() == sql_error{1396, "HY000", "Operation ALTER USER failed for 'eve'@'%'"});
    CHECK(store->alter_user(make("eve", "%"), true));

    // Hosts are case-insensitive, users are not.
    CHECK(store->get("bob", "%"));
    create(*store, make("carol", "Example.ORG"));
    CHECK(store->get("carol", "example.org")->host == "example.org");
    CHECK_FALSE(store->get("Carol", "example.org"));

    auto dropped_twice = store->drop_user("dave", "%", false);
    REQUIRE_FALSE(dropped_twice);
    CHECK(dropped_twice.error() == sql_error{1396, "HY000", "Operation DROP USER failed for 'dave'@'%'"});
    CHECK(store->drop_user("dave", "%", true));

    // Everything was written through.
    auto reopened = account_store::open(dir.path());
    REQUIRE(reopened);
    const auto bob = reopened.value()->get("bob", "%");
    REQUIRE(bob);
    CHECK(bob->plugin == "caching_sha2_password");
    CHECK(bob->auth_string == "*hash2");
    CHECK(bob->require_ssl);
}

TEST_CASE("grant and revoke at every level", "[accounts]") {
    temp_dir dir;
    auto store = open_store(dir);
    create(*store, make("bob", "%"));
    const grant_level global{"*", "*"}, db{"sky", "*"}, table{"sky", "Object"};
    const auto select = bit(privilege::select);
    const auto process = bit(privilege::process);

    CHECK(store->show_grants("bob", "%") == std::vector<std::string>{"GRANT USAGE ON *.* TO `bob`@`%`"});
    REQUIRE(store->grant("bob", "%", db, select, false));
    REQUIRE(store->grant("bob", "%", global, process, false));
    REQUIRE(store->grant("bob", "%", table, bit(privilege::insert) | select, true));
    REQUIRE(store->grant("bob", "%", db, all_privileges, false));
    CHECK(store->show_grants("bob", "%") == std::vector<std::string>{
              "GRANT PROCESS ON *.* TO `bob`@`%`",
              "GRANT ALL PRIVILEGES ON `sky`.* TO `bob`@`%`",
              "GRANT SELECT, INSERT ON `sky`.`Object` TO `bob`@`%` WITH GRANT OPTION",
          });
    CHECK(store->global_privileges("bob", "%") == process);
    CHECK(store->db_privileges("bob", "%", "sky") == (process | db_level_privileges));
    CHECK(store->db_privileges("bob", "%", "other") == process);
    CHECK((store->table_privileges("bob", "%", "sky", "Object") & bit(privilege::grant_option)));

    auto unknown = store->grant("eve", "%", db, select, false);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error() == sql_error{1133, "42000", "Can't find any matching row in the user table"});
    auto wrong_level = store->grant("bob", "%", db, process, false);
    REQUIRE_FALSE(wrong_level);
    CHECK(wrong_level.error() == sql_error{1221, "HY000", "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES"});
    auto wrong_table = store->grant("bob", "%", table, bit(privilege::execute), false);
    REQUIRE_FALSE(wrong_table);
    CHECK(wrong_table.error().code == 1144);

    REQUIRE(store->revoke("bob", "%", db, all_privileges, false));
    REQUIRE(store->revoke("bob", "%", table, select, true));
    REQUIRE(store->revoke("bob", "%", global, select, false));  // not held: MySQL does not complain
    CHECK(store->show_grants("bob", "%") == std::vector<std::string>{
              "GRANT PROCESS ON *.* TO `bob`@`%`",
              "GRANT INSERT ON `sky`.`Object` TO `bob`@`%`",
          });
    auto none = store->revoke("bob", "%", db, select, false);
    REQUIRE_FALSE(none);
    CHECK(none.error() == sql_error{1141, "42000", "There is no such grant defined for user 'bob' on host '%'"});
    auto none_table = store->revoke("bob", "%", grant_level{"sky", "Source"}, select, false);
    REQUIRE_FALSE(none_table);
    CHECK(none_table.error().code == 1147);
    auto no_user = store->revoke("eve", "%", global, select, false);
    REQUIRE_FALSE(no_user);
    CHECK(no_user.error() == sql_error{1141, "42000", "There is no such grant defined for user 'eve' on host '%'"});

    auto reopened = account_store::open(dir.path());
    REQUIRE(reopened);
    CHECK(reopened.value()->show_grants("bob", "%") == store->show_grants("bob", "%"));
}

TEST_CASE("grant option, usage and database visibility", "[accounts]") {
    temp_dir dir;
    auto store = open_store(dir);
    create(*store, make("bob", "%"));
    create(*store, make("ann", "%"));
    REQUIRE(store->grant("bob", "%", grant_level{"sky", "*"}, 0, true));
    REQUIRE(store->grant("bob", "%", grant_level{"*", "*"}, 0, false));  // USAGE
    CHECK(store->show_grants("bob", "%") == std::vector<std::string>{
              "GRANT USAGE ON *.* TO `bob`@`%`",
              "GRANT USAGE ON `sky`.* TO `bob`@`%` WITH GRANT OPTION",
          });
    REQUIRE(store->grant("ann", "%", grant_level{"gaia", "Source"}, bit(privilege::select), false));
    CHECK(store->can_see_db("ann", "%", "gaia"));
    CHECK_FALSE(store->can_see_db("ann", "%", "sky"));
    CHECK(store->can_see_db("ann", "%", "INFORMATION_SCHEMA"));
    CHECK(store->can_see_db("qsmaster", "localhost", "anything"));
    REQUIRE(store->grant("ann", "%", grant_level{"*", "*"}, bit(privilege::process), false));
    CHECK_FALSE(store->can_see_db("ann", "%", "sky"));  // PROCESS is not a database privilege
    REQUIRE(store->grant("ann", "%", grant_level{"*", "*"}, bit(privilege::show_databases), false));
    CHECK(store->can_see_db("ann", "%", "sky"));

    REQUIRE(store->drop_user("ann", "%", false));
    bool existed = true;
    REQUIRE(store->create_user(make("ann", "%"), false, existed));
    CHECK(store->show_grants("ann", "%") == std::vector<std::string>{"GRANT USAGE ON *.* TO `ann`@`%`"});
    CHECK(store->show_grants("nobody", "%").empty());
}

TEST_CASE("privilege names", "[accounts]") {
    CHECK(privilege_from_name("SELECT") == privilege::select);
    CHECK(privilege_from_name("show databases") == privilege::show_databases);
    CHECK(privilege_from_name("CREATE USER") == privilege::create_user);
    CHECK(privilege_from_name("CREATE TEMPORARY TABLES") == privilege::create_tmp_table);
    CHECK(privilege_from_name("REPLICATION REPLICA") == privilege::repl_slave);
    CHECK_FALSE(privilege_from_name("ALL"));
    CHECK_FALSE(privilege_from_name("USAGE"));
    CHECK(privilege_name(privilege::delete_) == "DELETE");
    CHECK(privilege_list(bit(privilege::trigger) | bit(privilege::select) | bit(privilege::grant_option)) ==
          "SELECT, TRIGGER");
}
