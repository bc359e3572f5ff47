// Accounts and privileges with MySQL's own statements: CREATE/ALTER/DROP
// USER, GRANT, REVOKE, SET PASSWORD, SHOW GRANTS. Passwords are hashed here
// (the plugin's stored form) and never kept in clear.
#include "proxy/session/statement_executor.hpp"

#include "czar/local_engine.hpp"
#include "proxy/auth/caching_sha2.hpp"
#include "proxy/auth/native_password.hpp"
#include "storage/accounts.hpp"

#include <fmt/format.h>

namespace qproxy::session {

namespace {

using storage::privilege;
constexpr auto priv = [](privilege p) { return static_cast<std::uint32_t>(p); };

std::string account_text(std::string_view user, std::string_view host) { return fmt::format("'{}'@'{}'", user, host); }

// The stored form of a user's credentials, or an error for an unknown plugin (1524).
sql_result<storage::account> make_account(const sql::user_auth& u, const storage::account* existing,
                                          std::string_view default_plugin) {
    storage::account a;
    if (existing) a = *existing;
    a.user = u.user_.user_;
    a.host = u.user_.host_;
    if (u.plugin_) a.plugin = *u.plugin_;
    else if (!existing || u.password_) a.plugin = existing ? existing->plugin : std::string(default_plugin);
    if (a.plugin != auth::native_plugin && a.plugin != auth::sha2_plugin)
        return sql_error{1524, "HY000", fmt::format("Plugin '{}' is not loaded", a.plugin)};
    if (u.hash_) a.auth_string = *u.hash_;
    else if (u.password_) a.auth_string = a.plugin == auth::native_plugin ? auth::native_hash(*u.password_)
                                                                         : auth::sha2_hash(*u.password_);
    else if (!existing || u.plugin_) a.auth_string.clear();
    return a;
}

}  // namespace

outcome statement_executor::exec_create_user(const sql::create_user_stmt& s) {
    if (auto st = require_global(priv(privilege::create_user), "CREATE USER"); st.has_error()) return st.error();
    for (const auto& u : s.users_) {
        auto a = make_account(u, nullptr, "mysql_native_password");
        if (a.has_error()) return a.error();
        a.value().require_ssl = s.require_ == sql::tls_require::ssl || s.require_ == sql::tls_require::x509;
        bool existed = false;
        if (auto st = server_.accounts.create_user(a.value(), s.if_not_exists_, existed); st.has_error()) return st.error();
        if (existed)
            note(3163, fmt::format("Authorization ID {} already exists.", account_text(u.user_.user_, u.user_.host_)));
    }
    return ok_result{};
}

outcome statement_executor::exec_alter_user(const sql::alter_user_stmt& s) {
    for (const auto& u : s.users_) {
        auto spec = u.user_;
        if (spec.current_user_) {
            spec.user_ = state_.user;
            spec.host_ = state_.account_host;
        }
        const bool self = spec.user_ == state_.user && spec.host_ == state_.account_host;
        if (!self) {
            if (auto st = require_global(priv(privilege::create_user), "CREATE USER"); st.has_error()) return st.error();
        }
        auto existing = server_.accounts.get(spec.user_, spec.host_);
        if (!existing) {
            if (s.if_exists_) {
                note(3162, fmt::format("Authorization ID {} does not exist.", account_text(spec.user_, spec.host_)));
                continue;
            }
            return sql_error{er::cannot_user, "HY000",
                             fmt::format("Operation ALTER USER failed for {}", account_text(spec.user_, spec.host_))};
        }
        sql::user_auth resolved = u;
        resolved.user_ = spec;
        auto a = make_account(resolved, &*existing, existing->plugin);
        if (a.has_error()) return a.error();
        if (s.require_ != sql::tls_require::unspecified)
            a.value().require_ssl = s.require_ != sql::tls_require::none;
        if (auto st = server_.accounts.alter_user(a.value(), false); st.has_error()) return st.error();
        server_.sha2_cache.erase(spec.user_ + '@' + existing->host);
    }
    return ok_result{};
}

outcome statement_executor::exec_drop_user(const sql::drop_user_stmt& s) {
    if (auto st = require_global(priv(privilege::create_user), "CREATE USER"); st.has_error()) return st.error();
    for (const auto& u : s.users_) {
        auto existing = server_.accounts.get(u.user_, u.host_);
        if (auto st = server_.accounts.drop_user(u.user_, u.host_, s.if_exists_); st.has_error()) return st.error();
        if (!existing) {
            note(3162, fmt::format("Authorization ID {} does not exist.", account_text(u.user_, u.host_)));
            continue;
        }
        server_.sha2_cache.erase(u.user_ + '@' + existing->host);
    }
    return ok_result{};
}

namespace {

struct grant_plan {
    storage::grant_level level;
    storage::privilege_set privileges = 0;
};

sql_result<grant_plan> plan_grant(const std::vector<sql::privilege>& privileges, const sql::grant_object& object,
                                  const std::string& current_db) {
    if (object.type_ != sql::grant_object_type::table) return unsupported("GRANT on routines");
    grant_plan p;
    p.level.db = object.db_.empty() ? current_db : object.db_;
    if (p.level.db.empty()) return sql_error{er::no_db, "3D000", "No database selected"};
    p.level.table = object.table_;
    for (const auto& pr : privileges) {
        if (!pr.columns_.empty()) return unsupported("column privileges");
        if (pr.name_ == "ALL" || pr.name_ == "ALL PRIVILEGES") p.privileges |= storage::all_privileges;
        else if (pr.name_ == "USAGE") continue;
        else if (auto x = storage::privilege_from_name(pr.name_)) p.privileges |= static_cast<std::uint32_t>(*x);
        else return sql_error{er::parse, "42000", fmt::format("Illegal privilege '{}'", pr.name_)};
    }
    return p;
}

}  // namespace

outcome statement_executor::exec_grant(const sql::grant_stmt& s) {
    auto plan = plan_grant(s.privileges_, s.object_, state_.database);
    if (plan.has_error()) return plan.error();
    const auto& p = plan.value();
    // The grantor needs GRANT OPTION and every granted privilege at that level.
    auto mine = p.level.db == "*" ? server_.accounts.global_privileges(state_.user, state_.account_host)
                                  : server_.accounts.db_privileges(state_.user, state_.account_host, p.level.db);
    auto wanted = p.privileges == storage::all_privileges && p.level.db != "*"
                      ? (p.privileges & storage::db_level_privileges)
                      : p.privileges;
    if (!(mine & priv(privilege::grant_option)) || (wanted & ~mine)) {
        if (p.level.db == "*")
            return sql_error{er::access_denied, "28000",
                             fmt::format("Access denied for user '{}'@'{}' (using password: YES)", state_.user,
                                         state_.account_host)};
        return sql_error{er::dbaccess_denied, "42000",
                         fmt::format("Access denied for user '{}'@'{}' to database '{}'", state_.user,
                                     state_.account_host, p.level.db)};
    }
    for (const auto& u : s.users_)
        if (auto st = server_.accounts.grant(u.user_, u.host_, p.level, p.privileges, s.with_grant_option_); st.has_error())
            return st.error();
    return ok_result{};
}

outcome statement_executor::exec_revoke(const sql::revoke_stmt& s) {
    if (s.all_grant_option_) {
        if (auto st = require_global(priv(privilege::create_user), "CREATE USER"); st.has_error()) return st.error();
        for (const auto& u : s.users_)
            for (const auto& g : server_.accounts.grants(u.user_, u.host_))
                if (auto st = server_.accounts.revoke(u.user_, u.host_, g.level, g.privileges, true); st.has_error())
                    return st.error();
        return ok_result{};
    }
    auto plan = plan_grant(s.privileges_, s.object_, state_.database);
    if (plan.has_error()) return plan.error();
    const auto& p = plan.value();
    if (auto st = require_global(priv(privilege::grant_option), "GRANT OPTION"); st.has_error()) return st.error();
    const bool grant_option = std::any_of(s.privileges_.begin(), s.privileges_.end(),
                                          [](const sql::privilege& x) { return x.name_ == "GRANT OPTION"; });
    for (const auto& u : s.users_)
        if (auto st = server_.accounts.revoke(u.user_, u.host_, p.level, p.privileges, grant_option); st.has_error())
            return st.error();
    return ok_result{};
}

outcome statement_executor::exec_set_password(const sql::set_assignment& a, std::string_view text) {
    sql::user_auth u;
    u.user_ = a.user_ ? *a.user_ : sql::user_spec{state_.user, state_.account_host, false};
    if (u.user_.current_user_) u.user_ = {state_.user, state_.account_host, false};
    auto v = czar::evaluate(*a.value_, text, *view_);
    if (v.has_error()) return v.error();
    u.password_ = v.value().first.value_or("");
    sql::alter_user_stmt alter;
    alter.users_.push_back(std::move(u));
    return exec_alter_user(alter);
}

sql_result<result_set> statement_executor::show_grants(const sql::show_stmt& s) {
    std::string user = state_.user, host = state_.account_host;
    if (s.user_ && !s.user_->current_user_) {
        user = s.user_->user_;
        host = s.user_->host_;
        const bool self = user == state_.user && host == state_.account_host;
        if (!self && !has_global(priv(privilege::create_user)) && !has_global(priv(privilege::select)))
            return sql_error{er::dbaccess_denied, "42000",
                             fmt::format("Access denied for user '{}'@'{}' to database 'mysql'", state_.user,
                                         state_.account_host)};
    }
    auto lines = server_.accounts.show_grants(user, host);
    if (lines.empty())
        return sql_error{er::nonexisting_grant, "42000",
                         fmt::format("There is no such grant defined for user '{}' on host '{}'", user, host)};
    result_set rs;
    rs.columns = {text_column(fmt::format("Grants for {}@{}", user, host), 1024)};
    for (auto& l : lines) rs.rows.push_back({std::move(l)});
    return rs;
}

}  // namespace qproxy::session
