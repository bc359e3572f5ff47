// INSERT … VALUES and INSERT … SET through the loader, as one atomic load:
// every row goes in or none does. Values are stored with MySQL's conversion
// rules (czar/field_store.hpp); under the session's STRICT_* sql_mode a
// conversion warning is the statement's error, as in MySQL, unless IGNORE.
// Duplicate director keys: 1062, or skipped with IGNORE.
#include "proxy/session/statement_executor.hpp"

#include "czar/field_store.hpp"
#include "czar/loader.hpp"
#include "czar/local_engine.hpp"
#include "storage/table_definition.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

namespace qproxy::session {

namespace {

constexpr std::uint16_t er_bad_null = 1048;               // 23000
constexpr std::uint16_t er_dup_entry = 1062;              // 23000
constexpr std::uint16_t er_field_specified_twice = 1110;  // 42000
constexpr std::uint16_t er_wrong_value_count = 1136;      // 21S01
constexpr std::uint16_t er_no_default_for_field = 1364;   // HY000

// A literal's MySQL text without a trip through the engine (bulk INSERTs are mostly literals).
std::optional<cell> literal(const sql::expr& e) {
    using k = sql::expr_kind;
    switch (e.kind_) {
    case k::null_lit: return cell{};
    case k::int_lit:
    case k::decimal_lit:
    case k::float_lit: return cell{e.text_};
    case k::string_lit: return e.name_.empty() || e.name_ == "utf8mb4" ? std::optional<cell>(cell{e.text_}) : std::nullopt;
    case k::unary:
        if (e.op_ == sql::op::neg && (e.args_[0].kind_ == k::int_lit || e.args_[0].kind_ == k::decimal_lit ||
                                      e.args_[0].kind_ == k::float_lit))
            return cell{fmt::format("-{}", e.args_[0].text_)};
        return std::nullopt;
    default: return std::nullopt;
    }
}

}  // namespace

outcome statement_executor::exec_insert(const sql::insert_stmt& s, std::string_view text) {
    if (s.select_) return unsupported("INSERT … SELECT");
    if (!s.on_duplicate_.empty()) return unsupported("INSERT … ON DUPLICATE KEY UPDATE (tables are append-only)");
    auto opened = open_loader(s.table_);
    if (!opened) return opened.error();
    auto loader = std::move(opened).value();
    const auto& table = loader->table();
    const auto inputs = loader->input_columns();
    const bool keyed = table.part.kind != storage::partitioning::kind_t::none &&
                       table.part.kind != storage::partitioning::kind_t::child && !table.part.key.empty();
    if (s.replace_ && keyed) return unsupported("REPLACE into a director table (its keys are unique)");

    // INSERT … SET is one row of named columns.
    std::vector<std::string> names = s.columns_;
    std::vector<std::vector<sql::expr>> rows = s.rows_;
    if (!s.set_.empty()) {
        rows.emplace_back();
        for (const auto& a : s.set_) {
            names.push_back(a.column_.name_);
            rows.back().push_back(a.value_);
        }
    }
    // Where each value goes: an input position, or nowhere (a chunk column, computed).
    std::vector<std::optional<std::size_t>> targets;
    std::vector<bool> listed(inputs.size());
    const auto input_of = [&](std::size_t column) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (inputs[i] == column) return i;
        }
        return std::nullopt;
    };
    for (const auto& name : names) {
        const auto it = std::find_if(table.columns.begin(), table.columns.end(),
                                     [&](const auto& c) { return storage::iequals(c.name, name); });
        if (it == table.columns.end())
            return sql_error{er::bad_field, "42S22", fmt::format("Unknown column '{}' in 'field list'", name)};
        const auto input = input_of(static_cast<std::size_t>(it - table.columns.begin()));
        if (input && listed[*input])
            return sql_error{er_field_specified_twice, "42000", fmt::format("Column '{}' specified twice", name)};
        if (input) listed[*input] = true;
        targets.push_back(input);
    }

    std::vector<czar::field_store> stores;
    for (const auto i : inputs) {
        auto st = czar::field_store::for_column(table.columns[i]);
        if (!st) return st.error();
        stores.push_back(std::move(st).value());
    }
    const auto sql_mode = state_.vars.get(*find_variable("sql_mode")).value_or("");
    const bool strict = !s.ignore_ && (sql_mode.find("STRICT_TRANS_TABLES") != std::string::npos ||
                                       sql_mode.find("STRICT_ALL_TABLES") != std::string::npos);
    const std::string now = clock_text();
    std::uint64_t skipped = 0, warnings = 0;
    // A condition: the statement's error when strict, else a warning.
    const auto warn = [&](czar::store_warning w, bool error_when_strict) -> std::optional<sql_error> {
        if (error_when_strict && !w.note) return std::move(w.error);
        ++warnings;
        note(w.error.code, std::move(w.error.message), w.note ? "Note" : "Warning");
        return std::nullopt;
    };

    std::vector<cell> row(inputs.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::uint64_t row_number = r + 1;
        const auto& values = rows[r];
        // Without a column list a row gives every input column, or every column (chunk columns ignored).
        std::vector<std::optional<std::size_t>> all;
        if (names.empty()) {
            if (values.size() == table.columns.size()) {
                for (std::size_t c = 0; c < table.columns.size(); ++c) all.push_back(input_of(c));
            } else if (values.size() == inputs.size()) {
                for (std::size_t i = 0; i < inputs.size(); ++i) all.push_back(i);
            }
        }
        const auto& to = names.empty() ? all : targets;
        if (to.size() != values.size())
            return sql_error{er_wrong_value_count, "21S01", fmt::format("Column count doesn't match value count at row {}", row_number)};
        std::vector<bool> given(inputs.size());
        for (std::size_t v = 0; v < values.size(); ++v) {
            if (!to[v]) continue;
            const std::size_t i = *to[v];
            const auto& st = stores[i];
            given[i] = true;
            cell value;
            if (values[v].kind_ == sql::expr_kind::default_value) {
                value = st.default_value(now);
            } else if (auto lit = literal(values[v])) {
                value = std::move(*lit);
            } else {
                std::vector<sql_error> conditions;
                auto evaluated = czar::evaluate(values[v], text, *view_, &conditions);
                if (!evaluated) return evaluated.error();
                for (auto& c : conditions) {
                    note(c.code, std::move(c.message), "Warning");
                    ++warnings;
                }
                value = std::move(evaluated.value().first);
            }
            if (!value && !st.column().nullable) {
                // NULL into NOT NULL: an error (MySQL's single-row rule) unless IGNORE.
                if (auto e = warn({false, {er_bad_null, "23000", fmt::format("Column '{}' cannot be null", st.column().name)}},
                                  !s.ignore_))
                    return *e;
                value = st.implicit_default();
            } else if (value) {
                std::optional<czar::store_warning> w;
                value = st.store(*value, row_number, w);
                if (w) {
                    if (auto e = warn(std::move(*w), strict)) return *e;
                }
            }
            row[i] = std::move(value);
        }
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (given[i]) continue;
            row[i] = stores[i].default_value(now);
            if (stores[i].has_default()) continue;
            if (auto e = warn({false, {er_no_default_for_field, "HY000",
                                       fmt::format("Field '{}' doesn't have a default value", stores[i].column().name)}},
                              strict))
                return *e;
        }
        auto added = loader->add_row(row);
        if (!added && added.error().code == er_dup_entry && s.ignore_) {
            ++skipped;
            (void)warn({false, added.error()}, false);
        } else if (!added) {
            return added.error();
        }
    }
    auto committed = loader->commit();
    if (!committed) return committed.error();
    ok_result ok{committed.value().rows, 0, {}};
    if (rows.size() > 1)
        ok.info = fmt::format("Records: {}  Duplicates: {}  Warnings: {}", rows.size(), skipped, warnings);
    return ok;
}

}  // namespace qproxy::session
