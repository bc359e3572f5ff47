// SET in all its forms, and USE.
#include "proxy/session/statement_executor.hpp"

#include "czar/local_engine.hpp"
#include "storage/accounts.hpp"
#include "storage/charsets.hpp"

#include <fmt/format.h>

#include <functional>

namespace qproxy::session {

namespace {

constexpr std::uint32_t super_priv = static_cast<std::uint32_t>(storage::privilege::super);

bool is_numeric(field_type t) {
    switch (t) {
    case field_type::tiny: case field_type::short_: case field_type::long_: case field_type::int24:
    case field_type::longlong: case field_type::float_: case field_type::double_: case field_type::decimal:
    case field_type::newdecimal: case field_type::year: case field_type::bit: return true;
    default: return false;
    }
}

sql_error unknown_variable(std::string_view name) {
    return {er::unknown_system_variable, "HY000", fmt::format("Unknown system variable '{}'", name)};
}

std::string_view base_charset(const storage::collation_info& c) { return c.charset; }

}  // namespace

outcome statement_executor::exec_use(const sql::use_stmt& s) {
    if (auto st = use_database(s.db_); st.has_error()) return st.error();
    return ok_result{};
}

outcome statement_executor::exec_set(const sql::set_stmt& s, std::string_view text) {
    // Validate every assignment first, then apply them all: a failing SET changes nothing.
    std::vector<std::function<void()>> apply;
    auto set_session = [&](std::string_view name, std::optional<std::string> v) {
        apply.push_back([this, def = find_variable(name), v = std::move(v)] { state_.vars.set(*def, v); });
    };
    for (const auto& a : s.assignments_) {
        using sql::set_target;
        switch (a.kind_) {
        case set_target::user_var: {
            auto v = czar::evaluate(*a.value_, text, *view_);
            if (v.has_error()) return v.error();
            apply.push_back([this, name = a.name_, v = std::move(v).value()] {
                state_.user_vars[name] = user_value{v.first, v.second};
            });
            break;
        }
        case set_target::names:
        case set_target::charset: {
            std::string cs = a.name_.empty() ? "utf8mb4" : a.name_;
            auto coll = storage::charset_collation(cs, a.collation_ ? std::optional<std::string_view>(*a.collation_)
                                                                    : std::nullopt);
            if (coll.has_error()) return coll.error();
            std::string charset(base_charset(*coll.value()));
            set_session("character_set_client", charset);
            set_session("character_set_results", charset);
            if (a.kind_ == set_target::names) {
                set_session("character_set_connection", charset);
                set_session("collation_connection", coll.value()->name);
            } else {
                // SET CHARACTER SET: the connection follows the database's character set.
                set_session("character_set_connection", state_.vars.get(*find_variable("character_set_database")));
                set_session("collation_connection", state_.vars.get(*find_variable("collation_database")));
            }
            break;
        }
        case set_target::transaction: {
            const bool global = a.scope_ == sql::var_scope::global || a.scope_ == sql::var_scope::persist;
            if (global) {
                if (auto st = require_global(super_priv, "SUPER or SYSTEM_VARIABLES_ADMIN"); st.has_error())
                    return st.error();
            }
            static constexpr std::string_view levels[] = {"READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ",
                                                          "SERIALIZABLE"};
            auto put = [&](std::string_view name, std::string value) {
                auto* def = find_variable(name);
                if (global) apply.push_back([this, def, value] { server_.globals.set(*def, value); });
                else set_session(name, value);
            };
            if (a.isolation_) put("transaction_isolation", std::string(levels[static_cast<int>(*a.isolation_)]));
            if (a.read_only_) put("transaction_read_only", *a.read_only_ ? "ON" : "OFF");
            break;
        }
        case set_target::password: {
            auto o = exec_set_password(a, text);
            if (!std::holds_alternative<ok_result>(o)) return o;
            break;
        }
        case set_target::sys_var: {
            auto* def = find_variable(a.name_);
            if (!def) return unknown_variable(a.name_);
            const bool global = a.scope_ == sql::var_scope::global || a.scope_ == sql::var_scope::persist ||
                                a.scope_ == sql::var_scope::persist_only;
            if (def->read_only)
                return sql_error{er::variable_is_readonly, "HY000", fmt::format("Variable '{}' is a read only variable", def->name)};
            if (global && def->scope == var_scope::session_only)
                return sql_error{er::local_variable, "HY000",
                                 fmt::format("Variable '{}' is a SESSION variable and can't be used with SET GLOBAL", def->name)};
            if (!global && def->scope == var_scope::global_only)
                return sql_error{er::global_variable, "HY000",
                                 fmt::format("Variable '{}' is a GLOBAL variable and should be set with SET GLOBAL", def->name)};
            if (global) {
                if (auto st = require_global(super_priv, "SUPER or SYSTEM_VARIABLES_ADMIN"); st.has_error())
                    return st.error();
            }
            std::optional<std::string> value;
            bool numeric = false;
            const auto& e = *a.value_;
            if (e.kind_ == sql::expr_kind::default_value) {
                value = global ? std::optional<std::string>(def->default_value) : server_.globals.get(*def);
            } else if (e.kind_ == sql::expr_kind::column && e.table_.empty()) {
                value = e.name_;  // SET x = ON / utf8mb4 / TRADITIONAL: a bare word is the value
            } else if (e.kind_ == sql::expr_kind::bool_lit) {
                value = e.value_ ? "1" : "0";
                numeric = true;
            } else {
                auto v = czar::evaluate(e, text, *view_);
                if (v.has_error()) return v.error();
                value = v.value().first;
                numeric = is_numeric(v.value().second.type);
            }
            auto n = normalize(*def, value, numeric);
            if (n.has_error()) return n.error();
            auto normalized = std::move(n).value();
            if (normalized && def->name.starts_with("character_set_")) {
                auto* cs = storage::find_charset(*normalized);
                if (!cs) return storage::unknown_charset_error(*normalized);
                normalized = std::string(cs->name);
            } else if (normalized && def->name.starts_with("collation_")) {
                auto* c = storage::find_collation(*normalized);
                if (!c) return storage::unknown_collation_error(*normalized);
                normalized = c->name;
            }
            if (global) {
                apply.push_back([this, def, normalized] { server_.globals.set(*def, normalized); });
            } else {
                apply.push_back([this, def, normalized] { state_.vars.set(*def, normalized); });
                // Turning autocommit on commits the open transaction, as in MySQL.
                if (def->name == "autocommit" && normalized == "ON")
                    apply.push_back([this] { state_.in_transaction = false; });
            }
            break;
        }
        }
    }
    for (auto& f : apply) f();
    return ok_result{};
}

}  // namespace qproxy::session
