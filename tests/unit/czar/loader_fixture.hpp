// The loader tests' database: sky.Object (sky director), sky.Source (its
// child), sky.Filter (replicated), in a temporary data directory.
#pragma once

#include "czar/loader.hpp"
#include "tests/unit/czar/sky_table.hpp"
#include "tests/unit/storage/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace qproxy;
using namespace qproxy::czar;
using storage::column_info;
using storage::partitioning;
using storage::table_info;
using storage::testing::temp_dir;
using czar::testing::sky_table;

namespace {

column_info declared(std::string name, std::string type, bool nullable = true) {
    column_info c;
    c.name = std::move(name);
    c.column_type = std::move(type);
    c.nullable = nullable;
    return c;
}

struct fixture {
    temp_dir dir;
    std::unique_ptr<storage::catalog> cat = storage::catalog::open(dir.path()).value();
    storage::chunk_store store{*cat, dir.path()};

    fixture() {
        bool existed = false;
        REQUIRE(cat->create_database("sky", false, existed));
        auto object = sky_table("Object", {declared("objectId", "bigint", false), declared("ra", "double", false),
                                           declared("decl", "double", false), declared("mag", "float")});
        object.part.kind = partitioning::kind_t::sky;
        object.part.lon = "ra";
        object.part.lat = "decl";
        object.part.key = "objectId";
        create(object);
        auto source = sky_table("Source", {declared("sourceId", "bigint", false), declared("objectId", "bigint"),
                                           declared("seen", "datetime")});
        source.part.kind = partitioning::kind_t::child;
        source.part.key = "objectId";
        source.part.director_table = "Object";
        create(source);
        create(sky_table("Filter", {declared("filterId", "tinyint", false), declared("filterName", "char(3)")}));
    }
    void create(table_info t) {
        bool existed = false;
        REQUIRE(store.create_table(std::move(t), false, existed));
    }
    std::unique_ptr<loader> open(std::string_view table, std::size_t max_open_chunks = 0) {
        auto l = loader::create(*cat, store, *cat->find_table("sky", table), max_open_chunks);
        REQUIRE(l);
        return std::move(l).value();
    }
    // Rows of `sql` over chunk `id` as text, NULL as "NULL".
    std::vector<std::vector<std::string>> query(std::int32_t id, std::string_view sql) {
        auto db = store.open_chunk("sky", id, std::vector<std::string>{"sky"});
        REQUIRE(db);
        auto stmt = db.value().prepare(sql);
        REQUIRE(stmt);
        std::vector<std::vector<std::string>> out;
        while (stmt.value().step().value()) {
            auto& r = out.emplace_back();
            for (int i = 0; i < stmt.value().column_count(); ++i) {
                r.push_back(stmt.value().is_null(i) ? "NULL" : std::string(stmt.value().column_text(i)));
            }
        }
        return out;
    }
};

std::vector<cell> cells(std::initializer_list<const char*> values) {
    std::vector<cell> out;
    for (const char* v : values) out.push_back(v ? cell(v) : std::nullopt);
    return out;
}

const sky_chunker chunker(85, 12, 0.01667);

// Fails with the error's message.
#define REQUIRE_OK(expr)                                                       \
    do {                                                                       \
        auto r_ = (expr);                                                      \
        INFO((r_ ? std::string() : r_.error().message));                       \
        REQUIRE(r_);                                                           \
    } while (0)

}  // namespace
