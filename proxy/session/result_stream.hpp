// A result the czar produces, on its way to the client: the query to wait
// for, the open result table, and where the statement batch goes on after it.
#pragma once

#include "czar/query_job.hpp"
#include "proxy/session/statement_executor.hpp"
#include "storage/result_store.hpp"

#include <optional>

namespace qproxy::session {

struct statement_executor::stream_state {
    pending_result pending;
    bool binary = false;
    std::optional<std::size_t> next;  // the batch's next statement in batch_sql_, if any
    std::optional<storage::result_reader> reader;
    std::uint64_t rows = 0;
};

}  // namespace qproxy::session
