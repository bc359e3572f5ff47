#include "storage/result_store.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>

using namespace qproxy;
using namespace qproxy::storage;
using qproxy::storage::testing::temp_dir;

namespace {

result_store open_store(const temp_dir& dir) {
    auto s = result_store::open(dir.path());
    REQUIRE(s);
    return std::move(s).value();
}

std::vector<column_meta> sample_columns() {
    column_meta id = bigint_column("objectId", true);
    id.db = "sky";
    id.table = "o";
    id.org_table = "Object";
    id.org_name = "objectId";
    id.flags |= column_flag::not_null | column_flag::pri_key;
    column_meta ra = double_column("ra");
    ra.decimals = 31;
    column_meta name = text_column("name", 80);
    name.charset = charset::utf8mb4_0900_ai_ci;
    column_meta raw;
    raw.name = "raw";
    raw.type = field_type::blob;
    raw.length = 65535;
    raw.flags = column_flag::blob | column_flag::binary;
    return {id, ra, name, raw};
}

// Writes result `id` with two rows and completes it.
void write_result(const result_store& store, std::int64_t id) {
    auto w = store.create(id, sample_columns());
    REQUIRE(w);
    REQUIRE(w.value().db().exec("INSERT INTO result VALUES (1, 10.5, 'a', x'00ff'), (2, NULL, 'b', NULL)"));
    REQUIRE(w.value().complete());
}

std::string error_text(const sql_error& e) { return fmt::format("{} ({}): {}", e.code, e.sqlstate, e.message); }

std::vector<std::string> files_in(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("a completed result keeps its metadata and rows with their storage classes", "[result_store]") {
    temp_dir dir;
    const auto store = open_store(dir);
    write_result(store, 42);
    CHECK(store.exists(42));
    CHECK(store.path_of(42) == dir.path() / "results" / "result_42.sqlite3");
    // Durable and self-contained: no journal or WAL files next to it.
    CHECK(files_in(dir.path() / "results") == std::vector<std::string>{"result_42.sqlite3"});

    auto r = store.open_result(42);
    REQUIRE(r);
    CHECK(r.value().columns() == sample_columns());
    auto& rows = r.value().rows();
    REQUIRE(rows.step().value());
    CHECK(rows.column_type(0) == SQLITE_INTEGER);
    CHECK(rows.column_int64(0) == 1);
    CHECK(rows.column_type(1) == SQLITE_FLOAT);
    CHECK(rows.column_text(2) == "a");
    CHECK(rows.column_type(3) == SQLITE_BLOB);
    CHECK(rows.column_blob(3) == std::string_view("\0\xff", 2));
    REQUIRE(rows.step().value());
    CHECK(rows.column_int64(0) == 2);
    CHECK(rows.is_null(1));
    CHECK(rows.is_null(3));
    CHECK_FALSE(rows.step().value());

    // Fetching again is fine.
    CHECK(store.open_result(42));
}

TEST_CASE("missing and unfinished results are 1146", "[result_store]") {
    temp_dir dir;
    const auto store = open_store(dir);
    auto missing = store.open_result(7);
    REQUIRE_FALSE(missing);
    CHECK(error_text(missing.error()) == "1146 (42S02): Table 'qservResult.result_7' doesn't exist");

    auto w = store.create(7, sample_columns());
    REQUIRE(w);
    CHECK_FALSE(store.exists(7));
    CHECK(store.open_result(7).error().code == er::no_such_table);
    CHECK(error_text(store.remove(7).error()) == "1146 (42S02): Table 'qservResult.result_7' doesn't exist");
}

TEST_CASE("an abandoned writer deletes its file", "[result_store]") {
    temp_dir dir;
    const auto store = open_store(dir);
    {
        auto w = store.create(5, sample_columns());
        REQUIRE(w);
        REQUIRE(w.value().db().exec("INSERT INTO result VALUES (1, 2, 'x', NULL)"));
        auto bytes = w.value().bytes();
        REQUIRE(bytes);
        CHECK(bytes.value() > 0);
    }
    CHECK(files_in(dir.path() / "results").empty());
    CHECK_FALSE(store.exists(5));
}

TEST_CASE("complete() refuses an open transaction", "[result_store]") {
    temp_dir dir;
    const auto store = open_store(dir);
    auto w = store.create(3, sample_columns());
    REQUIRE(w);
    REQUIRE(w.value().db().exec("BEGIN; INSERT INTO result VALUES (1, 2, 'x', NULL)"));
    CHECK_FALSE(w.value().complete());
    CHECK_FALSE(store.exists(3));
}

TEST_CASE("opening the store deletes what a crash left unfinished", "[result_store]") {
    temp_dir dir;
    {
        const auto store = open_store(dir);
        write_result(store, 1);
    }
    const auto results = dir.path() / "results";
    for (const auto* name : {"result_2.building", "result_2.building-wal", "result_3.building-journal", "notes.txt"}) {
        std::ofstream(results / name) << "partial";
    }
    const auto store = open_store(dir);
    CHECK(files_in(results) == std::vector<std::string>{"notes.txt", "result_1.sqlite3"});
    CHECK(store.open_result(1));
}

TEST_CASE("remove frees the file at once, even while a reader streams it", "[result_store]") {
    temp_dir dir;
    const auto store = open_store(dir);
    write_result(store, 9);
    auto reader = store.open_result(9);
    REQUIRE(reader);

    REQUIRE(store.remove(9));
    CHECK_FALSE(store.exists(9));
    CHECK_FALSE(std::filesystem::exists(store.path_of(9)));
    CHECK(store.open_result(9).error().code == er::no_such_table);
    CHECK(store.remove(9).error().code == er::no_such_table);

    // The open reader still has the rows.
    auto& rows = reader.value().rows();
    REQUIRE(rows.step().value());
    REQUIRE(rows.step().value());
    CHECK_FALSE(rows.step().value());
}

TEST_CASE("results expire retention seconds after completion", "[result_store]") {
    temp_dir dir;
    const auto store = open_store(dir);
    for (std::int64_t id : {10, 11, 12}) write_result(store, id);
    const auto two_hours_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(2);
    std::filesystem::last_write_time(store.path_of(10), two_hours_ago);
    std::filesystem::last_write_time(store.path_of(12), two_hours_ago);
    auto w = store.create(13, sample_columns());  // still being built: not a result yet
    REQUIRE(w);

    auto expired = store.purge_expired(std::chrono::hours(1));
    REQUIRE(expired);
    CHECK(expired.value() == std::vector<std::int64_t>{10, 12});
    CHECK_FALSE(store.exists(10));
    CHECK(store.exists(11));
    CHECK_FALSE(store.exists(12));
    CHECK(store.purge_expired(std::chrono::hours(1)).value().empty());
}

TEST_CASE("a transient result is read where it was written and leaves no file", "[result_store]") {
    temp_dir dir;
    const auto store = open_store(dir);
    auto w = result_store::create_transient(sample_columns());
    REQUIRE(w);
    CHECK(w.value().transient());
    REQUIRE(w.value().db().exec("INSERT INTO result VALUES (1, 10.5, 'a', x'00ff'), (2, NULL, 'b', NULL)"));
    auto r = std::move(w).value().into_reader();
    REQUIRE(r);
    CHECK(r.value().columns() == sample_columns());
    auto& rows = r.value().rows();
    REQUIRE(rows.step().value());
    CHECK(rows.column_int64(0) == 1);
    CHECK(rows.column_blob(3) == std::string_view("\0\xff", 2));
    REQUIRE(rows.step().value());
    CHECK(rows.is_null(1));
    CHECK_FALSE(rows.step().value());
    CHECK(files_in(dir.path() / "results").empty());
}
