#include "storage/column_types.hpp"

#include <catch2/catch.hpp>

using namespace qproxy;
using namespace qproxy::storage;

namespace {

column_info col(std::string type, bool nullable = true, std::string_view collation = {}, std::string key = {}) {
    auto c = make_column("c", std::move(type), nullable, collation, std::move(key));
    REQUIRE(c);
    return std::move(c).value();
}

}  // namespace

TEST_CASE("numeric types get MySQL's lengths and flags", "[column_types]") {
    const auto id = col("bigint unsigned", false, {}, "PRI");
    CHECK(id.data_type == "bigint");
    CHECK(id.meta.type == field_type::longlong);
    CHECK(id.meta.length == 20);
    CHECK(id.meta.charset == charset::binary);
    CHECK(id.meta.flags == (column_flag::not_null | column_flag::pri_key | column_flag::unsigned_ |
                            column_flag::binary | column_flag::num));
    CHECK_FALSE(id.charset);

    CHECK(col("int").meta.length == 11);
    CHECK(col("int unsigned").meta.length == 10);
    CHECK(col("tinyint(1)").meta.length == 1);
    CHECK(col("smallint").meta.type == field_type::short_);
    const auto d = col("decimal(10,2)");
    CHECK(d.meta.type == field_type::newdecimal);
    CHECK(d.meta.length == 12);
    CHECK(d.meta.decimals == 2);
    const auto dbl = col("double");
    CHECK(dbl.meta.length == 22);
    CHECK(dbl.meta.decimals == 31);
    CHECK(col("DOUBLE PRECISION").data_type == "double");
}

TEST_CASE("text types carry their collation", "[column_types]") {
    const auto name = col("varchar(64)", false, "utf8mb3_general_ci");
    CHECK(name.meta.type == field_type::var_string);
    CHECK(name.meta.length == 192);
    CHECK(name.meta.charset == 33);
    CHECK(name.meta.flags == column_flag::not_null);
    CHECK(name.charset == "utf8mb3");
    CHECK(name.collation == "utf8mb3_general_ci");

    const auto bin = col("varchar(64)", true, "utf8mb3_bin");
    CHECK(bin.meta.charset == 83);
    CHECK(bin.meta.flags == column_flag::binary);

    const auto text = col("text");  // utf8mb4 by default: text, not BLOB, for clients
    CHECK(text.meta.type == field_type::blob);
    CHECK(text.meta.charset == 255);
    CHECK(text.meta.length == 262140);
    CHECK(text.meta.flags == column_flag::blob);
    CHECK(col("longtext").meta.length == 4294967295u);

    const auto e = col("enum('','PRI','UNI','MUL')", false, "utf8mb3_bin");
    CHECK(e.meta.type == field_type::string);
    CHECK(e.meta.length == 9);
    CHECK((e.meta.flags & column_flag::enum_));

    const auto blob = col("varbinary(16)");
    CHECK(blob.meta.charset == charset::binary);
    CHECK(blob.meta.length == 16);
    CHECK((blob.meta.flags & column_flag::binary));
    CHECK_FALSE(blob.collation);
}

TEST_CASE("temporal types", "[column_types]") {
    CHECK(col("datetime").meta.length == 19);
    const auto precise = col("datetime(3)");
    CHECK(precise.meta.length == 23);
    CHECK(precise.meta.decimals == 3);
    CHECK(col("timestamp").meta.type == field_type::timestamp);
    CHECK(col("date").meta.length == 10);
}

TEST_CASE("information_schema.COLUMNS numbers", "[column_types]") {
    auto v = describe_column_type("varchar(255)", "utf8mb4_0900_ai_ci").value();
    CHECK(v.character_maximum_length == 255);
    CHECK(v.character_octet_length == 1020);
    CHECK_FALSE(v.numeric_precision);
    auto i = describe_column_type("int unsigned", {}).value();
    CHECK(i.numeric_precision == 10);
    CHECK(i.numeric_scale == 0);
    CHECK(describe_column_type("bigint unsigned", {}).value().numeric_precision == 20);
    auto d = describe_column_type("decimal(12,4)", {}).value();
    CHECK(d.numeric_precision == 12);
    CHECK(d.numeric_scale == 4);
    CHECK(describe_column_type("timestamp(6)", {}).value().datetime_precision == 6);
    auto s = describe_column_type("set('a','bc')", "utf8mb3_general_ci").value();
    CHECK(s.character_maximum_length == 4);
    CHECK(s.character_octet_length == 12);
    CHECK(describe_column_type("enum('it''s')", {}).value().character_maximum_length == 4);
}

TEST_CASE("malformed types are refused", "[column_types]") {
    for (std::string_view bad : {"", "strange", "varchar(", "varchar(-1)", "int unsigned extra", "enum()",
                                 "varchar(99999999999)", "decimal(10,)"}) {
        INFO(bad);
        CHECK_FALSE(describe_column_type(bad, {}));
    }
    CHECK_FALSE(make_column("c", "int", true, "no_such_collation"));
}
