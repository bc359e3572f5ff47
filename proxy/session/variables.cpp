#include "proxy/session/variables.hpp"

#include "proxy/session/server_info.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <mutex>
#include <unordered_map>

namespace qproxy::session {

namespace {

using enum var_type;
using enum var_scope;

// MySQL 8.0 defaults; what clients and BI tools ask for. Sorted by name.
constexpr var_def defs[] = {
    {"auto_increment_increment", unsigned_integer, both, false, "1"},
    {"auto_increment_offset", unsigned_integer, both, false, "1"},
    {"autocommit", boolean, both, false, "ON"},
    {"basedir", string, global_only, true, "/usr/"},
    {"big_tables", boolean, both, false, "OFF"},
    {"binlog_format", enumeration, both, false, "ROW", "ROW,STATEMENT,MIXED"},
    {"block_encryption_mode", string, both, false, "aes-128-ecb"},
    {"bulk_insert_buffer_size", unsigned_integer, both, false, "8388608"},
    {"character_set_client", string, both, false, "utf8mb4"},
    {"character_set_connection", string, both, false, "utf8mb4"},
    {"character_set_database", string, both, false, "utf8mb4"},
    {"character_set_filesystem", string, both, false, "binary"},
    {"character_set_results", string, both, false, "utf8mb4"},
    {"character_set_server", string, both, false, "utf8mb4"},
    {"character_set_system", string, global_only, true, "utf8mb3"},
    {"collation_connection", string, both, false, "utf8mb4_0900_ai_ci"},
    {"collation_database", string, both, false, "utf8mb4_0900_ai_ci"},
    {"collation_server", string, both, false, "utf8mb4_0900_ai_ci"},
    {"completion_type", enumeration, both, false, "NO_CHAIN", "NO_CHAIN,CHAIN,RELEASE"},
    {"connect_timeout", unsigned_integer, global_only, false, "10"},
    {"datadir", string, global_only, true, "./qproxy-data/"},
    {"default_authentication_plugin", string, global_only, true, "mysql_native_password"},
    {"default_storage_engine", string, both, false, "InnoDB"},
    {"default_tmp_storage_engine", string, both, false, "InnoDB"},
    {"default_week_format", unsigned_integer, both, false, "0"},
    {"div_precision_increment", unsigned_integer, both, false, "4"},
    {"error_count", unsigned_integer, session_only, true, "0"},
    {"event_scheduler", enumeration, global_only, false, "OFF", "ON,OFF,DISABLED"},
    {"explicit_defaults_for_timestamp", boolean, both, false, "ON"},
    {"foreign_key_checks", boolean, both, false, "ON"},
    {"group_concat_max_len", unsigned_integer, both, false, "1024"},
    {"gtid_mode", enumeration, global_only, true, "OFF", "OFF,OFF_PERMISSIVE,ON_PERMISSIVE,ON"},
    {"have_openssl", string, global_only, true, "YES"},
    {"have_ssl", string, global_only, true, "YES"},
    {"hostname", string, global_only, true, "localhost"},
    {"identity", unsigned_integer, session_only, false, "0"},
    {"init_connect", string, global_only, false, ""},
    {"innodb_lock_wait_timeout", unsigned_integer, both, false, "50"},
    {"innodb_version", string, global_only, true, "8.0.36"},
    {"insert_id", unsigned_integer, session_only, false, "0"},
    {"interactive_timeout", unsigned_integer, both, false, "28800"},
    {"last_insert_id", unsigned_integer, session_only, false, "0"},
    {"lc_messages", string, both, false, "en_US"},
    {"lc_time_names", string, both, false, "en_US"},
    {"license", string, global_only, true, "GPL"},
    {"local_infile", boolean, global_only, false, "ON"},
    {"lock_wait_timeout", unsigned_integer, both, false, "31536000"},
    {"log_bin", boolean, global_only, true, "OFF"},
    {"long_query_time", real, both, false, "10.000000"},
    {"lower_case_file_system", boolean, global_only, true, "OFF"},
    {"lower_case_table_names", unsigned_integer, global_only, true, "0"},
    {"max_allowed_packet", unsigned_integer, both, false, "67108864"},
    {"max_connections", unsigned_integer, global_only, true, "10000"},
    {"max_error_count", unsigned_integer, both, false, "1024"},
    {"max_execution_time", unsigned_integer, both, false, "0"},
    {"max_join_size", unsigned_integer, both, false, "18446744073709551615"},
    {"max_sort_length", unsigned_integer, both, false, "1024"},
    {"max_user_connections", unsigned_integer, both, false, "0"},
    {"net_buffer_length", unsigned_integer, both, false, "16384"},
    {"net_read_timeout", unsigned_integer, both, false, "30"},
    {"net_retry_count", unsigned_integer, both, false, "10"},
    {"net_write_timeout", unsigned_integer, both, false, "60"},
    {"performance_schema", boolean, global_only, true, "OFF"},
    {"port", unsigned_integer, global_only, true, "4040"},
    {"profiling", boolean, both, false, "OFF"},
    {"protocol_version", unsigned_integer, global_only, true, "10"},
    {"pseudo_thread_id", unsigned_integer, session_only, false, "0"},
    {"query_cache_size", unsigned_integer, global_only, true, "0"},
    {"query_cache_type", enumeration, both, false, "OFF", "OFF,ON,DEMAND"},
    {"read_only", boolean, global_only, true, "OFF"},
    {"require_secure_transport", boolean, global_only, false, "OFF"},
    {"secure_file_priv", string, global_only, true, ""},
    {"server_id", unsigned_integer, global_only, true, "1"},
    {"session_track_schema", boolean, both, false, "ON"},
    {"session_track_state_change", boolean, both, false, "OFF"},
    {"session_track_system_variables", string, both, false, "time_zone,autocommit,character_set_client,character_set_results,character_set_connection"},
    {"session_track_transaction_info", enumeration, both, false, "OFF", "OFF,STATE,CHARACTERISTICS"},
    {"skip_networking", boolean, global_only, true, "OFF"},
    {"socket", string, global_only, true, ""},
    {"sql_auto_is_null", boolean, both, false, "OFF"},
    {"sql_big_selects", boolean, both, false, "ON"},
    {"sql_log_bin", boolean, session_only, false, "ON"},
    {"sql_mode", set, both, false,
     "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
     "REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NOT_USED,ONLY_FULL_GROUP_BY,NO_UNSIGNED_SUBTRACTION,"
     "NO_DIR_IN_CREATE,NOT_USED_9,NOT_USED_10,NOT_USED_11,NOT_USED_12,NOT_USED_13,NOT_USED_14,NOT_USED_15,"
     "NOT_USED_16,NOT_USED_17,NOT_USED_18,ANSI,NO_AUTO_VALUE_ON_ZERO,NO_BACKSLASH_ESCAPES,STRICT_TRANS_TABLES,"
     "STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ALLOW_INVALID_DATES,ERROR_FOR_DIVISION_BY_ZERO,TRADITIONAL,"
     "NOT_USED_29,HIGH_NOT_PRECEDENCE,NO_ENGINE_SUBSTITUTION,PAD_CHAR_TO_FULL_LENGTH,TIME_TRUNCATE_FRACTIONAL"},
    {"sql_notes", boolean, both, false, "ON"},
    {"sql_quote_show_create", boolean, both, false, "ON"},
    {"sql_safe_updates", boolean, both, false, "OFF"},
    {"sql_select_limit", unsigned_integer, both, false, "18446744073709551615"},
    {"sql_warnings", boolean, both, false, "OFF"},
    {"ssl_ca", string, global_only, true, ""},
    {"ssl_cert", string, global_only, true, "server-cert.pem"},
    {"ssl_key", string, global_only, true, "server-key.pem"},
    {"storage_engine", string, both, false, "InnoDB"},
    {"super_read_only", boolean, global_only, true, "OFF"},
    {"system_time_zone", string, global_only, true, "UTC"},
    {"time_zone", string, both, false, "SYSTEM"},
    {"timestamp", real, session_only, false, "0"},
    {"tls_version", string, global_only, true, "TLSv1.2,TLSv1.3"},
    {"transaction_isolation", enumeration, both, false, "REPEATABLE-READ",
     "READ-UNCOMMITTED,READ-COMMITTED,REPEATABLE-READ,SERIALIZABLE"},
    {"transaction_read_only", boolean, both, false, "OFF"},
    {"unique_checks", boolean, both, false, "ON"},
    {"version", string, global_only, true, server_version_string},
    {"version_comment", string, global_only, true, server_version_comment},
    {"version_compile_machine", string, global_only, true, "x86_64"},
    {"version_compile_os", string, global_only, true, "Linux"},
    {"wait_timeout", unsigned_integer, both, false, "28800"},
    {"warning_count", unsigned_integer, session_only, true, "0"},
};

struct alias {
    std::string_view name;
    std::string_view target;
};
constexpr alias aliases[] = {{"tx_isolation", "transaction_isolation"}, {"tx_read_only", "transaction_read_only"}};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

sql_error wrong_value(const var_def& def, std::string_view value) {
    return {er::wrong_value_for_var, "42000", fmt::format("Variable '{}' can't be set to the value of '{}'", def.name, value)};
}

// Picks the allowed value matching `v` case-insensitively (or by index for numbers).
std::optional<std::string> pick(std::string_view allowed, std::string_view v, bool numeric) {
    std::size_t index = 0, start = 0;
    std::size_t wanted = SIZE_MAX;
    if (numeric) std::from_chars(v.data(), v.data() + v.size(), wanted);
    while (start <= allowed.size()) {
        auto end = allowed.find(',', start);
        if (end == std::string_view::npos) end = allowed.size();
        auto item = allowed.substr(start, end - start);
        if (numeric ? index == wanted : iequals(item, v)) return std::string(item);
        start = end + 1;
        ++index;
    }
    return std::nullopt;
}

}  // namespace

const var_def* find_variable(std::string_view name) {
    // Every statement looks variables up (autocommit for the status flags, …):
    // one hash lookup over the definitions' own names, no allocation.
    static const auto index = [] {
        std::unordered_map<std::string_view, const var_def*> m;
        for (const auto& d : defs) m.emplace(d.name, &d);
        for (const auto& a : aliases) m.emplace(a.name, m.at(a.target));
        return m;
    }();
    std::array<char, 64> key;  // longer than any variable's name
    if (name.size() > key.size()) return nullptr;
    std::transform(name.begin(), name.end(), key.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    auto it = index.find(std::string_view(key.data(), name.size()));
    return it == index.end() ? nullptr : it->second;
}

std::span<const var_def> all_variables() { return defs; }

column_meta variable_column(const var_def& def, std::string name) {
    switch (def.type) {
    case integer: return bigint_column(std::move(name));
    case unsigned_integer: return bigint_column(std::move(name), true);
    case boolean: return bigint_column(std::move(name));
    case real: return double_column(std::move(name));
    default: return text_column(std::move(name), 1024);
    }
}

cell select_form(const var_def& def, const std::optional<std::string>& stored) {
    if (!stored) return std::nullopt;
    if (def.type == boolean) return std::string(*stored == "ON" ? "1" : "0");
    return stored;
}

sql_result<std::optional<std::string>> normalize(const var_def& def, const std::optional<std::string>& value,
                                                 bool numeric) {
    if (!value) {
        if (def.type == string) return std::optional<std::string>{};
        return wrong_value(def, "NULL");
    }
    const std::string& v = *value;
    switch (def.type) {
    case boolean:
        if (v == "1" || iequals(v, "ON") || iequals(v, "TRUE")) return std::optional<std::string>("ON");
        if (v == "0" || iequals(v, "OFF") || iequals(v, "FALSE")) return std::optional<std::string>("OFF");
        return wrong_value(def, v);
    case integer:
    case unsigned_integer: {
        if (!numeric) return sql_error{1232, "42000", fmt::format("Incorrect argument type to variable '{}'", def.name)};
        // MySQL clamps out-of-range values with a warning; negative unsigned values become 0.
        if (def.type == unsigned_integer && !v.empty() && v[0] == '-') return std::optional<std::string>("0");
        auto dot = v.find('.');
        return std::optional<std::string>(dot == std::string::npos ? v : v.substr(0, dot));
    }
    case real: return std::optional<std::string>(fmt::format("{:.6f}", std::stod(v)));
    case enumeration:
        if (auto p = pick(def.allowed, v, numeric)) return std::optional<std::string>(*p);
        return wrong_value(def, v);
    case set: {
        if (v.empty()) return std::optional<std::string>("");
        std::string out;
        std::size_t start = 0;
        while (start <= v.size()) {
            auto end = v.find(',', start);
            if (end == std::string::npos) end = v.size();
            auto item = upper(std::string_view(v).substr(start, end - start));
            auto p = pick(def.allowed, item, false);
            if (!p) return wrong_value(def, item);
            if (!out.empty()) out += ',';
            out += *p;
            start = end + 1;
        }
        return std::optional<std::string>(out);
    }
    case string: return std::optional<std::string>(v);
    }
    return std::optional<std::string>(v);
}

global_variables::global_variables(std::map<std::string, std::string> overrides) {
    auto values = std::make_shared<value_map>();
    for (auto& [k, v] : overrides)
        if (auto* d = find_variable(k)) (*values)[std::string(d->name)] = v;
    values_ = std::move(values);
}

std::optional<std::string> global_variables::get(const var_def& def) const { return lookup(*snapshot(), def); }

void global_variables::set(const var_def& def, std::optional<std::string> value) {
    std::lock_guard lock(mutex_);
    auto values = std::make_shared<value_map>(*values_);
    (*values)[std::string(def.name)] = std::move(value);
    values_ = std::move(values);
    generation_.fetch_add(1, std::memory_order_release);
}

std::shared_ptr<const global_variables::value_map> global_variables::snapshot() const {
    std::lock_guard lock(mutex_);
    return values_;
}

std::optional<std::string> global_variables::lookup(const value_map& values, const var_def& def) {
    auto it = values.find(def.name);
    if (it != values.end()) return it->second;
    return std::string(def.default_value);
}

session_variables::session_variables(const global_variables& globals) : globals_(globals) {}

std::optional<std::string> session_variables::get(const var_def& def) const {
    auto it = values_.find(def.name);
    if (it != values_.end()) return it->second;
    // Sessions read globals several times per statement; taking the shared
    // lock each time made every I/O thread write one cache line.
    if (const auto g = globals_.generation(); !globals_seen_ || g != generation_seen_) {
        globals_seen_ = globals_.snapshot();
        generation_seen_ = g;
    }
    return global_variables::lookup(*globals_seen_, def);
}

void session_variables::set(const var_def& def, std::optional<std::string> value) {
    values_[std::string(def.name)] = std::move(value);
}

void session_variables::reset() { values_.clear(); }

bool session_variables::get_bool(std::string_view name) const {
    auto* d = find_variable(name);
    return d && get(*d).value_or("OFF") == "ON";
}

std::uint64_t session_variables::get_uint(std::string_view name) const {
    auto* d = find_variable(name);
    if (!d) return 0;
    auto v = get(*d).value_or("0");
    std::uint64_t out = 0;
    std::from_chars(v.data(), v.data() + v.size(), out);
    return out;
}

}  // namespace qproxy::session
