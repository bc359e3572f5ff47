// SHOW: routing, LIKE/WHERE filtering, and the server-level forms
// (variables, status, warnings, character sets, engines, plugins, …).
#include "proxy/session/statement_executor.hpp"

#include "czar/local_engine.hpp"
#include "proxy/session/server_info.hpp"
#include "storage/accounts.hpp"
#include "storage/catalog.hpp"
#include "storage/charsets.hpp"
#include "storage/information_schema.hpp"

#include <fmt/format.h>

namespace qproxy::session {

namespace {

result_set with_columns(std::initializer_list<column_meta> cols) {
    result_set rs;
    rs.columns = cols;
    return rs;
}

result_set name_value(std::string_view first, std::string_view second) {
    return with_columns({text_column(std::string(first), 64), text_column(std::string(second), 1024)});
}

// SHOW PRIVILEGES: MySQL 8.0's static list of the privileges qproxy knows.
struct privilege_description {
    std::string_view name, context, comment;
};
std::span<const privilege_description> privilege_descriptions() {
    static constexpr privilege_description list[] = {
        {"Alter", "Tables", "To alter the table"},
        {"Create", "Databases,Tables,Indexes", "To create new databases and tables"},
        {"Create user", "Server Admin", "To create new users"},
        {"Delete", "Tables", "To delete existing rows"},
        {"Drop", "Databases,Tables", "To drop databases, tables, and views"},
        {"Grant option", "Databases,Tables,Functions,Procedures", "To give to other users those privileges you possess"},
        {"Insert", "Tables", "To insert data into tables"},
        {"Process", "Server Admin", "To view the plain text of currently executing queries"},
        {"Reload", "Server Admin", "To reload or refresh tables, logs and privileges"},
        {"Select", "Tables", "To retrieve rows from table"},
        {"Show databases", "Server Admin", "To see all databases with SHOW DATABASES"},
        {"Super", "Server Admin", "To use KILL thread, SET GLOBAL, CHANGE MASTER, etc."},
        {"Update", "Tables", "To update existing rows"},
        {"Usage", "Server Admin", "No privileges - allow connect only"},
    };
    return list;
}

column_meta uint_column(std::string name, std::uint32_t length = 10) {
    auto c = bigint_column(std::move(name), true);
    c.length = length;
    c.flags |= column_flag::not_null;
    return c;
}

}  // namespace

outcome statement_executor::exec_show(const sql::show_stmt& s, std::string_view text) {
    using k = sql::show_kind;
    sql_result<result_set> rs = result_set{};
    switch (s.kind_) {
    case k::databases:
    case k::tables:
    case k::table_status:
    case k::create_table:
    case k::create_database:
    case k::index: rs = show_tables(s); break;
    case k::columns: rs = show_columns({s.db_, s.table_}, s.full_, text); break;
    case k::grants: rs = show_grants(s); break;
    case k::create_view:
        return sql_error{er::no_such_table, "42S02",
                         fmt::format("Table '{}.{}' doesn't exist", s.db_.empty() ? state_.database : s.db_, s.table_)};
    case k::binary_logs: return sql_error{1381, "HY000", "You are not using binary logging"};
    case k::engine_status: return unsupported("SHOW ENGINE " + s.engine_ + " STATUS");
    default: rs = show_server(s); break;
    }
    if (rs.has_error()) return rs.error();
    if (!s.like_ && !s.where_) return std::move(rs).value();
    auto like = s.like_ ? std::optional<std::string_view>(*s.like_) : std::nullopt;
    auto filtered = czar::filter(std::move(rs).value(), s.where_ ? &*s.where_ : nullptr, like, text, *view_);
    if (filtered.has_error()) return filtered.error();
    return std::move(filtered).value();
}

sql_result<result_set> statement_executor::show_server(const sql::show_stmt& s) {
    using k = sql::show_kind;
    const bool global = s.scope_ == sql::var_scope::global;
    switch (s.kind_) {
    case k::variables: {
        auto rs = name_value("Variable_name", "Value");
        for (const auto& def : all_variables()) {
            if (global && def.scope == var_scope::session_only) continue;
            auto v = global ? server_.globals.get(def) : state_.vars.get(def);
            rs.rows.push_back({std::string(def.name), v ? cell(*v) : cell(std::nullopt)});
        }
        return rs;
    }
    case k::status: {
        auto rs = name_value("Variable_name", "Value");
        const auto& st = server_.stats;
        auto add = [&](std::string_view name, std::string value) { rs.rows.push_back({std::string(name), value}); };
        auto n = [](std::uint64_t v) { return std::to_string(v); };
        add("Aborted_clients", "0");
        add("Aborted_connects", n(st.aborted_connects));
        add("Bytes_received", n(st.bytes_received));
        add("Bytes_sent", n(st.bytes_sent));
        add("Connections", n(st.connections));
        add("Max_used_connections", n(st.max_used_connections));
        // Table caches do not exist here; the counters are kept for tools that read them (mycli's \s).
        add("Open_files", "0");
        add("Open_tables", "0");
        add("Opened_tables", "0");
        add("Queries", n(st.questions));
        add("Questions", n(st.questions));
        add("Slow_queries", "0");
        const bool tls = !global && state_.secure;
        add("Ssl_cipher", tls ? state_.tls_cipher : "");
        add("Ssl_version", tls ? state_.tls_version : "");
        add("Threads_cached", "0");
        add("Threads_connected", n(st.threads_connected));
        add("Threads_created", n(st.connections));
        add("Threads_running", "1");
        add("Uptime", n(st.uptime_seconds()));
        add("Uptime_since_flush_status", n(st.uptime_seconds()));
        return rs;
    }
    case k::warnings:
    case k::errors: {
        auto rs = with_columns({text_column("Level", 7), uint_column("Code", 4), text_column("Message", 512)});
        std::size_t limit = SIZE_MAX, offset = 0;
        if (s.limit_) {
            auto count = czar::evaluate(s.limit_->count_, "", *view_);
            if (count.has_error()) return count.error();
            limit = std::stoull(count.value().first.value_or("0"));
            if (s.limit_->offset_) {
                auto off = czar::evaluate(*s.limit_->offset_, "", *view_);
                if (off.has_error()) return off.error();
                offset = std::stoull(off.value().first.value_or("0"));
            }
        }
        std::size_t seen = 0;
        for (const auto& w : state_.warnings) {
            if (s.kind_ == k::errors && w.level != "Error") continue;
            if (seen++ < offset) continue;
            if (rs.rows.size() >= limit) break;
            rs.rows.push_back({w.level, std::to_string(w.code), w.message});
        }
        return rs;
    }
    case k::warnings_count:
    case k::errors_count: {
        auto name = s.kind_ == k::warnings_count ? "@@session.warning_count" : "@@session.error_count";
        auto rs = with_columns({bigint_column(name, true)});
        auto n = std::count_if(state_.warnings.begin(), state_.warnings.end(),
                               [&](const warning& w) { return s.kind_ == k::warnings_count || w.level == "Error"; });
        rs.rows.push_back({std::to_string(n)});
        return rs;
    }
    case k::collation: {
        auto rs = with_columns({text_column("Collation", 64), text_column("Charset", 64), uint_column("Id", 20),
                                text_column("Default", 3), text_column("Compiled", 3), uint_column("Sortlen", 3),
                                text_column("Pad_attribute", 9)});
        for (const auto& c : storage::collations())
            rs.rows.push_back({c.name, c.charset, std::to_string(c.id), std::string(c.is_default ? "Yes" : ""),
                               std::string(c.is_compiled ? "Yes" : ""), std::to_string(c.sortlen),
                               std::string(c.pad_attribute)});
        return rs;
    }
    case k::charset: {
        auto rs = with_columns({text_column("Charset", 64), text_column("Description", 2048),
                                text_column("Default collation", 64), uint_column("Maxlen", 3)});
        for (const auto& c : storage::charsets())
            rs.rows.push_back({std::string(c.name), std::string(c.description), std::string(c.default_collation),
                               std::to_string(c.maxlen)});
        return rs;
    }
    case k::engines: {
        auto rs = with_columns({text_column("Engine", 64), text_column("Support", 8), text_column("Comment", 80),
                                text_column("Transactions", 3), text_column("XA", 3), text_column("Savepoints", 3)});
        for (const auto& e : storage::engines())
            rs.rows.push_back({std::string(e.name), std::string(e.support), std::string(e.comment),
                               std::string(e.transactions), std::string(e.xa), std::string(e.savepoints)});
        return rs;
    }
    case k::plugins: {
        auto rs = with_columns({text_column("Name", 64), text_column("Status", 10), text_column("Type", 80),
                                text_column("Library", 4096), text_column("License", 80)});
        for (const auto& p : storage::plugins())
            rs.rows.push_back({std::string(p.name), std::string(p.status), std::string(p.type), std::nullopt,
                               std::string(p.license)});
        return rs;
    }
    case k::privileges: {
        auto rs = with_columns({text_column("Privilege", 64), text_column("Context", 64), text_column("Comment", 256)});
        for (const auto& p : privilege_descriptions())
            rs.rows.push_back({std::string(p.name), std::string(p.context), std::string(p.comment)});
        return rs;
    }
    case k::processlist: return show_processlist(s.full_);  // Qserv's shape (ASYNC_API.md)
    case k::procedure_status:
    case k::function_status:
        return with_columns({text_column("Db", 64), text_column("Name", 64), text_column("Type", 9),
                             text_column("Definer", 288), datetime_column("Modified"), datetime_column("Created"),
                             text_column("Security_type", 7), text_column("Comment", 65535),
                             text_column("character_set_client", 32), text_column("collation_connection", 64),
                             text_column("Database Collation", 64)});
    case k::triggers:
        return with_columns({text_column("Trigger", 64), text_column("Event", 6), text_column("Table", 64),
                             text_column("Statement", 65535), text_column("Timing", 6), datetime_column("Created"),
                             text_column("sql_mode", 8192), text_column("Definer", 288),
                             text_column("character_set_client", 32), text_column("collation_connection", 64),
                             text_column("Database Collation", 64)});
    case k::events:
        return with_columns({text_column("Db", 64), text_column("Name", 64), text_column("Definer", 288),
                             text_column("Time zone", 64), text_column("Type", 9), text_column("Execute at", 19),
                             text_column("Interval value", 256), text_column("Interval field", 18),
                             datetime_column("Starts"), datetime_column("Ends"), text_column("Status", 18),
                             bigint_column("Originator", true), text_column("character_set_client", 32),
                             text_column("collation_connection", 64), text_column("Database Collation", 64)});
    case k::open_tables:
        return with_columns({text_column("Database", 64), text_column("Table", 64), bigint_column("In_use"),
                             bigint_column("Name_locked")});
    case k::master_status:
        return with_columns({text_column("File", 512), uint_column("Position", 20), text_column("Binlog_Do_DB", 255),
                             text_column("Binlog_Ignore_DB", 255), text_column("Executed_Gtid_Set", 255)});
    case k::replica_status: return with_columns({text_column("Replica_IO_State", 64), text_column("Source_Host", 255)});
    case k::profiles:
        return with_columns({int_column("Query_ID"), double_column("Duration"), text_column("Query", 1024)});
    default: break;
    }
    return unsupported("this SHOW statement");
}

}  // namespace qproxy::session
