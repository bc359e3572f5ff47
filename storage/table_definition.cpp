#include "storage/table_definition.hpp"

#include "parser/typing.hpp"
#include "storage/chunk_schema.hpp"
#include "storage/column_types.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace qproxy::storage {

namespace {

inline constexpr std::uint16_t er_dup_fieldname = 1060;            // 42S21
inline constexpr std::uint16_t er_key_column_does_not_exist = 1072;  // 42000
inline constexpr std::uint16_t er_wrong_table_name = 1103;         // 42000
inline constexpr std::uint16_t er_table_must_have_columns = 1113;  // 42000
inline constexpr std::uint16_t er_wrong_column_name = 1166;        // 42000
inline constexpr std::uint16_t er_no_parts = 1504;                 // HY000
inline constexpr std::uint16_t er_field_type_not_allowed = 1659;   // HY000

using kind_t = partitioning::kind_t;

sql_status check_identifier(std::string_view name, std::uint16_t code, std::string_view what) {
    if (name.size() > 64) return sql_error{er::too_long_ident, "42000", fmt::format("Identifier name '{}' is too long", name)};
    if (name.empty() || name.back() == ' ') return sql_error{code, "42000", fmt::format("Incorrect {} name '{}'", what, name)};
    return ok();
}

const column_info* find_column(const table_info& t, std::string_view name) {
    for (const auto& c : t.columns) {
        if (iequals(c.name, name)) return &c;
    }
    return nullptr;
}

sql_result<const column_info*> partition_column(const table_info& t, std::string_view name) {
    const column_info* c = find_column(t, name);
    if (!c) return sql_error{er_key_column_does_not_exist, "42000", fmt::format("Key column '{}' doesn't exist in table", name)};
    return c;
}

sql_status check_partitioning(const table_info& t) {
    const partitioning& p = t.part;
    switch (p.kind) {
    case kind_t::none: return ok();
    case kind_t::sky: {
        if (p.stripes == 0 || p.sub_stripes == 0 || !(p.overlap >= 0 && p.overlap < 90)) {
            return sql_error{er_no_parts, "HY000",
                             fmt::format("STRIPES {} SUBSTRIPES {} OVERLAP {} is not an allowed sky partitioning "
                                         "(stripes and sub-stripes at least 1, overlap 0 to 90 degrees)",
                                         p.stripes, p.sub_stripes, p.overlap)};
        }
        for (const auto& name : {p.lon, p.lat}) {
            BOOST_OUTCOME_TRY(c, partition_column(t, name));
            if (!sql::is_integer_type(c->meta) && !sql::is_decimal_type(c->meta) && !sql::is_real_type(c->meta)) {
                return sql_error{er_field_type_not_allowed, "HY000",
                                 fmt::format("Field '{}' is of a not allowed type for this type of partitioning "
                                             "(sky positions are numbers, in degrees)", c->name)};
            }
        }
        if (p.key.empty()) return ok();  // no director index: no child tables, no key pruning
        break;
    }
    case kind_t::hash:
        if (p.partitions == 0) return sql_error{er_no_parts, "HY000", "Number of partitions = 0 is not an allowed value"};
        break;
    case kind_t::child: break;
    }
    BOOST_OUTCOME_TRYV(partition_column(t, p.key));
    return ok();
}

std::string quote_identifier(std::string_view name) {
    std::string out = "`";
    for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
    return out + "`";
}

std::string quote_string(std::string_view text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// MySQL quotes literal defaults; CURRENT_TIMESTAMP and (expression) defaults stay bare.
std::string default_text(std::string_view value) {
    if (value.starts_with('(') || iequals(value.substr(0, 17), "CURRENT_TIMESTAMP")) return std::string(value);
    return quote_string(value);
}

std::string column_definition(const column_info& c, const database_info& db) {
    std::string out = fmt::format("  {} {}", quote_identifier(c.name), c.column_type);
    if (c.collation && *c.collation != db.collation) {
        if (c.charset != db.charset) out += fmt::format(" CHARACTER SET {}", c.charset.value_or(""));
        out += fmt::format(" COLLATE {}", *c.collation);
    }
    if (!c.nullable) out += " NOT NULL";
    if (c.default_value) {
        out += " DEFAULT " + default_text(*c.default_value);
    } else if (c.nullable && !(c.meta.flags & column_flag::blob)) {
        out += " DEFAULT NULL";  // BLOB/TEXT/JSON columns have no default to show
    }
    if (iequals(c.extra, "auto_increment")) out += " AUTO_INCREMENT";
    if (!c.comment.empty()) out += " COMMENT " + quote_string(c.comment);
    return out;
}

std::string partition_clause(const partitioning& p) {
    switch (p.kind) {
    case kind_t::none: return {};
    case kind_t::sky: {
        std::string out = fmt::format("PARTITION BY SPHERE ({}, {})", quote_identifier(p.lon), quote_identifier(p.lat));
        if (!p.key.empty()) out += fmt::format(" KEY ({})", quote_identifier(p.key));
        return out + fmt::format(" STRIPES {} SUBSTRIPES {} OVERLAP {}", p.stripes, p.sub_stripes, p.overlap);
    }
    case kind_t::hash: return fmt::format("PARTITION BY KEY ({}) PARTITIONS {}", quote_identifier(p.key), p.partitions);
    case kind_t::child:
        return fmt::format("PARTITION BY DIRECTOR ({}) REFERENCES {}.{}", quote_identifier(p.key),
                           quote_identifier(p.director_db), quote_identifier(p.director_table));
    }
    return {};
}

}  // namespace

std::string_view table_kind(partitioning::kind_t kind) {
    switch (kind) {
    case kind_t::none: return "replicated";
    case kind_t::sky:
    case kind_t::hash: return "director";
    case kind_t::child: return "child";
    }
    return "replicated";
}

bool is_chunk_column(const table_info& t, const column_info& c) {
    return t.part.kind != kind_t::none && (iequals(c.name, chunk_id_column) || iequals(c.name, sub_chunk_id_column));
}

sql_result<column_info> complete_column(const column_info& c, std::string_view db, std::string_view table) {
    BOOST_OUTCOME_TRY(out, make_column(c.name, c.column_type, c.nullable, c.collation.value_or(""), c.key));
    out.default_value = c.default_value;
    out.extra = c.extra;
    out.comment = c.comment;
    out.meta.db = db;
    out.meta.table = out.meta.org_table = table;
    return std::move(out);
}

sql_result<table_info> define_table(table_info t, const database_info& db, const table_info* director) {
    BOOST_OUTCOME_TRY(check_identifier(t.name, er_wrong_table_name, "table"));
    if (t.columns.empty()) return sql_error{er_table_must_have_columns, "42000", "A table must have at least 1 column"};
    t.db = db.name;
    if (t.part.kind == kind_t::child) t.part.director_db = db.name;
    // Qserv's chunk columns, for the partitioned kinds; a child of a sky
    // director lives in sub-chunks too.
    if (t.part.kind != kind_t::none) {
        const bool sky = t.part.kind == kind_t::sky || (director && director->part.kind == kind_t::sky);
        for (const auto name : {chunk_id_column, sub_chunk_id_column}) {
            if ((name == chunk_id_column || sky) && !find_column(t, name)) {
                column_info c;
                c.name = name;
                c.column_type = "int";
                c.nullable = false;
                t.columns.push_back(std::move(c));
            }
        }
    }
    for (auto& c : t.columns) {
        BOOST_OUTCOME_TRY(check_identifier(c.name, er_wrong_column_name, "column"));
        if (find_column(t, c.name) != &c) {
            return sql_error{er_dup_fieldname, "42S21", fmt::format("Duplicate column name '{}'", c.name)};
        }
        if (iequals(c.name, load_column)) {  // every table of the store has it already
            return sql_error{er_wrong_column_name, "42000",
                             fmt::format("Incorrect column name '{}': the name is reserved by qproxy", c.name)};
        }
        BOOST_OUTCOME_TRY(done, complete_column(c, t.db, t.name));
        c = std::move(done);
    }
    BOOST_OUTCOME_TRY(check_partitioning(t));
    t.kind = table_kind(t.part.kind);
    t.engine = "QSERV";
    t.create_sql = show_create_table(t, db);
    return t;
}

std::string show_create_table(const table_info& t, const database_info& db) {
    std::vector<std::string> lines;
    std::vector<std::string> primary;
    for (const auto& c : t.columns) {
        lines.push_back(column_definition(c, db));
        if (c.key == "PRI") primary.push_back(quote_identifier(c.name));
    }
    if (!primary.empty()) lines.push_back(fmt::format("  PRIMARY KEY ({})", fmt::join(primary, ",")));
    for (const auto& c : t.columns) {
        if (c.key == "UNI" || c.key == "MUL") {
            lines.push_back(fmt::format("  {}KEY {} ({})", c.key == "UNI" ? "UNIQUE " : "", quote_identifier(c.name),
                                        quote_identifier(c.name)));
        }
    }
    std::string sql = fmt::format("CREATE TABLE {} (\n{}\n) ENGINE={} DEFAULT CHARSET={} COLLATE={}",
                                  quote_identifier(t.name), fmt::join(lines, ",\n"), t.engine, db.charset, db.collation);
    if (!t.comment.empty()) sql += " COMMENT=" + quote_string(t.comment);
    if (const auto clause = partition_clause(t.part); !clause.empty()) sql += "\n" + clause;
    return sql;
}

}  // namespace qproxy::storage
