#include "proxy/session/session_view.hpp"

#include "proxy/session/variables.hpp"

#include <algorithm>
#include <cctype>

namespace qproxy::session {

std::optional<std::pair<cell, column_meta>> session_view::system_variable(std::string_view scope,
                                                                         std::string_view name) const {
    auto* def = find_variable(name);
    if (!def) return std::nullopt;
    // MySQL names the column after the expression as written; the engine renames it.
    auto meta = variable_column(*def, std::string(name));
    std::string s(scope);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    const bool global = s == "global";
    // Session-only variables read with GLOBAL, and counters that live in the session.
    if (def->name == "warning_count" || def->name == "error_count") {
        auto n = std::count_if(state_.warnings.begin(), state_.warnings.end(), [&](const warning& w) {
            return def->name == "warning_count" || w.level == "Error";
        });
        return std::pair{cell(std::to_string(n)), meta};
    }
    if (def->name == "last_insert_id" || def->name == "identity")
        return std::pair{cell(std::to_string(state_.last_insert_id)), meta};
    if (global && def->scope == var_scope::session_only) return std::nullopt;
    auto value = global ? server_.globals.get(*def) : state_.vars.get(*def);
    return std::pair{select_form(*def, value), meta};
}

std::optional<std::pair<cell, column_meta>> session_view::user_variable(std::string_view name) const {
    auto it = state_.user_vars.find(name);
    if (it == state_.user_vars.end()) return std::nullopt;
    return std::pair{it->second.value, it->second.type};
}

void session_view::set_user_variable(std::string_view name, cell value, column_meta type) {
    // The map compares names case-insensitively: @A and @a are one variable, as in MySQL.
    state_.user_vars[std::string(name)] = user_value{std::move(value), std::move(type)};
}

std::string session_view::time_zone() const {
    auto* def = find_variable("time_zone");
    return state_.vars.get(*def).value_or("SYSTEM");
}

}  // namespace qproxy::session
