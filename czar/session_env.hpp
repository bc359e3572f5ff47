// The session as the typing and the SQLite printer see it: variable types and
// values, session functions, the statement's clock, and where column
// references resolve (nowhere for a table-less SELECT; a result's columns for
// SHOW … WHERE; information_schema for catalog queries).
#pragma once

#include "czar/local_engine.hpp"
#include "parser/print_sqlite.hpp"

#include <chrono>
#include <functional>
#include <optional>

namespace qproxy::czar {

class session_env final : public sql::type_env, public sql::sqlite_bindings {
public:
    // A column reference's metadata; nullopt when the name is unknown here.
    using column_lookup = std::function<sql_result<std::optional<column_meta>>(const sql::expr& ref)>;

    explicit session_env(const session_view& session);

    void set_columns(column_lookup lookup) { columns_ = std::move(lookup); }
    // The clause being resolved, for 1054's text ("field list", "where clause", …).
    void set_clause(std::string clause) { clause_ = std::move(clause); }

    [[nodiscard]] sql_result<column_meta> column(const sql::expr& ref) const override;
    [[nodiscard]] sql_result<column_meta> system_variable(sql::var_scope scope, std::string_view name) const override;
    [[nodiscard]] column_meta user_variable(std::string_view name) const override;
    [[nodiscard]] std::string_view database() const override { return database_; }
    [[nodiscard]] std::uint16_t collation() const override;
    [[nodiscard]] std::string_view version() const override;

    [[nodiscard]] sql_result<cell> value_of(const sql::expr& e) const override;
    [[nodiscard]] std::string time_zone() const override;

private:
    [[nodiscard]] sql_result<cell> function_value(const sql::expr& call) const;
    [[nodiscard]] std::string clock_text(const column_meta& type, bool utc) const;

    const session_view& session_;
    std::string database_;
    mutable std::optional<std::string> version_;
    mutable std::optional<std::string> time_zone_;
    mutable std::optional<std::uint16_t> collation_;
    std::chrono::system_clock::time_point now_;  // the statement's start: NOW() is constant within it
    column_lookup columns_;
    std::string clause_ = "field list";
};

}  // namespace qproxy::czar
