// The executing queries as the czar sees them now: the rows of
// information_schema.PROCESSLIST and the live progress QUERIES shows for
// its EXECUTING rows. The czar implements it; storage only reads.
#pragma once

#include "storage/query_history.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace qproxy::storage {

struct live_query {
    std::int64_t id = 0;  // the history id
    query_type type = query_type::async;
    std::string czar;
    std::int64_t czar_id = 0;
    std::string user;  // the account's user name: who may see the query
    std::chrono::system_clock::time_point submitted, updated;  // updated: the last progress
    std::int64_t chunks = 0, chunks_comp = 0, bytes = 0, rows_collected = 0;
    std::string query;
};

class live_queries {
public:
    virtual ~live_queries() = default;
    // A consistent copy, taken at most once per information_schema query.
    // Called from query threads: must be thread-safe and short.
    virtual std::vector<live_query> snapshot() const = 0;
};

// Where information_schema's query tables read from; either may be null
// (then the table is empty).
struct query_sources {
    const query_history* history = nullptr;
    const live_queries* live = nullptr;
};

}  // namespace qproxy::storage
