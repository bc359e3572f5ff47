#include "czar/session_env.hpp"

#include "czar/mysql_time.hpp"
#include "parser/typing.hpp"
#include "storage/charsets.hpp"

#include <fmt/format.h>


namespace qproxy::czar {

namespace {

std::string_view scope_name(sql::var_scope scope) {
    switch (scope) {
    case sql::var_scope::global: return "global";
    case sql::var_scope::session: return "session";
    case sql::var_scope::local: return "local";
    default: return "";
    }
}


}  // namespace

session_env::session_env(const session_view& session)
    : session_(session), database_(session.database()), now_(std::chrono::system_clock::now()) {}

// Read when first asked: most statements (`SELECT 1`) need none of them.
std::uint16_t session_env::collation() const {
    if (!collation_) {
        collation_ = charset::utf8mb4_0900_ai_ci;
        if (auto c = session_.system_variable("session", "collation_connection"); c && c->first)
            if (const auto* info = storage::find_collation(*c->first)) collation_ = info->id;
    }
    return *collation_;
}

std::string_view session_env::version() const {
    if (!version_) {
        const auto v = session_.system_variable("", "version");
        version_ = v && v->first ? *v->first : std::string();
    }
    return *version_;
}

std::string session_env::time_zone() const {
    if (!time_zone_) time_zone_ = session_.time_zone();
    return *time_zone_;
}

sql_result<column_meta> session_env::column(const sql::expr& ref) const {
    if (columns_) {
        BOOST_OUTCOME_TRY(found, columns_(ref));
        if (found) return *found;
    }
    std::string name = ref.table_.empty() ? ref.name_ : ref.table_ + "." + ref.name_;
    return sql_error{er::bad_field, "42S22", fmt::format("Unknown column '{}' in '{}'", name, clause_)};
}

sql_result<column_meta> session_env::system_variable(sql::var_scope scope, std::string_view name) const {
    const auto v = session_.system_variable(scope_name(scope), name);
    if (!v) return sql::type_env::system_variable(scope, name);
    return without_origin(v->second);
}

column_meta session_env::user_variable(std::string_view name) const {
    const auto v = session_.user_variable(name);
    if (!v) return sql::type_env::user_variable(name);
    return without_origin(v->second);
}

sql_result<cell> session_env::value_of(const sql::expr& e) const {
    switch (e.kind_) {
    case sql::expr_kind::sys_var: {
        const auto v = session_.system_variable(scope_name(e.scope_), e.name_);
        if (!v) return sql::type_env::system_variable(e.scope_, e.name_).error();
        return v->first;
    }
    case sql::expr_kind::user_var: {
        const auto v = session_.user_variable(e.name_);
        return v ? v->first : cell{};
    }
    case sql::expr_kind::func: return function_value(e);
    default: return unsupported(fmt::format("a session value for {}", e.name_));
    }
}

sql_result<cell> session_env::function_value(const sql::expr& call) const {
    const std::string& n = call.canonical_;
    if (n == "DATABASE" || n == "SCHEMA") return database_.empty() ? cell{} : cell{database_};
    if (n == "USER" || n == "SESSION_USER" || n == "SYSTEM_USER") return cell{session_.user()};
    if (n == "CURRENT_USER") return cell{session_.current_user()};
    if (n == "VERSION") return cell{std::string(version())};
    if (n == "CONNECTION_ID") return cell{std::to_string(session_.connection_id())};
    if (n == "LAST_INSERT_ID") return cell{std::to_string(session_.last_insert_id())};
    if (n == "ROW_COUNT") return cell{std::to_string(session_.row_count())};
    if (n == "FOUND_ROWS") return cell{std::to_string(session_.found_rows())};
    if (n == "UNIX_TIMESTAMP")
        return cell{std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now_.time_since_epoch()).count())};
    BOOST_OUTCOME_TRY(type, sql::infer(call, *this));
    return cell{clock_text(type, n.starts_with("UTC_"))};
}

std::string session_env::clock_text(const column_meta& type, bool utc) const {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now_.time_since_epoch()).count();
    auto t = from_epoch(micros / 1000000, utc ? "+00:00" : time_zone());
    if (!t) return {};
    t->micro = static_cast<int>(micros % 1000000);
    // MySQL truncates the clock to the requested fractional digits.
    static constexpr int scale[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    const unsigned fsp = std::min<unsigned>(type.decimals, 6);
    t->micro = t->micro / scale[fsp] * scale[fsp];
    if (type.type == field_type::date) t->kind = mysql_time::kind_t::date;
    else if (type.type == field_type::time) t->kind = mysql_time::kind_t::time;
    return format_time_value(*t, fsp);
}

}  // namespace qproxy::czar
