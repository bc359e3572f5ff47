// LOAD DATA LOCAL INFILE through the command-phase state machine: the LOCAL
// INFILE request, file packets split anywhere, the closing OK / ERR with its
// sequence id, errors that wait for the end of the file, the batch going on.
#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/response.hpp"
#include "proxy/session/session.hpp"
#include "proxy/session/variables.hpp"
#include "session_fixture.hpp"
#include "storage/chunk_store.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace qproxy;
using namespace std::string_view_literals;
using next_step = session::io_action::next_step;
namespace cap = protocol::capability;

namespace {

constexpr std::uint32_t caps = cap::protocol_41 | cap::deprecate_eof | cap::multi_statements | cap::multi_results |
                               cap::local_files;

struct server_fixture : testing::store_fixture {
    session::global_variables globals{{}};
    session::connection_registry connections;
    session::server_stats stats;
    storage::chunk_store chunks{*catalog, dir};
    session::server_context context{*accounts, *catalog, globals, cache, *rsa, connections, stats, 1 << 24,
                                    nullptr, &chunks};

    session::session make(std::uint32_t capabilities = caps, bool progress_reports = false) {
        session::session_state st(globals);
        st.progress_reports = progress_reports;
        st.connection_id = 7;
        st.user = "qsmaster";
        st.account_host = "localhost";
        st.client_host = "127.0.0.1";
        st.capabilities = capabilities;
        return session::session(context, std::move(st));
    }
};

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

std::vector<std::uint8_t> query(std::string_view sql) {
    auto p = bytes(sql);
    p.insert(p.begin(), static_cast<std::uint8_t>(protocol::command::query));
    return p;
}

// Runs statements that answer with one OK.
void run(session::session& s, std::string_view sql) {
    auto pk = testing::packets_of(s.handle(query(sql), 0).bytes);
    REQUIRE(pk.size() == 1);
    REQUIRE(pk[0].payload[0] == 0x00);
}

protocol::ok_packet ok_of(const testing::packet& p) {
    protocol::ok_packet ok;
    REQUIRE(p.payload[0] == 0x00);
    REQUIRE_FALSE(protocol::deserialize(p.payload, ok));
    return ok;
}

protocol::err_packet err_of(const testing::packet& p) {
    protocol::err_packet err;
    REQUIRE_FALSE(protocol::deserialize(p.payload, err));
    return err;
}

const std::string load_sql = "LOAD DATA LOCAL INFILE 'rows.csv' INTO TABLE d.t FIELDS TERMINATED BY ','";

}  // namespace

TEST_CASE("session: LOAD DATA LOCAL INFILE with the file split at every byte", "[session][infile]") {
    server_fixture f;
    auto s = f.make();
    run(s, "CREATE DATABASE d");
    run(s, "CREATE TABLE d.t (id int, name varchar(8))");
    const std::string file = "1,one\n2,two\n3,\"x\"\n";
    for (std::size_t cut = 1; cut < file.size(); ++cut) {
        auto request = testing::packets_of(s.handle(query(load_sql), 0).bytes);
        REQUIRE(request.size() == 1);
        CHECK(request[0].seq == 1);
        CHECK(request[0].payload == bytes("\xfbrows.csv"));
        // File packets get no answer; the empty packet gets the statement's OK.
        auto a = s.handle(bytes(file.substr(0, cut)), 2);
        CHECK(a.bytes.empty());
        CHECK(a.next == next_step::read);
        CHECK(s.handle(bytes(file.substr(cut)), 3).bytes.empty());
        auto done = testing::packets_of(s.handle({}, 4).bytes);
        REQUIRE(done.size() == 1);
        CHECK(done[0].seq == 5);
        const auto ok = ok_of(done[0]);
        CHECK(ok.affected_rows == 3);
        CHECK(ok.info == "Records: 3  Deleted: 0  Skipped: 0  Warnings: 0");
    }
    auto db = f.chunks.open_replicated(std::vector<std::string>{"d"}).value();
    auto count = db.prepare("SELECT COUNT(*) FROM rep_0.t").value();
    REQUIRE(count.step().value());
    CHECK(count.column_int64(0) == static_cast<std::int64_t>(3 * (file.size() - 1)));
}

TEST_CASE("session: a LOCAL INFILE error waits for the end of the file, and nothing stays", "[session][infile]") {
    server_fixture f;
    auto s = f.make();
    run(s, "CREATE DATABASE d");
    run(s, "CREATE TABLE d.t (id bigint NOT NULL, ra double, decl double) PARTITION BY SPHERE (ra, decl) KEY (id)");
    (void)s.handle(query(load_sql), 0);
    CHECK(s.handle(bytes("1,10,10\n2,\\N,1\n"), 2).bytes.empty());  // row 2 cannot be placed
    CHECK(s.handle(bytes("3,10,10\n"), 3).bytes.empty());            // read and dropped
    auto done = testing::packets_of(s.handle({}, 4).bytes);
    REQUIRE(done.size() == 1);
    CHECK(done[0].seq == 5);
    CHECK(err_of(done[0]).code == 1048);
    // The database is free and the table empty: a new load of the good rows works.
    (void)s.handle(query(load_sql), 0);
    CHECK(s.handle(bytes("1,10,10\n"), 2).bytes.empty());
    CHECK(ok_of(testing::packets_of(s.handle({}, 3).bytes)[0]).affected_rows == 1);
}

TEST_CASE("session: a wrong sequence id during the file closes the connection", "[session][infile]") {
    server_fixture f;
    auto s = f.make();
    run(s, "CREATE DATABASE d");
    run(s, "CREATE TABLE d.t (id int, name varchar(8))");
    (void)s.handle(query(load_sql), 0);
    CHECK(s.handle(bytes("1,a\n"), 5).next == next_step::close);
}

TEST_CASE("session: the batch goes on after the file", "[session][infile]") {
    server_fixture f;
    auto s = f.make();
    run(s, "CREATE DATABASE d");
    run(s, "CREATE TABLE d.t (id int, name varchar(8))");
    auto request = testing::packets_of(s.handle(query(load_sql + "; SELECT 1"), 0).bytes);
    REQUIRE(request.size() == 1);
    CHECK(request[0].payload[0] == 0xfb);
    (void)s.handle(bytes("1,a\n"), 2);
    auto rest = testing::packets_of(s.handle({}, 3).bytes);
    REQUIRE(rest.size() == 5);  // OK (more results), then SELECT 1's count, column, row, OK
    const auto ok = ok_of(rest[0]);
    CHECK(ok.status & protocol::server_status::more_results_exist);
    for (std::size_t i = 0; i < rest.size(); ++i) CHECK(rest[i].seq == 4 + i);
    CHECK(rest[3].payload == std::vector<std::uint8_t>{0x01, '1'});
}

TEST_CASE("session: a load of a second or more reports progress before its commit", "[session][infile]") {
    server_fixture f;
    const bool asked = GENERATE(true, false);
    auto s = f.make(caps, asked);
    run(s, "CREATE DATABASE d");
    run(s, "CREATE TABLE d.t (id int, name varchar(8))");
    (void)s.handle(query(load_sql), 0);
    CHECK(s.handle(bytes("1,a\n2,b\n"), 2).bytes.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(1010));
    CHECK(s.handle(bytes("3,c\n"), 3).bytes.empty());  // nothing while the client sends
    auto end = s.handle({}, 4);
    if (asked) {
        // Stage 2 of 2 at 0 %, then the commit and its OK after the report.
        CHECK(end.next == next_step::write_more);
        CHECK(end.bytes == bytes("\x1d\x00\x00\x05\xff\xff\xff\x01\x02\x02\x00\x00\x00\x13"
                                 "committing 12 bytes"sv));
        end = s.resume();
    }
    CHECK(end.next == next_step::read);
    auto done = testing::packets_of(end.bytes);
    REQUIRE(done.size() == 1);
    CHECK(done[0].seq == (asked ? 6 : 5));
    CHECK(ok_of(done[0]).info == "Records: 3  Deleted: 0  Skipped: 0  Warnings: 0");
    // A quick load sends none, even to a client that asked.
    (void)s.handle(query(load_sql), 0);
    CHECK(s.handle(bytes("4,d\n"), 2).bytes.empty());
    end = s.handle({}, 3);
    CHECK(end.next == next_step::read);
    CHECK(ok_of(testing::packets_of(end.bytes)[0]).affected_rows == 1);
}

TEST_CASE("session: LOAD DATA LOCAL refusals", "[session][infile]") {
    server_fixture f;
    SECTION("the client did not announce LOCAL_FILES") {
        auto s = f.make(caps & ~cap::local_files);
        auto pk = testing::packets_of(s.handle(query(load_sql), 0).bytes);
        REQUIRE(pk.size() == 1);
        CHECK(err_of(pk[0]).code == 3948);
    }
    SECTION("not as a prepared statement") {
        auto s = f.make();
        auto p = bytes(load_sql);
        p.insert(p.begin(), static_cast<std::uint8_t>(protocol::command::stmt_prepare));
        auto pk = testing::packets_of(s.handle(p, 0).bytes);
        REQUIRE(pk.size() == 1);
        CHECK(err_of(pk[0]).code == 1295);
    }
    SECTION("a server file") {
        auto s = f.make();
        auto pk = testing::packets_of(s.handle(query("LOAD DATA INFILE '/etc/passwd' INTO TABLE d.t"), 0).bytes);
        CHECK(err_of(pk[0]).code == 1290);
    }
}
