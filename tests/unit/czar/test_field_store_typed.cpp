#include "czar/field_store.hpp"

#include "storage/column_types.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cstring>

using namespace qproxy;
using namespace qproxy::czar;

namespace {

field_store column(const std::string& type) {
    auto c = storage::make_column("c", type, true, {});
    REQUIRE(c);
    auto f = field_store::for_column(c.value());
    REQUIRE(f);
    return std::move(f).value();
}

// The typed cell's kind, value (reals by their bits: -0 is not 0) and warning.
std::string shown(const typed_cell& v, const std::optional<store_warning>& w) {
    std::string out;
    switch (v.k) {
    case typed_cell::kind::null: out = "null"; break;
    case typed_cell::kind::integer: out = fmt::format("integer {}", v.integer); break;
    case typed_cell::kind::real: {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v.real, sizeof bits);
        out = fmt::format("real {} ({:x})", v.real, bits);
        break;
    }
    case typed_cell::kind::text: out = "text " + v.text; break;
    case typed_cell::kind::blob: out = "blob " + v.text; break;
    }
    if (w) out += fmt::format(" {}{} {}", w->note ? "?" : "!", w->error.code, w->error.message);
    return out;
}

}  // namespace

TEST_CASE("field store: a typed value is the text's, read as bind_value reads it, with the same warning") {
    const std::vector<std::string> types = {"int", "bigint", "bigint unsigned", "tinyint unsigned", "double",
                                            "float", "double unsigned", "float(7,3)", "decimal(5,2)", "varchar(3)",
                                            "year", "datetime"};
    const std::vector<std::string> inputs = {
        "42", "-7", "  -7  ", "+007", "007", "-0", "1.5", "-2.5", "1e3", "12abc", "  12abc", "abc", "", " ",
        "2147483648", "-2147483649", "255", "256", "-1", "9223372036854775807", "-9223372036854775808",
        "123456789012345678", "-123456789012345678", "1234567890123456789", "18446744073709551615",
        "99999999999999999999", "1e400", "-1e400", "1e-400", "1.", ".5", "-.5", "1e", "1e+", "3.25e-7",
        "-3.25E+7", "1.7976931348623157e308", "3.5e38", "3.4028234e38", "nan", "inf", "0x10", "1.5 ", "12:30"};
    for (const auto& type : types) {
        const auto f = column(type);
        for (const auto& text : inputs) {
            INFO(type << " '" << text << "'");
            std::optional<store_warning> typed_warning, text_warning;
            typed_cell typed, expected;
            f.store(text, 3, typed_warning, typed);
            expected.assign_text(f.store(text, 3, text_warning), f.column().meta);
            CHECK(shown(typed, typed_warning) == shown(expected, text_warning));
        }
    }
}

TEST_CASE("field store: plain numbers skip the text") {
    std::optional<store_warning> w;
    typed_cell v;
    column("double").store("-3.25e-7", 1, w, v);
    CHECK(v.k == typed_cell::kind::real);
    CHECK(v.real == -3.25e-7);
    column("bigint").store("-42", 1, w, v);
    CHECK(v.k == typed_cell::kind::integer);
    CHECK(v.integer == -42);
    // A FLOAT keeps the double of its text; it is narrowed when stored (bound).
    column("float").store("0.1", 1, w, v);
    CHECK(v.real == 0.1);
    const auto f = column("float");
    CHECK(stored_real(v.real, f.column().meta) == static_cast<double>(0.1f));
    CHECK_FALSE(w);
}
