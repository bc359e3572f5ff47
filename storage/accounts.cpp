#include "storage/accounts.hpp"

#include "storage/host_match.hpp"
#include "storage/system_db.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <mutex>
#include <tuple>

namespace qproxy::storage {

namespace {

inline constexpr std::uint16_t er_wrong_usage = 1221;              // HY000
inline constexpr std::uint16_t er_illegal_grant_for_table = 1144;  // 42000
inline constexpr std::uint16_t er_nonexisting_table_grant = 1147;  // 42000
inline constexpr std::uint16_t er_wrong_string_length = 1470;      // HY000

constexpr privilege_set grant_option_bit = bit(privilege::grant_option);
const grant_level global_level{"*", "*"};

bool is_global(const grant_level& level) { return level.db == "*"; }
bool is_db(const grant_level& level) { return level.db != "*" && level.table == "*"; }

privilege_set level_mask(const grant_level& level) {
    return is_global(level) ? all_privileges : is_db(level) ? db_level_privileges : table_level_privileges;
}

sql_error cannot_user(std::string_view operation, std::string_view user, std::string_view host) {
    return {er::cannot_user, "HY000", fmt::format("Operation {} failed for '{}'@'{}'", operation, user, host)};
}

sql_error no_such_grant(std::string_view user, std::string_view host, const grant_level& level) {
    if (is_global(level) || is_db(level)) {
        return {er::nonexisting_grant, "42000",
                fmt::format("There is no such grant defined for user '{}' on host '{}'", user, host)};
    }
    return {er_nonexisting_table_grant, "42000",
            fmt::format("There is no such grant defined for user '{}' on host '{}' on table '{}'", user, host,
                        level.table)};
}

// What GRANT/REVOKE <privileges> means at this level: ALL becomes the level's
// full set; privileges that do not exist at the level are MySQL's errors.
sql_result<privilege_set> resolve(const grant_level& level, privilege_set requested) {
    const privilege_set mask = level_mask(level);
    if (requested == all_privileges) return mask;
    requested &= ~grant_option_bit;
    if (level.db == "*" && level.table != "*") requested = ~privilege_set{0};  // *.t is no level at all
    if (requested & ~mask) {
        if (is_db(level)) return sql_error{er_wrong_usage, "HY000", "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES"};
        return sql_error{er_illegal_grant_for_table, "42000",
                         "Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used"};
    }
    return requested;
}

sql_status check_lengths(const account& a) {
    // MySQL 8.0's limits: 32 characters of user name, 255 of host name.
    if (a.user.size() > 32) {
        return sql_error{er_wrong_string_length, "HY000",
                         fmt::format("String '{}' is too long for user name (should be no longer than 32)", a.user)};
    }
    if (a.host.size() > 255) {
        return sql_error{er_wrong_string_length, "HY000",
                         fmt::format("String '{}' is too long for host name (should be no longer than 255)", a.host)};
    }
    return ok();
}

std::string backquoted(std::string_view name) {
    std::string out = "`";
    for (char c : name) {
        if (c == '`') out += '`';
        out += c;
    }
    return out + "`";
}

std::string grant_text(const grant_entry& g, std::string_view user, std::string_view host) {
    const privilege_set privileges = g.privileges & ~grant_option_bit;
    const std::string what = privileges == 0                        ? std::string("USAGE")
                             : privileges == level_mask(g.level) ? std::string("ALL PRIVILEGES")
                                                                 : privilege_list(privileges);
    const std::string on = is_global(g.level) ? std::string("*.*")
                           : is_db(g.level)   ? backquoted(g.level.db) + ".*"
                                              : backquoted(g.level.db) + "." + backquoted(g.level.table);
    return fmt::format("GRANT {} ON {} TO {}@{}{}", what, on, backquoted(user), backquoted(host),
                       (g.privileges & grant_option_bit) ? " WITH GRANT OPTION" : "");
}

}  // namespace

account_store::account_store(database db, std::map<key, entry> accounts)
    : db_(std::move(db)), accounts_(std::move(accounts)) {}

sql_result<std::unique_ptr<account_store>> account_store::open(const std::filesystem::path& data_dir) {
    BOOST_OUTCOME_TRY(db, open_system_db(data_dir));
    std::map<key, entry> accounts;
    {
        BOOST_OUTCOME_TRY(users, db.prepare("SELECT user, host, plugin, auth_string, require_ssl FROM users"));
        for (;;) {
            BOOST_OUTCOME_TRY(row, users.step());
            if (!row) break;
            account a{std::string(users.column_text(0)), ascii_lower(users.column_text(1)),
                      std::string(users.column_text(2)), std::string(users.column_blob(3)),
                      users.column_int64(4) != 0};
            key k{a.user, a.host};
            accounts.emplace(std::move(k), entry{std::move(a), {}});
        }
    }
    BOOST_OUTCOME_TRY(rows, db.prepare("SELECT user, host, db, tbl, privileges, with_grant_option FROM grants"));
    for (;;) {
        BOOST_OUTCOME_TRY(row, rows.step());
        if (!row) break;
        const auto it = accounts.find(key{std::string(rows.column_text(0)), ascii_lower(rows.column_text(1))});
        if (it == accounts.end()) continue;  // unreachable with foreign keys on; harmless anyway
        const auto privileges = static_cast<privilege_set>(rows.column_int64(4));
        it->second.grants[key{std::string(rows.column_text(2)), std::string(rows.column_text(3))}] =
            privileges | (rows.column_int64(5) ? grant_option_bit : 0);
    }
    return std::unique_ptr<account_store>(new account_store(std::move(db), std::move(accounts)));
}

const account_store::entry* account_store::lookup(std::string_view user, std::string_view host) const {
    const auto it = accounts_.find(key{std::string(user), ascii_lower(host)});
    return it == accounts_.end() ? nullptr : &it->second;
}

account_store::entry* account_store::lookup(std::string_view user, std::string_view host) {
    const auto it = accounts_.find(key{std::string(user), ascii_lower(host)});
    return it == accounts_.end() ? nullptr : &it->second;
}

std::optional<account> account_store::find(std::string_view user, std::string_view client_host) const {
    std::shared_lock lock(mutex_);
    const entry* best = nullptr;
    std::tuple<host_rank, bool> best_rank;
    for (const auto& [k, e] : accounts_) {
        if (!e.acct.user.empty() && e.acct.user != user) continue;
        const auto rank = match_host(e.acct.host, client_host);
        if (!rank) continue;
        const auto candidate = std::make_tuple(*rank, !e.acct.user.empty());
        if (!best || candidate > best_rank) {
            best = &e;
            best_rank = candidate;
        }
    }
    if (!best) return std::nullopt;
    return best->acct;
}

std::optional<account> account_store::get(std::string_view user, std::string_view host) const {
    std::shared_lock lock(mutex_);
    const entry* e = lookup(user, host);
    if (!e) return std::nullopt;
    return e->acct;
}

sql_status account_store::create_user(const account& a, bool if_not_exists, bool& existed) {
    BOOST_OUTCOME_TRY(check_lengths(a));
    std::unique_lock lock(mutex_);
    existed = lookup(a.user, a.host) != nullptr;
    if (existed) {
        if (if_not_exists) return ok();
        return cannot_user("CREATE USER", a.user, a.host);
    }
    account stored = a;
    stored.host = ascii_lower(a.host);
    BOOST_OUTCOME_TRY(insert, db_.prepare(
        "INSERT INTO users (user, host, plugin, auth_string, require_ssl) VALUES (?, ?, ?, ?, ?)"));
    BOOST_OUTCOME_TRY(insert.bind_all(stored.user, stored.host, stored.plugin));
    BOOST_OUTCOME_TRY(insert.bind_blob(4, stored.auth_string));
    BOOST_OUTCOME_TRY(insert.bind_int64(5, stored.require_ssl));
    BOOST_OUTCOME_TRY(insert.run());
    key k{stored.user, stored.host};
    accounts_.emplace(std::move(k), entry{std::move(stored), {}});
    return ok();
}

sql_status account_store::alter_user(const account& a, bool if_exists) {
    std::unique_lock lock(mutex_);
    entry* e = lookup(a.user, a.host);
    if (!e) {
        if (if_exists) return ok();
        return cannot_user("ALTER USER", a.user, a.host);
    }
    BOOST_OUTCOME_TRY(update, db_.prepare(
        "UPDATE users SET plugin = ?, auth_string = ?, require_ssl = ? WHERE user = ? AND host = ?"));
    BOOST_OUTCOME_TRY(update.bind_text(1, a.plugin));
    BOOST_OUTCOME_TRY(update.bind_blob(2, a.auth_string));
    BOOST_OUTCOME_TRY(update.bind_int64(3, a.require_ssl));
    BOOST_OUTCOME_TRY(update.bind_text(4, e->acct.user));
    BOOST_OUTCOME_TRY(update.bind_text(5, e->acct.host));
    BOOST_OUTCOME_TRY(update.run());
    e->acct.plugin = a.plugin;
    e->acct.auth_string = a.auth_string;
    e->acct.require_ssl = a.require_ssl;
    return ok();
}

sql_status account_store::drop_user(std::string_view user, std::string_view host, bool if_exists) {
    std::unique_lock lock(mutex_);
    const entry* e = lookup(user, host);
    if (!e) {
        if (if_exists) return ok();
        return cannot_user("DROP USER", user, host);
    }
    // Grants go with the user (ON DELETE CASCADE).
    BOOST_OUTCOME_TRY(remove, db_.prepare("DELETE FROM users WHERE user = ? AND host = ?"));
    BOOST_OUTCOME_TRY(remove.bind_all(e->acct.user, e->acct.host));
    BOOST_OUTCOME_TRY(remove.run());
    accounts_.erase(key{e->acct.user, e->acct.host});
    return ok();
}

sql_status account_store::grant(std::string_view user, std::string_view host, const grant_level& level,
                                privilege_set privileges, bool with_grant_option) {
    with_grant_option = with_grant_option || (privileges & grant_option_bit);
    BOOST_OUTCOME_TRY(resolved, resolve(level, privileges));
    std::unique_lock lock(mutex_);
    entry* e = lookup(user, host);
    if (!e) return sql_error{er::password_no_match, "42000", "Can't find any matching row in the user table"};
    if (resolved == 0 && !with_grant_option) return ok();  // GRANT USAGE: nothing to record
    BOOST_OUTCOME_TRY(upsert, db_.prepare(
        "INSERT INTO grants (user, host, db, tbl, privileges, with_grant_option) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (user, host, db, tbl) DO UPDATE SET privileges = privileges | excluded.privileges, "
        "with_grant_option = with_grant_option | excluded.with_grant_option"));
    BOOST_OUTCOME_TRY(upsert.bind_all(e->acct.user, e->acct.host, level.db, level.table, resolved, with_grant_option));
    BOOST_OUTCOME_TRY(upsert.run());
    e->grants[key{level.db, level.table}] |= resolved | (with_grant_option ? grant_option_bit : 0);
    return ok();
}

sql_status account_store::revoke(std::string_view user, std::string_view host, const grant_level& level,
                                 privilege_set privileges, bool grant_option) {
    grant_option = grant_option || (privileges & grant_option_bit);
    BOOST_OUTCOME_TRY(resolved, resolve(level, privileges));
    std::unique_lock lock(mutex_);
    entry* e = lookup(user, host);
    if (!e) return no_such_grant(user, host, level);
    const auto it = e->grants.find(key{level.db, level.table});
    if (it == e->grants.end()) {
        // Every account has a (possibly empty) global row in MySQL.
        if (is_global(level)) return ok();
        return no_such_grant(user, host, level);
    }
    const privilege_set remaining = it->second & ~(resolved | (grant_option ? grant_option_bit : 0));
    BOOST_OUTCOME_TRY(change, db_.prepare(
        remaining == 0 ? "DELETE FROM grants WHERE user = ?1 AND host = ?2 AND db = ?3 AND tbl = ?4"
                       : "UPDATE grants SET privileges = ?5, with_grant_option = ?6 "
                         "WHERE user = ?1 AND host = ?2 AND db = ?3 AND tbl = ?4"));
    if (remaining == 0) {
        BOOST_OUTCOME_TRY(change.bind_all(e->acct.user, e->acct.host, level.db, level.table));
    } else {
        BOOST_OUTCOME_TRY(change.bind_all(e->acct.user, e->acct.host, level.db, level.table,
                                          remaining & ~grant_option_bit, (remaining & grant_option_bit) != 0));
    }
    BOOST_OUTCOME_TRY(change.run());
    if (remaining == 0) {
        e->grants.erase(it);
    } else {
        it->second = remaining;
    }
    return ok();
}

privilege_set account_store::global_privileges(std::string_view user, std::string_view host) const {
    return db_privileges(user, host, "*");
}

privilege_set account_store::db_privileges(std::string_view user, std::string_view host, std::string_view db) const {
    return table_privileges(user, host, db, "*");
}

privilege_set account_store::table_privileges(std::string_view user, std::string_view host, std::string_view db,
                                              std::string_view table) const {
    std::shared_lock lock(mutex_);
    const entry* e = lookup(user, host);
    if (!e) return 0;
    privilege_set out = 0;
    // Each level includes the ones above it: *.* then db.* then db.table.
    for (const key& level : {key{"*", "*"}, key{std::string(db), "*"}, key{std::string(db), std::string(table)}}) {
        if (const auto it = e->grants.find(level); it != e->grants.end()) out |= it->second;
    }
    return out;
}

bool account_store::can_see_db(std::string_view user, std::string_view host, std::string_view db) const {
    if (iequals(db, "information_schema")) return true;
    std::shared_lock lock(mutex_);
    const entry* e = lookup(user, host);
    if (!e) return false;
    for (const auto& [level, privileges] : e->grants) {
        if (level.first == "*" && (privileges & (db_level_privileges | bit(privilege::show_databases)))) return true;
        if (level.first == db && privileges != 0) return true;
    }
    return false;
}

std::vector<grant_entry> account_store::entries(const entry& e) {
    const auto global = e.grants.find(key{"*", "*"});
    std::vector<grant_entry> out{{global_level, global == e.grants.end() ? 0 : global->second}};
    // MySQL lists database-level grants before table-level ones.
    for (const bool want_db_level : {true, false}) {
        for (const auto& [level, privileges] : e.grants) {
            if (level.first == "*" || (level.second == "*") != want_db_level) continue;
            out.push_back({{level.first, level.second}, privileges});
        }
    }
    return out;
}

std::vector<grant_entry> account_store::grants(std::string_view user, std::string_view host) const {
    std::shared_lock lock(mutex_);
    const entry* e = lookup(user, host);
    return e ? entries(*e) : std::vector<grant_entry>{};
}

std::vector<std::string> account_store::show_grants(std::string_view user, std::string_view host) const {
    std::shared_lock lock(mutex_);
    std::vector<std::string> out;
    const entry* e = lookup(user, host);
    if (!e) return out;
    for (const auto& g : entries(*e)) out.push_back(grant_text(g, e->acct.user, e->acct.host));
    return out;
}

std::vector<account> account_store::accounts() const {
    std::shared_lock lock(mutex_);
    std::vector<account> out;
    out.reserve(accounts_.size());
    for (const auto& [k, e] : accounts_) out.push_back(e.acct);
    return out;
}

}  // namespace qproxy::storage
