// Records a query in the history and waits until its row is written, as the
// czar does before it runs a query (query_history::begin is asynchronous).
#pragma once

#include "storage/query_history.hpp"

#include <future>

namespace qproxy::storage::testing {

inline sql_result<std::int64_t> record(query_history& h, const query_start& q) {
    const auto id = h.reserve_id();
    std::promise<sql_status> written;
    h.begin(id, q, [&](sql_status st) { written.set_value(std::move(st)); });
    if (auto st = written.get_future().get(); !st) return st.error();
    return id;
}

}  // namespace qproxy::storage::testing
