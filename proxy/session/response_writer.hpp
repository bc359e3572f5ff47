// Encodes one command's response packets with the right sequence ids and
// result-set framing for the client's capabilities (EOF packets or
// DEPRECATE_EOF's OK terminator; text or binary rows).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html
#pragma once

#include "parser/error.hpp"
#include "parser/types.hpp"
#include "proxy/protocol/response.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace qproxy::session {

class response_writer {
public:
    response_writer(std::uint32_t client_capabilities, std::uint8_t first_seq)
        : caps_(client_capabilities), seq_(first_seq) {}

    void ok(const protocol::ok_packet& ok);
    void err(const sql_error& error);
    void raw(std::span<const std::uint8_t> payload);  // one packet as is

    // Column definitions, then the end-of-metadata marker unless DEPRECATE_EOF.
    void columns(std::span<const column_meta> cols, bool field_list = false);
    void column_count(std::uint64_t n);
    [[nodiscard]] sql_status row(std::span<const column_meta> cols, const qproxy::row& r, bool binary);
    // The terminator after rows; `status` carries MORE_RESULTS_EXISTS between statements.
    void end_rows(std::uint16_t status, std::uint16_t warnings);
    void eof(std::uint16_t status, std::uint16_t warnings);
    // A whole result set: count, columns, rows, terminator.
    [[nodiscard]] sql_status result(const result_set& rs, std::uint16_t status, std::uint16_t warnings, bool binary);

    // Undo everything written since `mark()`: a result that fails while being
    // encoded is replaced by an ERR before any byte of it reaches the client.
    struct mark_t {
        std::size_t size;
        std::uint8_t seq;
    };
    mark_t mark() const { return {out_.size(), seq_}; }
    void rollback(mark_t m) {
        out_.resize(m.size);
        seq_ = m.seq;
    }
    // Server status reported in the EOF that ends column metadata.
    void set_status(std::uint16_t status) { status_ = status; }

    bool deprecate_eof() const;
    std::uint8_t next_seq() const { return seq_; }
    std::vector<std::uint8_t>& bytes() { return out_; }
    std::vector<std::uint8_t> take() { return std::move(out_); }

private:
    std::uint32_t caps_;
    std::uint8_t seq_;
    std::uint16_t status_ = 2;  // SERVER_STATUS_AUTOCOMMIT
    std::vector<std::uint8_t> out_;
    std::vector<std::uint8_t> scratch_;
};

}  // namespace qproxy::session
