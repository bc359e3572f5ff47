// Streaming a czar result to the client: wait for the query, then send its
// rows in pieces of about max_piece bytes, so a large result never sits in
// memory and a slow client only slows its own stream.
#include "proxy/session/result_stream.hpp"

#include "czar/czar.hpp"
#include "czar/value_format.hpp"
#include "proxy/protocol/constants.hpp"

#include <fmt/format.h>

namespace qproxy::session {

namespace {
constexpr std::size_t max_piece = 256 * 1024;

// What a SYNC query that did not complete reports.
sql_error query_error(const czar::query_job& job) {
    switch (job.status()) {
    case storage::query_status::aborted: return {er::query_interrupted, "70100", "Query execution was interrupted"};
    default: return {4110, "Proxy", fmt::format("Query processing error: {}", job.error())};
    }
}
}  // namespace

io_action::next_step statement_executor::start_stream(pending_result p, response_writer& w, bool binary,
                                                      std::optional<std::size_t> next) {
    stream_ = std::make_unique<stream_state>();
    stream_->pending = std::move(p);
    stream_->binary = binary;
    stream_->next = next;
    return stream(w);
}

bool statement_executor::pending_ready() const {
    if (!stream_ || !stream_->pending.job) return true;
    return stream_->pending.submit ? stream_->pending.job->registered() : stream_->pending.job->done();
}

void statement_executor::on_pending_ready(std::function<void()> callback) {
    if (pending_ready()) return callback();
    if (stream_->pending.submit) stream_->pending.job->on_registered(std::move(callback));
    else stream_->pending.job->on_done(std::move(callback));
}

// A submitted query is not the statement's to stop: it runs on without its session.
std::shared_ptr<czar::query_job> statement_executor::pending_job() const {
    return stream_ && !stream_->pending.submit ? stream_->pending.job : nullptr;
}

void statement_executor::interrupt() {
    if (auto job = pending_job()) job->cancel();
}

void statement_executor::abandon_stream() {
    if (auto job = pending_job(); job && !job->done()) job->cancel();
    stream_.reset();
}

io_action::next_step statement_executor::resume(response_writer& w) {
    if (!stream_) return io_action::next_step::read;
    return stream(w);
}

io_action::next_step statement_executor::stream(response_writer& w) {
    if (!pending_ready()) return io_action::next_step::wait;
    auto& st = *stream_;
    const auto& job = st.pending.job;
    if (st.pending.submit) {
        const auto& failed = job->registration_error();
        const outcome answer = failed ? outcome(*failed) : outcome(submit_answer(job->id));
        const auto next = st.next;
        const bool binary = st.binary;
        stream_.reset();
        if (!write_outcome(answer, w, next.has_value(), binary)) return io_action::next_step::read;
        return next ? run_statements(*next, w) : io_action::next_step::read;
    }
    auto fail = [&](const sql_error& e) {
        write_outcome(e, w, false, st.binary);
        stream_.reset();
        return io_action::next_step::read;  // an error ends the batch
    };
    const bool more = st.next.has_value();
    const std::uint16_t status = state_.status_flags() | (more ? protocol::server_status::more_results_exist : 0);
    if (!st.reader) {
        if (job && job->status() != storage::query_status::completed) return fail(query_error(*job));
        if (job && job->transient_result) {
            st.reader.emplace(std::move(*job->transient_result));
            job->transient_result.reset();
        } else {
            auto reader = server_.czar->results().open_result(st.pending.id);
            if (!reader) return fail(reader.error());
            st.reader.emplace(std::move(reader).value());
        }
        w.set_status(status & ~protocol::server_status::more_results_exist);
        w.column_count(st.reader->columns().size());
        w.columns(st.reader->columns());
    }
    const auto& columns = st.reader->columns();
    auto& rows = st.reader->rows();
    row r;
    while (w.bytes().size() < max_piece) {
        auto more_rows = rows.step();
        if (!more_rows) return fail(more_rows.error());
        if (!more_rows.value()) {
            w.end_rows(status, static_cast<std::uint16_t>(std::min<std::size_t>(state_.warnings.size(), 65535)));
            state_.row_count = -1;
            state_.found_rows = st.rows;
            const auto next = st.next;
            stream_.reset();
            return next ? run_statements(*next, w) : io_action::next_step::read;
        }
        r.clear();
        for (std::size_t i = 0; i < columns.size(); ++i) r.push_back(czar::format_value(rows, static_cast<int>(i), columns[i]));
        if (auto s = w.row(columns, r, st.binary); s.has_error()) return fail(s.error());
        ++st.rows;
    }
    return io_action::next_step::write_more;
}

}  // namespace qproxy::session
