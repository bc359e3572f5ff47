// The command-phase state machine without sockets: command packets in, the
// exact response packets out (result-set framing with and without
// DEPRECATE_EOF, MORE_RESULTS between statements, errors that keep the session).
#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/framing.hpp"
#include "proxy/protocol/response.hpp"
#include "proxy/protocol/resultset.hpp"
#include "proxy/protocol/statement.hpp"
#include "proxy/session/session.hpp"
#include "proxy/session/variables.hpp"
#include "session_fixture.hpp"

#include <catch2/catch.hpp>


using namespace qproxy;
using next_step = session::io_action::next_step;
namespace cap = protocol::capability;

namespace {

struct server_fixture : testing::store_fixture {
    session::global_variables globals{{}};
    session::connection_registry connections;
    session::server_stats stats;
    session::server_context context{*accounts, *catalog, globals, cache, *rsa, connections, stats, 1 << 24};

    session::session make(std::uint32_t caps) {
        session::session_state st(globals);
        st.connection_id = 7;
        st.user = "qsmaster";
        st.account_host = "localhost";
        st.client_host = "127.0.0.1";
        st.capabilities = caps;
        return session::session(context, std::move(st));
    }
};

std::vector<std::uint8_t> command(protocol::command c, std::string_view body = {}) {
    std::vector<std::uint8_t> p(1 + body.size());
    p[0] = static_cast<std::uint8_t>(c);
    std::copy(body.begin(), body.end(), p.begin() + 1);
    return p;
}

using testing::packets_of;

constexpr std::uint32_t modern = cap::protocol_41 | cap::deprecate_eof | cap::multi_statements | cap::multi_results;
constexpr std::uint32_t legacy = cap::protocol_41 | cap::multi_statements | cap::multi_results;

}  // namespace

TEST_CASE("session: COM_PING answers OK with sequence id 1", "[session]") {
    server_fixture f;
    auto s = f.make(modern);
    auto a = s.handle(command(protocol::command::ping), 0);
    CHECK(a.next == next_step::read);
    CHECK(a.bytes == std::vector<std::uint8_t>{0x07, 0, 0, 1, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00});
}

TEST_CASE("session: SELECT 1 framed with DEPRECATE_EOF and without", "[session]") {
    server_fixture f;
    SECTION("DEPRECATE_EOF: count, column, row, OK(0xfe)") {
        auto s = f.make(modern);
        auto pk = packets_of(s.handle(command(protocol::command::query, "SELECT 1"), 0).bytes);
        REQUIRE(pk.size() == 4);
        for (std::size_t i = 0; i < pk.size(); ++i) CHECK(pk[i].seq == i + 1);
        CHECK(pk[0].payload == std::vector<std::uint8_t>{0x01});
        column_meta col;
        REQUIRE_FALSE(protocol::deserialize_column_definition(pk[1].payload, col));
        CHECK(col.name == "1");
        CHECK(col.type == field_type::longlong);
        CHECK(pk[2].payload == std::vector<std::uint8_t>{0x01, '1'});
        CHECK(pk[3].payload[0] == 0xfe);
    }
    SECTION("classic: count, column, EOF, row, EOF") {
        auto s = f.make(legacy);
        auto pk = packets_of(s.handle(command(protocol::command::query, "SELECT 1"), 0).bytes);
        REQUIRE(pk.size() == 5);
        CHECK(pk[2].payload == std::vector<std::uint8_t>{0xfe, 0, 0, 0x02, 0x00});
        CHECK(pk[4].payload == std::vector<std::uint8_t>{0xfe, 0, 0, 0x02, 0x00});
    }
}

TEST_CASE("session: multi-statement results carry MORE_RESULTS; an error ends the batch", "[session]") {
    server_fixture f;
    auto s = f.make(modern);
    auto pk = packets_of(s.handle(command(protocol::command::query, "SELECT 1; SELEKT 2; SELECT 3"), 0).bytes);
    REQUIRE(pk.size() == 5);  // 4 for SELECT 1, then one ERR
    protocol::ok_packet end;
    REQUIRE_FALSE(protocol::deserialize(pk[3].payload, end));
    CHECK((end.status & protocol::server_status::more_results_exist) != 0);
    protocol::err_packet err;
    REQUIRE_FALSE(protocol::deserialize(pk[4].payload, err));
    CHECK(err.code == 1064);
    CHECK(err.message.find("near 'SELEKT 2; SELECT 3' at line 1") != std::string::npos);
    // The session lives on, and SHOW WARNINGS reports the error.
    pk = packets_of(s.handle(command(protocol::command::query, "SHOW COUNT(*) WARNINGS"), 0).bytes);
    REQUIRE(pk.size() == 4);
    CHECK(pk[2].payload == std::vector<std::uint8_t>{0x01, '1'});
}

TEST_CASE("session: errors keep the session; bad sequence ids close it", "[session]") {
    server_fixture f;
    auto s = f.make(modern);
    protocol::err_packet err;
    auto pk = packets_of(s.handle(std::vector<std::uint8_t>{0x1d}, 0).bytes);  // COM_DAEMON
    REQUIRE(pk.size() == 1);
    REQUIRE_FALSE(protocol::deserialize(pk[0].payload, err));
    CHECK(err.code == 1047);
    pk = packets_of(s.handle(command(protocol::command::init_db, "nosuchdb"), 0).bytes);
    REQUIRE_FALSE(protocol::deserialize(pk[0].payload, err));
    CHECK(err.code == 1049);
    CHECK(err.message == "Unknown database 'nosuchdb'");
    pk = packets_of(s.handle(command(protocol::command::query, ""), 0).bytes);
    REQUIRE_FALSE(protocol::deserialize(pk[0].payload, err));
    CHECK(err.code == 1065);
    CHECK(s.handle(command(protocol::command::ping), 3).next == next_step::close);
    CHECK(s.handle(command(protocol::command::quit), 0).next == next_step::close);
}

TEST_CASE("session: prepared statement with a parameter, binary row", "[session]") {
    server_fixture f;
    auto s = f.make(modern);
    auto pk = packets_of(s.handle(command(protocol::command::stmt_prepare, "SELECT ? + 1"), 0).bytes);
    protocol::stmt_prepare_ok ok;
    REQUIRE_FALSE(protocol::deserialize(pk[0].payload, ok));
    CHECK(ok.num_params == 1);
    CHECK(ok.num_columns == 1);
    protocol::stmt_execute_request req;
    req.statement_id = ok.statement_id;
    req.new_params_bound = true;
    req.types = {{field_type::longlong, false}};
    protocol::param_value v;
    v.type = field_type::longlong;
    v.is_null = false;
    v.text = "41";
    req.params = {v};
    std::vector<std::uint8_t> body;
    REQUIRE_FALSE(protocol::serialize(req, body));
    pk = packets_of(s.handle(body, 0).bytes);
    REQUIRE(pk.size() == 4);
    column_meta col;
    REQUIRE_FALSE(protocol::deserialize_column_definition(pk[1].payload, col));
    row r;
    std::vector<column_meta> cols{col};
    REQUIRE_FALSE(protocol::deserialize_binary_row(pk[2].payload, cols, r));
    REQUIRE(r.size() == 1);
    CHECK(r[0] == "42");
    // An unknown statement id is MySQL's 1243.
    req.statement_id = 99;
    body.clear();
    REQUIRE_FALSE(protocol::serialize(req, body));
    protocol::err_packet err;
    REQUIRE_FALSE(protocol::deserialize(packets_of(s.handle(body, 0).bytes)[0].payload, err));
    CHECK(err.code == 1243);
}

TEST_CASE("session: a repeated statement text still answers from each session's state", "[session]") {
    // Parsed trees are cached by text (parse_cache.hpp); values never are.
    server_fixture f;
    auto a = f.make(modern);
    auto b = f.make(modern);
    auto value = [](session::session& s, std::string_view sql) {
        auto pk = packets_of(s.handle(command(protocol::command::query, sql), 0).bytes);
        REQUIRE(pk.size() >= 4);  // count, columns, one row, OK
        return pk[pk.size() - 2].payload;
    };
    auto text = [](std::string_view v) {
        std::vector<std::uint8_t> p{static_cast<std::uint8_t>(v.size())};
        p.insert(p.end(), v.begin(), v.end());
        return p;
    };
    const auto sql = "SELECT @x, @@sql_select_limit, CONNECTION_ID()";
    (void)packets_of(a.handle(command(protocol::command::query, "SET @x = 5, sql_select_limit = 3"), 0).bytes);
    const auto from_a = value(a, sql);
    CHECK(from_a == value(a, sql));
    const auto from_b = value(b, sql);
    CHECK(from_a != from_b);
    (void)packets_of(a.handle(command(protocol::command::query, "SET @x = 6"), 0).bytes);
    CHECK(value(a, sql) != from_a);
    // Integer literals alone are answered without the engine, as MySQL prints them.
    auto pk = packets_of(a.handle(command(protocol::command::query, "SELECT 007, -1, 9223372036854775808"), 0).bytes);
    REQUIRE(pk.size() == 6);
    auto row = text("7");
    for (auto part : {text("-1"), text("9223372036854775808")}) row.insert(row.end(), part.begin(), part.end());
    CHECK(pk[4].payload == row);
    CHECK(value(a, "SELECT 007") == text("7"));
}
