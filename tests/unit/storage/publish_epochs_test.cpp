// A query that read chunks while a load of its database was publishing must
// notice it; other databases' loads and finished loads leave it alone.
#include "storage/publish_epochs.hpp"

#include <catch2/catch.hpp>

#include <optional>

using qproxy::storage::publish_epochs;

TEST_CASE("a load publishing during a query makes it inconsistent", "[publish_epochs]") {
    publish_epochs epochs;
    const auto before = epochs.epoch("sky");
    CHECK(publish_epochs::consistent(before, epochs.epoch("sky")));
    {
        const auto other = epochs.publish("other");  // another database: no effect on sky
        CHECK(publish_epochs::consistent(before, epochs.epoch("sky")));
    }
    std::optional<publish_epochs::scope> load(epochs.publish("sky"));
    const auto during = epochs.epoch("sky");
    CHECK_FALSE(publish_epochs::consistent(before, during));  // started after the query noted its epoch
    load.reset();
    CHECK_FALSE(publish_epochs::consistent(before, epochs.epoch("sky")));  // finished meanwhile
    CHECK_FALSE(publish_epochs::consistent(during, epochs.epoch("sky")));  // noted while in progress
    const auto after = epochs.epoch("sky");
    CHECK(publish_epochs::consistent(after, epochs.epoch("sky")));
}

TEST_CASE("concurrent loads of one database count separately", "[publish_epochs]") {
    publish_epochs epochs;
    std::optional<publish_epochs::scope> a(epochs.publish("sky"));
    std::optional<publish_epochs::scope> b(epochs.publish("sky"));
    a.reset();
    const auto one_left = epochs.epoch("sky");
    CHECK_FALSE(publish_epochs::consistent(one_left, one_left));  // b is still publishing
    b.reset();
    const auto none = epochs.epoch("sky");
    CHECK(publish_epochs::consistent(none, none));
}
