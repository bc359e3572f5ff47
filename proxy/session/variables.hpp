// MySQL system variables: one table of definitions (name, type, scope,
// default), the server-wide GLOBAL values and each session's SESSION values.
// https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html
#pragma once

#include "parser/error.hpp"
#include "parser/types.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::session {

enum class var_type { integer, unsigned_integer, boolean, real, string, enumeration, set };
enum class var_scope { global_only, session_only, both };

struct var_def {
    std::string_view name;  // lower case
    var_type type;
    var_scope scope;
    bool read_only;
    std::string_view default_value;  // as SHOW VARIABLES prints it
    std::string_view allowed = {};   // comma-separated values for enumeration/set types
};

// Case-insensitive lookup; aliases (tx_isolation, tx_read_only) resolve to their target.
const var_def* find_variable(std::string_view name);
std::span<const var_def> all_variables();

// The column type a SELECT of the variable reports (BIGINT, DOUBLE or VARCHAR, as MySQL does).
column_meta variable_column(const var_def& def, std::string name);
// How SELECT @@x prints a stored value: booleans as 1/0, everything else as stored.
cell select_form(const var_def& def, const std::optional<std::string>& stored);

// Normalises a value for a variable, or says why it cannot be set (1231/1232).
// `value` is the text of the evaluated expression (nullopt for NULL).
[[nodiscard]] sql_result<std::optional<std::string>> normalize(const var_def& def, const std::optional<std::string>& value,
                                                               bool value_is_numeric);

// Server-wide values; SET GLOBAL changes them and new sessions start from them.
// Values are copied on write (SET GLOBAL is rare), so readers hold a snapshot
// and only take the lock when the generation says it changed.
class global_variables {
public:
    using value_map = std::map<std::string, std::optional<std::string>, std::less<>>;

    explicit global_variables(std::map<std::string, std::string> overrides);
    std::optional<std::string> get(const var_def& def) const;
    void set(const var_def& def, std::optional<std::string> value);

    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
    std::shared_ptr<const value_map> snapshot() const;
    static std::optional<std::string> lookup(const value_map& values, const var_def& def);

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const value_map> values_;
    std::atomic<std::uint64_t> generation_{0};
};

// One session's values: what SET SESSION changed, else the global value at connect time.
class session_variables {
public:
    explicit session_variables(const global_variables& globals);
    std::optional<std::string> get(const var_def& def) const;
    void set(const var_def& def, std::optional<std::string> value);
    void reset();  // COM_RESET_CONNECTION / COM_CHANGE_USER
    bool get_bool(std::string_view name) const;
    std::uint64_t get_uint(std::string_view name) const;

private:
    const global_variables& globals_;
    std::map<std::string, std::optional<std::string>, std::less<>> values_;
    mutable std::shared_ptr<const global_variables::value_map> globals_seen_;
    mutable std::uint64_t generation_seen_ = 0;
};

}  // namespace qproxy::session
