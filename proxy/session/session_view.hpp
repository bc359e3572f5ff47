// The session as the czar's expression engine sees it: variables, current
// database and user, connection id, last insert id; user variables assigned
// inside a statement (`SELECT @v := …`) come back through it.
#pragma once

#include "czar/local_engine.hpp"
#include "proxy/session/server_context.hpp"
#include "proxy/session/session_state.hpp"

namespace qproxy::session {

class session_view final : public czar::session_view {
public:
    session_view(server_context& server, session_state& state) : server_(server), state_(state) {}

    std::optional<std::pair<cell, column_meta>> system_variable(std::string_view scope,
                                                                std::string_view name) const override;
    std::optional<std::pair<cell, column_meta>> user_variable(std::string_view name) const override;
    std::string database() const override { return state_.database; }
    std::string user() const override { return state_.user + '@' + state_.client_host; }
    std::string current_user() const override { return state_.user + '@' + state_.account_host; }
    std::uint64_t connection_id() const override { return state_.connection_id; }
    std::uint64_t last_insert_id() const override { return state_.last_insert_id; }
    std::int64_t row_count() const override { return state_.row_count; }
    std::uint64_t found_rows() const override { return state_.found_rows; }
    std::string time_zone() const override;
    void set_user_variable(std::string_view name, cell value, column_meta type) override;

private:
    server_context& server_;
    session_state& state_;
};

}  // namespace qproxy::session
