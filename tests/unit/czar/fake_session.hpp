// A session_view with fixed values, for tests of the local engine.
#pragma once

#include "czar/local_engine.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <string_view>

namespace qproxy::czar::testing {

class fake_session final : public session_view {
public:
    std::map<std::string, std::pair<cell, column_meta>> system_variables;
    // User variables compare names case-insensitively, as the session's do (@A is @a).
    struct ci_less {
        using is_transparent = void;
        bool operator()(std::string_view a, std::string_view b) const {
            return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
                return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
            });
        }
    };
    std::map<std::string, std::pair<cell, column_meta>, ci_less> user_variables;
    std::string db;
    std::string zone = "+00:00";

    fake_session() {
        // MySQL 8.0 reports string system variables as utf8mb3 VARCHAR, 3 bytes a character.
        system_variables["version_comment"] = {cell{"MySQL Community Server - GPL"}, string_var(28)};
        system_variables["version"] = {cell{"8.0.35-qproxy-0.1.0"}, string_var(19)};
        system_variables["collation_connection"] = {cell{"utf8mb4_0900_ai_ci"}, string_var(18)};
        system_variables["max_allowed_packet"] = {cell{"67108864"}, bigint_column("", true)};
        system_variables["autocommit"] = {cell{"1"}, bigint_column("")};
    }

    static column_meta string_var(std::uint32_t chars) {
        column_meta m;
        m.type = field_type::var_string;
        m.charset = charset::utf8mb3_general_ci;
        m.length = chars * 3;
        m.decimals = 31;
        return m;
    }

    std::optional<std::pair<cell, column_meta>> system_variable(std::string_view, std::string_view name) const override {
        const auto it = system_variables.find(std::string(name));
        if (it == system_variables.end()) return std::nullopt;
        return it->second;
    }
    std::optional<std::pair<cell, column_meta>> user_variable(std::string_view name) const override {
        const auto it = user_variables.find(name);
        if (it == user_variables.end()) return std::nullopt;
        return it->second;
    }
    std::string database() const override { return db; }
    std::string user() const override { return "qsmaster@localhost"; }
    std::string current_user() const override { return "qsmaster@localhost"; }
    std::uint64_t connection_id() const override { return 42; }
    std::uint64_t last_insert_id() const override { return 7; }
    std::int64_t row_count() const override { return -1; }
    std::uint64_t found_rows() const override { return 3; }
    std::string time_zone() const override { return zone; }
    void set_user_variable(std::string_view name, cell value, column_meta type) override {
        user_variables[std::string(name)] = {std::move(value), std::move(type)};
    }
};

}  // namespace qproxy::czar::testing
