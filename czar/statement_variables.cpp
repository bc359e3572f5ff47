#include "czar/statement_variables.hpp"

#include "czar/udf.hpp"
#include "czar/value_format.hpp"

#include <cctype>

namespace qproxy::czar {

namespace {

thread_local statement_variables* installed = nullptr;

std::string folded(std::string_view name) {
    std::string out(name);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}


}  // namespace

statement_variables::statement_variables(const std::vector<sql::sqlite_variable_site>& sites)
    : sites_(sites), previous_(installed) {
    installed = this;
}

statement_variables::~statement_variables() { installed = previous_; }

statement_variables* statement_variables::current() { return installed; }

const sql::sqlite_variable_site* statement_variables::site(std::int64_t i, bool assigns) const {
    if (i < 0 || static_cast<std::uint64_t>(i) >= sites_.size()) return nullptr;
    const auto& s = sites_[static_cast<std::size_t>(i)];
    return s.assigns == assigns ? &s : nullptr;
}

bool statement_variables::assign(std::int64_t i, sqlite3_value* value) {
    const auto* s = site(i, true);
    if (!s) return false;
    // Kept as MySQL text for the assigned type: what the session will hold, and
    // what a later read converts from whatever type that read was resolved with.
    values_[folded(s->name)] = {s->name, format_value(value, s->type), without_origin(s->type)};
    return true;
}

bool statement_variables::read(std::int64_t i, sqlite3_context* ctx) const {
    const auto* s = site(i, false);
    if (!s) return false;
    const auto it = values_.find(folded(s->name));
    if (it == values_.end()) return false;
    result_value(ctx, it->second.value, s->type);
    return true;
}

void statement_variables::hand_back(session_view& session) const {
    for (const auto& [key, v] : values_) session.set_user_variable(v.name, v.value, v.type);
}

namespace udf {

// mysql_assign(site, value): stores the value for the site's variable and returns it unchanged.
void assign(sqlite3_context* ctx, int, sqlite3_value** argv) {
    auto* store = statement_variables::current();
    if (!store || !store->assign(sqlite3_value_int64(argv[0]), argv[1])) {
        sqlite3_result_error(ctx, "user variable assignment outside a statement that declared it", -1);
        return;
    }
    sqlite3_result_value(ctx, argv[1]);
}

// mysql_user_var(site, seed): the value assigned earlier in the statement, else the session's (seed).
void user_var(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* store = statement_variables::current();
    if (store && store->read(sqlite3_value_int64(argv[0]), ctx)) return;
    sqlite3_result_value(ctx, argv[1]);
}

}  // namespace udf

}  // namespace qproxy::czar
