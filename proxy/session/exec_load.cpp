// LOAD DATA LOCAL INFILE. The statement answers with a LOCAL INFILE request
// naming the file; the client sends the file in packets, an empty packet
// last; then comes the statement's OK ("Records: N  Deleted: 0  Skipped: S
// Warnings: W") or ERR.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_local_infile_request.html
// Each packet goes through the reader into the loader as it arrives, so the
// file never sits in memory; nothing is visible before the commit after the
// last packet, and an error or a client that goes away rolls it all back.
// As in MySQL, LOCAL implies IGNORE: conversion problems are warnings.
//
// LOAD DATA INFILE without LOCAL (a file of the server) is refused as MySQL
// refuses it when secure_file_priv is NULL: qproxy never reads server files
// on a client's behalf.
#include "proxy/session/statement_executor.hpp"

#include "czar/infile_load.hpp"
#include "czar/mysql_time.hpp"
#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/response.hpp"
#include "proxy/session/session_view.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"
#include "storage/chunk_store.hpp"

#include <fmt/format.h>

#include <chrono>

namespace qproxy::session {

namespace {
constexpr std::uint16_t er_client_local_files_disabled = 3948;  // 42000
}  // namespace

std::string statement_executor::clock_text() const {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
    auto t = czar::from_epoch(micros / 1000000, view_->time_zone());
    if (!t) return "1970-01-01 00:00:00.000000";
    t->micro = static_cast<int>(micros % 1000000);
    return czar::format_time_value(*t, 6);
}

sql_result<std::unique_ptr<czar::loader>> statement_executor::open_loader(const sql::table_name& name) {
    if (!server_.chunks) return unsupported("writing tables without a chunk store");
    BOOST_OUTCOME_TRY(db, resolve_db(name.db_));
    BOOST_OUTCOME_TRY(require_table_privilege(static_cast<std::uint32_t>(storage::privilege::insert), "INSERT", db,
                                              name.name_));
    auto t = server_.catalog.find_table(db, name.name_);
    if (!t) return sql_error{er::no_such_table, "42S02", fmt::format("Table '{}.{}' doesn't exist", db, name.name_)};
    if (t->kind == "system view") {
        return sql_error{er::dbaccess_denied, "42000",
                         fmt::format("Access denied for user '{}'@'{}' to database '{}'", state_.user,
                                     state_.account_host, t->db)};
    }
    BOOST_OUTCOME_TRY(database_free(t->db));
    return czar::loader::create(server_.catalog, *server_.chunks, std::move(*t));
}

outcome statement_executor::exec_load_data(const sql::load_data_stmt& s, std::string_view text) {
    if (!s.local_) {
        return sql_error{er::option_prevents_statement, "HY000",
                         "The MySQL server is running with the --secure-file-priv option so it cannot execute this "
                         "statement"};
    }
    if (!(state_.capabilities & protocol::capability::local_files) || !state_.vars.get_bool("local_infile")) {
        return sql_error{er_client_local_files_disabled, "42000",
                         "Loading local data is disabled; this must be enabled on both the client and server sides"};
    }
    auto loader = open_loader(s.table_);
    if (!loader) return loader.error();
    czar::infile_load::options o;
    o.max_warnings = state_.vars.get_uint("max_error_count");
    o.session = view_.get();
    o.statement_text = text;
    o.now = clock_text();
    auto load = czar::infile_load::create(s, std::move(loader).value(), std::move(o));
    if (!load) return load.error();
    infile_.emplace(infile_state{std::move(load).value(), std::nullopt, std::nullopt});
    return infile_request{s.file_};
}

io_action::next_step statement_executor::infile_packet(std::span<const std::uint8_t> data, response_writer& w) {
    auto& in = *infile_;
    if (!data.empty()) {
        // After an error the rest of the file is read and dropped, as MySQL does.
        if (in.load && state_.interrupted) in.error = sql_error{er::query_interrupted, "70100", "Query execution was interrupted"};
        if (in.load && !in.error) {
            auto fed = in.load->feed(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
            if (!fed) in.error = fed.error();
        }
        if (in.error) in.load.reset();  // rolls back now and frees the database
        in.bytes += data.size();
        return io_action::next_step::read;  // the client goes on sending, unanswered
    }
    // The whole file is in. A load that has taken a second tells clients that
    // asked how far it is, then commits (MariaDB's stage 2, 'End bulk insert').
    // Reports cannot go out earlier: the client reads nothing until it has sent
    // its empty packet (libmariadb's mysql_handle_local_infile), so they would
    // wait in its socket, and a client that checks sequence ids could not
    // place them between its own file packets.
    if (!in.error && state_.progress_reports && std::chrono::steady_clock::now() - in.started >= std::chrono::seconds(1)) {
        in.committing = true;
        w.raw(protocol::serialize_progress(2, 2, 0.0, fmt::format("committing {} bytes", in.bytes)));
        return io_action::next_step::write_more;
    }
    return finish_infile(w);
}

io_action::next_step statement_executor::finish_infile(response_writer& w) {
    auto& in = *infile_;
    outcome o;
    if (in.error) {
        o = *in.error;
    } else if (auto summary = in.load->finish(); !summary) {
        o = summary.error();
    } else {
        for (const auto& c : in.load->warnings())
            state_.warnings.push_back({c.note ? "Note" : "Warning", c.error.code, c.error.message});
        o = ok_result{summary.value().rows(), 0, summary.value().info()};
    }
    const auto next = in.next;
    infile_.reset();
    if (!write_outcome(o, w, next.has_value(), false) || !next) return io_action::next_step::read;
    return run_statements(*next, w);
}

}  // namespace qproxy::session
