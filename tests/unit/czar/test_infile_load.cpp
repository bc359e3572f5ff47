#include "czar/infile_load.hpp"

#include "parser/parser.hpp"
#include "storage/column_types.hpp"
#include "tests/unit/storage/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace qproxy;
using namespace qproxy::czar;

namespace {

std::string into_t(std::string_view clauses) {
    return fmt::format("LOAD DATA LOCAL INFILE 'f' INTO TABLE d.t {}", clauses);
}

struct fixture {
    storage::testing::temp_dir dir;
    std::unique_ptr<storage::catalog> cat = storage::catalog::open(dir.path()).value();
    storage::chunk_store store{*cat, dir.path()};

    fixture() {
        bool existed = false;
        REQUIRE(cat->create_database("d", false, existed));
        storage::table_info t;
        t.db = "d";
        t.name = "t";
        for (auto [name, type, nullable] : {std::tuple{"id", "int", false}, {"name", "varchar(4)", true},
                                            {"at", "date", true}}) {
            storage::column_info c;
            c.name = name;
            c.column_type = type;
            c.nullable = nullable;
            t.columns.push_back(c);
        }
        REQUIRE(store.create_table(t, false, existed));
    }

    // The LOAD DATA statement `sql` over `input` fed in pieces of `piece` bytes.
    sql_result<load_summary> load(std::string_view sql, std::string_view input, bool strict = false,
                                  std::size_t piece = 3, std::vector<store_warning>* warnings = nullptr) {
        auto stmt = sql::parse(sql);
        REQUIRE(stmt);
        auto l = loader::create(*cat, store, *cat->find_table("d", "t"));
        REQUIRE(l);
        infile_load::options o;
        o.strict = strict;
        BOOST_OUTCOME_TRY(load, infile_load::create(std::get<sql::load_data_stmt>(stmt.value()), std::move(l).value(), o));
        for (std::size_t at = 0; at < input.size(); at += piece) {
            BOOST_OUTCOME_TRY(load->feed(input.substr(at, piece)));
        }
        BOOST_OUTCOME_TRY(summary, load->finish());
        if (warnings) *warnings = load->warnings();
        return summary;
    }

    std::vector<std::string> rows() {
        auto db = store.open_replicated(std::vector<std::string>{"d"}).value();
        auto stmt = db.prepare("SELECT id, ifnull(name, 'NULL'), ifnull(at, 'NULL') FROM rep_0.t").value();
        std::vector<std::string> out;
        while (stmt.step().value()) {
            out.push_back(fmt::format("{}|{}|{}", stmt.column_text(0), stmt.column_text(1), stmt.column_text(2)));
        }
        return out;
    }
};

}  // namespace

TEST_CASE("infile load: MySQL's conditions, in order, with the row numbers") {
    fixture f;
    std::vector<store_warning> w;
    auto s = f.load(into_t("FIELDS TERMINATED BY ','"), "1,ab,2020-01-01\nx,abcdef\n\\N,a,b,c\n", false, 3, &w);
    REQUIRE(s);
    CHECK(s.value().info() == "Records: 3  Deleted: 0  Skipped: 0  Warnings: 6");
    std::vector<std::string> got;
    for (const auto& c : w) got.push_back(fmt::format("{} {}", c.error.code, c.error.message));
    CHECK(got == std::vector<std::string>{
                     "1366 Incorrect integer value: 'x' for column 'id' at row 2",
                     "1265 Data truncated for column 'name' at row 2",
                     "1261 Row 2 doesn't contain data for all columns",
                     "1263 Column set to default value; NULL supplied to NOT NULL column 'id' at row 3",
                     "1292 Incorrect date value: 'b' for column 'at' at row 3",
                     "1262 Row 3 was truncated; it contained more data than there were input columns"});
    CHECK(f.rows() == std::vector<std::string>{"1|ab|2020-01-01", "0|abcd|NULL", "0|a|0000-00-00"});
}

TEST_CASE("infile load: column lists, variables, defaults, character sets") {
    fixture f;
    REQUIRE(f.load(into_t("FIELDS TERMINATED BY ',' (@skip, id)"), "a,1\nb,2\n"));
    CHECK(f.rows() == std::vector<std::string>{"1|NULL|NULL", "2|NULL|NULL"});
    fixture g;
    REQUIRE(g.load(into_t("CHARACTER SET latin1 (id, name)"), "1\tcaf\xe9\n"));
    CHECK(g.rows() == std::vector<std::string>{"1|café|NULL"});
    fixture h;
    std::vector<store_warning> w;
    REQUIRE(h.load(into_t("(name)"), "x\n", false, 3, &w));  // id: NOT NULL without DEFAULT
    REQUIRE(w.size() == 1);
    CHECK(w[0].error.code == 1364);
    CHECK(h.rows() == std::vector<std::string>{"0|x|NULL"});
}

TEST_CASE("infile load: strict mode fails on the first condition and loads nothing") {
    fixture f;
    auto s = f.load(into_t("FIELDS TERMINATED BY ','"), "1,a\n2,b,2020-01-01\nx,c\n", true);
    REQUIRE(s.has_error());
    CHECK(s.error().code == 1261);
    CHECK(f.rows().empty());
    auto t = f.load(into_t("FIELDS TERMINATED BY ','"), "1,a,2020-01-01\n2,b,2020-13-01\n", true);
    REQUIRE(t.has_error());
    CHECK(t.error().message == "Incorrect date value: '2020-13-01' for column 'at' at row 2");
    // IGNORE turns strict mode off.
    REQUIRE(f.load("LOAD DATA LOCAL INFILE 'f' IGNORE INTO TABLE d.t FIELDS TERMINATED BY ','", "1\n", true));
    CHECK(f.rows() == std::vector<std::string>{"1|NULL|NULL"});
}

TEST_CASE("infile load: refusals") {
    fixture f;
    const auto code = [&](std::string_view clauses) {
        auto s = f.load(into_t(clauses), "");
        REQUIRE(s.has_error());
        return s.error().code;
    };
    CHECK(code("(id, nope)") == 1054);
    CHECK(code("(id, id)") == 1110);
    CHECK(code("CHARACTER SET nope") == 1115);
    CHECK(code("CHARACTER SET sjis") == 1235);
    CHECK(code("FIELDS ENCLOSED BY 'ab'") == 1083);
    CHECK(code("FIELDS TERMINATED BY ''") == 1235);
    CHECK(code("(id) SET name = 'x'") == 1235);  // SET needs a session
}
