#include "storage/schema_rows.hpp"

#include "storage/accounts.hpp"
#include "storage/charsets.hpp"
#include "storage/column_types.hpp"

#include <fmt/format.h>

#include <optional>

namespace qproxy::storage {

namespace {

const schema_value null{};

schema_value text(std::string_view s) { return std::string(s); }
schema_value integer(std::int64_t v) { return v; }
schema_value opt(const std::optional<std::string>& s) { return s ? schema_value(*s) : null; }
schema_value opt(const std::optional<std::int64_t>& v) { return v ? schema_value(*v) : null; }

std::vector<schema_row>& rows_of(schema_rows& rows, is_table t) { return rows.tables[static_cast<std::size_t>(t)]; }

std::string db_collation(std::span<const database_info> databases, std::string_view db) {
    for (const auto& d : databases) {
        if (d.name == db) return d.collation;
    }
    return "utf8mb3_general_ci";
}

void add_table(schema_rows& rows, const table_info& t, bool system_view, std::string_view collation,
               std::string_view create_time) {
    const schema_value zero = system_view ? integer(0) : null;
    rows_of(rows, is_table::tables).push_back({
        text("def"), text(t.db), text(t.name), text(system_view ? "SYSTEM VIEW" : "BASE TABLE"),
        system_view ? null : text(t.engine.empty() ? qserv_engine : t.engine), integer(10),
        system_view ? null : text("Dynamic"), zero, zero, zero, zero, zero, zero, null, text(create_time), null, null,
        system_view ? null : text(collation), null, text(""), text(t.comment)});

    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto& c = t.columns[i];
        const auto details = describe_column_type(c.column_type, c.collation.value_or(""));
        column_type_details d;
        if (details) d = details.value();
        rows_of(rows, is_table::columns).push_back({
            text("def"), text(t.db), text(t.name), text(c.name), integer(static_cast<std::int64_t>(i + 1)),
            opt(c.default_value), text(c.nullable ? "YES" : "NO"), text(c.data_type), opt(d.character_maximum_length),
            opt(d.character_octet_length), opt(d.numeric_precision), opt(d.numeric_scale), opt(d.datetime_precision),
            opt(c.charset), opt(c.collation), text(c.column_type), text(c.key), text(c.extra), text("select"),
            text(c.comment), text(""), null});
    }
    if (system_view) return;

    // Keys as MySQL reports them: PRI columns form PRIMARY, each UNI/MUL
    // column its own index named after it.
    std::int64_t primary_seq = 0;
    for (const auto& c : t.columns) {
        if (c.key.empty()) continue;
        const bool primary = c.key == "PRI";
        const std::string index = primary ? "PRIMARY" : c.name;
        const std::int64_t seq = primary ? ++primary_seq : 1;
        rows_of(rows, is_table::statistics).push_back({
            text("def"), text(t.db), text(t.name), integer(c.key == "MUL"), text(t.db), text(index), integer(seq),
            text(c.name), text("A"), null, null, null, text(c.nullable ? "YES" : ""), text("BTREE"), text(""),
            text(""), text("YES"), null});
        if (c.key == "MUL") continue;
        rows_of(rows, is_table::key_column_usage).push_back({
            text("def"), text(t.db), text(index), text("def"), text(t.db), text(t.name), text(c.name), integer(seq),
            null, null, null, null});
        if (seq == 1) {
            rows_of(rows, is_table::table_constraints).push_back({
                text("def"), text(t.db), text(index), text(t.db), text(t.name),
                text(primary ? "PRIMARY KEY" : "UNIQUE"), text("YES")});
        }
    }
    rows_of(rows, is_table::partitions).push_back({
        text("def"), text(t.db), text(t.name), null, null, null, null, null, null, null, null, null, integer(0),
        integer(0), integer(0), integer(0), integer(0), integer(0), text(create_time), null, null, null, text(""),
        null, null});
}

void add_static(schema_rows& rows) {
    for (const auto& cs : charsets()) {
        rows_of(rows, is_table::character_sets).push_back({
            text(cs.name), text(cs.default_collation), text(cs.description), integer(cs.maxlen)});
    }
    for (const auto& c : collations()) {
        rows_of(rows, is_table::collations).push_back({
            text(c.name), text(c.charset), integer(c.id), text(c.is_default ? "Yes" : ""),
            text(c.is_compiled ? "Yes" : ""), integer(c.sortlen), text(c.pad_attribute)});
        rows_of(rows, is_table::collation_character_set_applicability).push_back({text(c.name), text(c.charset)});
    }
    for (const auto& e : engines()) {
        rows_of(rows, is_table::engines).push_back({
            text(e.name), text(e.support), text(e.comment), text(e.transactions), text(e.xa), text(e.savepoints)});
    }
    for (const auto& p : plugins()) {
        rows_of(rows, is_table::plugins).push_back({
            text(p.name), text(p.version), text(p.status), text(p.type), text(p.type_version), null, null,
            text(p.author), text(p.description), text(p.license), text(p.load_option)});
    }
}

}  // namespace

std::shared_ptr<const schema_rows> build_schema_rows(std::span<const database_info> databases,
                                                     std::span<const table_info> tables,
                                                     std::string_view create_time) {
    auto rows = std::make_shared<schema_rows>();
    rows_of(*rows, is_table::schemata).push_back({
        text("def"), text(information_schema_name), text("utf8mb3"), text("utf8mb3_general_ci"), null, text("NO")});
    for (const auto& d : databases) {
        rows_of(*rows, is_table::schemata).push_back({
            text("def"), text(d.name), text(d.charset), text(d.collation), null, text("NO")});
    }
    for (const auto& t : information_schema_tables()) add_table(*rows, t, true, "", create_time);
    for (const auto& t : tables) add_table(*rows, t, false, db_collation(databases, t.db), create_time);
    add_static(*rows);
    return rows;
}

std::vector<schema_row> privilege_rows(is_table t, const account_store& accounts, std::string_view user,
                                       std::string_view host) {
    std::vector<schema_row> out;
    const bool everyone = accounts.global_privileges(user, host) & bit(privilege::create_user);
    for (const auto& a : accounts.accounts()) {
        if (!everyone && !(a.user == user && a.host == host)) continue;
        const std::string grantee = fmt::format("'{}'@'{}'", a.user, a.host);
        for (const auto& g : accounts.grants(a.user, a.host)) {
            const bool global = g.level.db == "*";
            const bool db_level = !global && g.level.table == "*";
            const bool wanted = (t == is_table::user_privileges && global) ||
                                (t == is_table::schema_privileges && db_level) ||
                                (t == is_table::table_privileges && !global && !db_level);
            if (!wanted) continue;
            const std::string grantable = (g.privileges & bit(privilege::grant_option)) ? "YES" : "NO";
            auto add = [&](std::string_view privilege_type) {
                schema_row row{text(grantee), text("def")};
                if (!global) row.push_back(text(g.level.db));
                if (!global && !db_level) row.push_back(text(g.level.table));
                row.push_back(text(privilege_type));
                row.push_back(text(grantable));
                out.push_back(std::move(row));
            };
            const privilege_set privileges = g.privileges & ~bit(privilege::grant_option);
            // An account without global privileges still shows up, as USAGE.
            if (privileges == 0 && global) add("USAGE");
            for (std::uint32_t b = 0; b < 28; ++b) {
                const auto p = static_cast<privilege>(1u << b);
                if (privileges & bit(p)) add(privilege_name(p));
            }
        }
    }
    return out;
}

}  // namespace qproxy::storage
