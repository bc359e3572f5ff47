#include "proxy/session/response_writer.hpp"

#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/framing.hpp"
#include "proxy/protocol/resultset.hpp"

namespace qproxy::session {

bool response_writer::deprecate_eof() const { return caps_ & protocol::capability::deprecate_eof; }

void response_writer::raw(std::span<const std::uint8_t> payload) { protocol::append_packet(out_, payload, seq_); }

void response_writer::ok(const protocol::ok_packet& ok) { raw(protocol::serialize(ok, false)); }

void response_writer::err(const sql_error& error) { raw(protocol::serialize(protocol::err_packet::from(error))); }

void response_writer::eof(std::uint16_t status, std::uint16_t warnings) {
    raw(protocol::serialize(protocol::eof_packet{warnings, status}));
}

void response_writer::column_count(std::uint64_t n) { raw(protocol::serialize_column_count(n)); }

void response_writer::columns(std::span<const column_meta> cols, bool field_list) {
    for (const auto& c : cols) raw(protocol::serialize_column_definition(c, field_list));
    if (!deprecate_eof() && !field_list) eof(status_, 0);
}

sql_status response_writer::row(std::span<const column_meta> cols, const qproxy::row& r, bool binary) {
    if (!binary) {
        raw(protocol::serialize_text_row(r));
        return qproxy::ok();
    }
    scratch_.clear();
    if (auto ec = protocol::serialize_binary_row(cols, r, scratch_))
        return sql_error{1105, "HY000", "cannot encode a value in the binary protocol: " + ec.message()};
    raw(scratch_);
    return qproxy::ok();
}

void response_writer::end_rows(std::uint16_t status, std::uint16_t warnings) {
    if (deprecate_eof()) {
        protocol::ok_packet ok;
        ok.status = status;
        ok.warnings = warnings;
        raw(protocol::serialize(ok, true));
    } else {
        eof(status, warnings);
    }
}

sql_status response_writer::result(const result_set& rs, std::uint16_t status, std::uint16_t warnings, bool binary) {
    column_count(rs.columns.size());
    columns(rs.columns);
    for (const auto& r : rs.rows)
        if (auto st = row(rs.columns, r, binary); st.has_error()) return st;
    end_rows(status, warnings);
    return qproxy::ok();
}

}  // namespace qproxy::session
