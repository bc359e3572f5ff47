// Runs read-only SQLite SELECTs against information_schema. Each query gets
// a pooled in-memory connection of its own, so readers on different threads
// never wait for each other or for disk.
#pragma once

#include "parser/types.hpp"
#include "storage/schema_vtab.hpp"

#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace qproxy::storage {

// Who is asking: rows are limited to what that account may see, as in MySQL
// (user/host name the account, as CURRENT_USER() does).
struct schema_viewer {
    const account_store& accounts;
    std::string_view user;
    std::string_view host;
};

class schema_query_engine {
public:
    schema_query_engine();
    ~schema_query_engine();
    schema_query_engine(const schema_query_engine&) = delete;
    schema_query_engine& operator=(const schema_query_engine&) = delete;

    // Where PROCESSLIST and QUERIES read from (empty tables until set). The
    // sources must outlive the engine's queries.
    void set_query_sources(query_sources sources);

    // One SELECT (already in SQLite's dialect) over information_schema.<TABLE>.
    // Anything but reading those tables is refused with 1044.
    [[nodiscard]] sql_result<result_set> run(std::string_view sqlite_select, std::shared_ptr<const schema_rows> rows,
                                             const schema_viewer* viewer);

private:
    struct connection;
    [[nodiscard]] sql_result<std::unique_ptr<connection>> acquire();
    void release(std::unique_ptr<connection> c);

    std::mutex mutex_;
    std::vector<std::unique_ptr<connection>> idle_;
    query_sources sources_;
};

}  // namespace qproxy::storage
