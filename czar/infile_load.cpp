#include "czar/infile_load.hpp"

#include "czar/local_engine.hpp"
#include "storage/charsets.hpp"
#include "storage/table_definition.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace qproxy::czar {

namespace {

constexpr std::uint16_t er_bad_null = 1048;                // 23000
constexpr std::uint16_t er_field_specified_twice = 1110;   // 42000
constexpr std::uint16_t er_warn_too_few_records = 1261;    // 01000
constexpr std::uint16_t er_warn_too_many_records = 1262;   // 01000
constexpr std::uint16_t er_warn_null_to_notnull = 1263;    // 22004
constexpr std::uint16_t er_no_default_for_field = 1364;    // HY000
constexpr std::uint16_t er_dup_entry = 1062;               // 23000

// SET expressions read the record's columns as user variables of this prefix
// and the column's position: a name no statement can write.
constexpr std::string_view column_variable = "\x01column:";

using kind_t = storage::partitioning::kind_t;

}  // namespace

std::string load_summary::info() const {
    return fmt::format("Records: {}  Deleted: 0  Skipped: {}  Warnings: {}", records, skipped, warnings);
}

// The session as a SET expression sees it: the record's @variables and
// columns first, the session for everything else.
class infile_load::row_view final : public session_view {
public:
    explicit row_view(const infile_load& load) : load_(load), session_(*load.options_.session) {}

    std::optional<std::pair<cell, column_meta>> system_variable(std::string_view scope,
                                                                std::string_view name) const override {
        return session_.system_variable(scope, name);
    }
    std::optional<std::pair<cell, column_meta>> user_variable(std::string_view name) const override {
        if (name.starts_with(column_variable)) {
            const auto input = std::stoul(std::string(name.substr(column_variable.size())));
            return std::pair{load_.row_[input], load_.stores_[input].column().meta};
        }
        for (const auto& [var, value] : load_.variables_) {
            if (storage::iequals(var, name)) return std::pair{value, without_origin(text_column(var))};
        }
        return session_.user_variable(name);
    }
    std::string database() const override { return session_.database(); }
    std::string user() const override { return session_.user(); }
    std::string current_user() const override { return session_.current_user(); }
    std::uint64_t connection_id() const override { return session_.connection_id(); }
    std::uint64_t last_insert_id() const override { return session_.last_insert_id(); }
    std::int64_t row_count() const override { return session_.row_count(); }
    std::uint64_t found_rows() const override { return session_.found_rows(); }
    std::string time_zone() const override { return session_.time_zone(); }
    void set_user_variable(std::string_view name, cell value, column_meta type) override {
        session_.set_user_variable(name, std::move(value), std::move(type));
    }

private:
    const infile_load& load_;
    session_view& session_;
};

infile_load::infile_load(std::unique_ptr<loader> l, const infile_format& f, std::size_t fields, std::uint64_t skip,
                         options o)
    : loader_(std::move(l)), reader_(f, fields, skip), options_(std::move(o)) {}

sql_result<std::unique_ptr<infile_load>> infile_load::create(const sql::load_data_stmt& s, std::unique_ptr<loader> l,
                                                             options o) {
    infile_format f;
    f.field_term = s.fields_terminated_.value_or(f.field_term);
    f.enclosed = s.fields_enclosed_.value_or(f.enclosed);
    f.escaped = s.fields_escaped_.value_or(f.escaped);
    f.line_start = s.lines_starting_.value_or(f.line_start);
    f.line_term = s.lines_terminated_.value_or(f.line_term);
    BOOST_OUTCOME_TRY(check_format(f));
    if (s.dup_ == sql::duplicates::ignore) o.strict = false;
    const std::size_t fields = s.columns_.empty() ? l->input_columns().size() : s.columns_.size();
    std::unique_ptr<infile_load> load(new infile_load(std::move(l), f, fields, s.ignore_lines_.value_or(0), std::move(o)));
    BOOST_OUTCOME_TRY(load->prepare(s));
    return load;
}

sql_result<std::size_t> infile_load::input_of(std::string_view column) const {
    const auto& table = loader_->table();
    const auto inputs = loader_->input_columns();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (storage::iequals(table.columns[inputs[i]].name, column)) return i;
    }
    for (const auto& c : table.columns) {
        if (storage::iequals(c.name, column)) {
            return unsupported(fmt::format("LOAD DATA … SET on '{}' (the partitioning computes it)", c.name));
        }
    }
    return sql_error{er::bad_field, "42S22", fmt::format("Unknown column '{}' in 'field list'", column)};
}

sql_status infile_load::prepare(const sql::load_data_stmt& s) {
    const auto& table = loader_->table();
    const auto inputs = loader_->input_columns();
    if (s.charset_) {
        const std::string cs = storage::ascii_lower(*s.charset_);
        latin1_ = cs == "latin1";
        const bool as_is = cs == "utf8mb4" || cs == "utf8mb3" || cs == "utf8" || cs == "ascii" || cs == "binary";
        if (!latin1_ && !as_is) {
            if (!storage::find_charset(cs)) return storage::unknown_charset_error(*s.charset_);
            return unsupported(fmt::format("LOAD DATA … CHARACTER SET {}", cs));
        }
    }
    for (const auto i : inputs) {
        BOOST_OUTCOME_TRY(store, field_store::for_column(table.columns[i]));
        defaults_.push_back(store.default_value(options_.now));
        stores_.push_back(std::move(store));
    }
    row_.resize(inputs.size());
    given_.resize(inputs.size());

    if (s.columns_.empty()) {
        for (std::size_t i = 0; i < inputs.size(); ++i) targets_.push_back({target::kind::input, i, {}});
    }
    std::vector<bool> listed(inputs.size());
    for (const auto& e : s.columns_) {
        if (e.kind_ == sql::expr_kind::user_var) {
            targets_.push_back({target::kind::variable, 0, e.name_});
            continue;
        }
        const auto column = std::find_if(table.columns.begin(), table.columns.end(),
                                         [&](const auto& c) { return storage::iequals(c.name, e.name_); });
        if (column != table.columns.end() && storage::is_chunk_column(table, *column)) {
            targets_.push_back({});  // computed by the partitioning: the field is read and ignored
            continue;
        }
        BOOST_OUTCOME_TRY(input, input_of(e.name_));
        if (listed[input]) {
            return sql_error{er_field_specified_twice, "42000", fmt::format("Column '{}' specified twice", e.name_)};
        }
        listed[input] = true;
        targets_.push_back({target::kind::input, input, {}});
    }

    if (!s.set_.empty() && !options_.session) return unsupported("LOAD DATA … SET outside a session");
    for (const auto& a : s.set_) {
        BOOST_OUTCOME_TRY(input, input_of(a.column_.name_));
        assignment as{input, a.value_};
        // Column references read the record's values (after its fields).
        std::function<sql_status(sql::expr&)> rewrite = [&](sql::expr& e) -> sql_status {
            if (e.kind_ == sql::expr_kind::column) {
                BOOST_OUTCOME_TRY(i, input_of(e.name_));
                e = sql::expr{};
                e.kind_ = sql::expr_kind::user_var;
                e.name_ = fmt::format("{}{}", column_variable, i);
                return ok();
            }
            for (auto& arg : e.args_) {
                BOOST_OUTCOME_TRY(rewrite(arg));
            }
            return ok();
        };
        BOOST_OUTCOME_TRY(rewrite(as.value));
        set_.push_back(std::move(as));
    }

    const bool keyed = (table.part.kind == kind_t::sky || table.part.kind == kind_t::hash) && !table.part.key.empty();
    if (s.dup_ == sql::duplicates::replace && keyed) {
        return unsupported(fmt::format("LOAD DATA … REPLACE into director table '{}' (drop and reload it instead)",
                                       table.name));
    }
    skip_duplicates_ = !options_.strict;
    typed_ = set_.empty() && loader_->typed_rows();
    for (std::size_t i = 0; typed_ && i < inputs.size(); ++i) {
        const auto& type = table.columns[inputs[i]].meta;
        typed_defaults_.emplace_back().assign(defaults_[i], type);
        typed_zeros_.emplace_back().assign_text(stores_[i].implicit_default(), type);
    }
    typed_row_.resize(typed_ ? inputs.size() : 0);
    return ok();
}

sql_status infile_load::feed(std::string_view bytes) {
    reader_.feed(bytes);
    return drain();
}

sql_result<load_summary> infile_load::finish() {
    reader_.finish();
    BOOST_OUTCOME_TRY(drain());
    BOOST_OUTCOME_TRY(loader_->commit());
    // As in MySQL, the @variables keep the last record's values.
    if (options_.session) {
        for (auto& [name, value] : variables_) {
            options_.session->set_user_variable(name, std::move(value), without_origin(text_column(name)));
        }
    }
    return summary_;
}

sql_status infile_load::drain() {
    for (;;) {
        BOOST_OUTCOME_TRY(r, reader_.next());
        if (r != infile_reader::result::record) return ok();
        BOOST_OUTCOME_TRY(add_record());
    }
}

sql_status infile_load::add_record() {
    ++row_number_;
    ++summary_.records;
    std::fill(given_.begin(), given_.end(), false);
    variables_.clear();
    const auto fields = reader_.fields();
    for (std::size_t i = 0; i < targets_.size(); ++i) {
        const target& t = targets_[i];
        const bool missing = i >= fields.size();
        switch (t.k) {
        case target::kind::input:
            if (missing) {
                reset(t.input, true);
                given_[t.input] = true;
            } else {
                BOOST_OUTCOME_TRY(store(t.input, fields[i].text, fields[i].null));
            }
            break;
        case target::kind::variable:
            variables_.emplace_back(t.variable, missing || fields[i].null ? cell{} : cell{std::string(decoded(fields[i].text))});
            break;
        case target::kind::ignored: break;
        }
    }
    if (fields.size() < targets_.size()) {
        BOOST_OUTCOME_TRY(warn({false, {er_warn_too_few_records, "01000",
                                        fmt::format("Row {} doesn't contain data for all columns", row_number_)}}));
    }
    if (!set_.empty()) {
        for (std::size_t i = 0; i < row_.size(); ++i) {
            if (!given_[i]) row_[i] = defaults_[i];
        }
        for (const auto& a : set_) {
            BOOST_OUTCOME_TRY(assign(a));
        }
    }
    for (std::size_t i = 0; i < given_.size(); ++i) {
        if (given_[i]) continue;
        reset(i, false);
        if (stores_[i].has_default()) continue;
        BOOST_OUTCOME_TRY(warn({false, {er_no_default_for_field, "HY000",
                                        fmt::format("Field '{}' doesn't have a default value", stores_[i].column().name)}}));
    }
    if (reader_.cut()) {
        BOOST_OUTCOME_TRY(warn({false, {er_warn_too_many_records, "01000",
                                        fmt::format("Row {} was truncated; it contained more data than there were "
                                                    "input columns", row_number_)}}));
    }
    auto added = typed_ ? loader_->add_row(typed_row_) : loader_->add_row(row_);
    if (!added && added.error().code == er_dup_entry && skip_duplicates_) {
        ++summary_.skipped;
        return warn({false, added.error()});
    }
    return added;
}

sql_status infile_load::store(std::size_t input, std::string_view text, bool null) {
    const auto& st = stores_[input];
    given_[input] = true;
    if (null) {
        if (st.column().nullable) {
            if (typed_) typed_row_[input].set_null();
            else row_[input].reset();
            return ok();
        }
        reset(input, true);
        return warn({false, {er_warn_null_to_notnull, "22004",
                             fmt::format("Column set to default value; NULL supplied to NOT NULL column '{}' at row {}",
                                         st.column().name, row_number_)}});
    }
    std::optional<store_warning> w;
    if (typed_) st.store(decoded(text), row_number_, w, typed_row_[input]);
    else row_[input] = st.store(decoded(text), row_number_, w);
    return w ? warn(std::move(*w)) : ok();
}

void infile_load::reset(std::size_t input, bool missing_field) {
    const auto& c = stores_[input].column();
    const bool null = missing_field && c.nullable && !c.default_value;
    if (typed_) {
        if (null) typed_row_[input].set_null();
        else typed_row_[input] = missing_field ? typed_zeros_[input] : typed_defaults_[input];
        return;
    }
    if (null) row_[input].reset();
    else row_[input] = missing_field ? cell{stores_[input].implicit_default()} : defaults_[input];
}

sql_status infile_load::assign(const assignment& a) {
    row_view view(*this);
    std::vector<sql_error> conditions;
    BOOST_OUTCOME_TRY(value, evaluate(a.value, options_.statement_text, view, &conditions));
    for (auto& c : conditions) {
        BOOST_OUTCOME_TRY(warn({false, std::move(c)}));
    }
    const auto& st = stores_[a.input];
    given_[a.input] = true;
    if (!value.first) {
        if (st.column().nullable) {
            row_[a.input].reset();
            return ok();
        }
        row_[a.input] = st.implicit_default();
        return warn({false, {er_bad_null, "23000", fmt::format("Column '{}' cannot be null", st.column().name)}});
    }
    std::optional<store_warning> w;
    row_[a.input] = st.store(*value.first, row_number_, w);
    return w ? warn(std::move(*w)) : ok();
}

sql_status infile_load::warn(store_warning w) {
    if (options_.strict && !w.note) return std::move(w.error);
    ++summary_.warnings;
    if (warnings_.size() < options_.max_warnings) warnings_.push_back(std::move(w));
    return ok();
}

// CHARACTER SET latin1 (ISO-8859-1): each byte is the code point.
std::string_view infile_load::decoded(std::string_view text) {
    if (!latin1_) return text;
    scratch_.clear();
    for (const char ch : text) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80) {
            scratch_ += ch;
        } else {
            scratch_ += static_cast<char>(0xC0 | (b >> 6));
            scratch_ += static_cast<char>(0x80 | (b & 0x3F));
        }
    }
    return scratch_;
}

}  // namespace qproxy::czar
