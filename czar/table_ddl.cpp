#include "czar/table_ddl.hpp"

#include "czar/field_store.hpp"
#include "czar/partitioning.hpp"
#include "storage/charsets.hpp"
#include "storage/column_types.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <limits>
#include <map>

namespace qproxy::czar {

namespace {

constexpr std::uint16_t er_wrong_field_spec = 1063;            // 42000
constexpr std::uint16_t er_invalid_default = 1067;             // 42000
constexpr std::uint16_t er_key_column_does_not_exist = 1072;   // 42000
constexpr std::uint16_t er_too_big_precision = 1426;           // 42000

using tn = sql::type_name;

bool is_text_type(tn n) {
    switch (n) {
    case tn::char_: case tn::varchar: case tn::tinytext: case tn::text: case tn::mediumtext: case tn::longtext:
    case tn::enum_: case tn::set: return true;
    default: return false;
    }
}

// The smallest TEXT / BLOB type holding `bytes` (MySQL's TEXT(M) / BLOB(M)).
std::string_view sized(std::uint64_t bytes, bool text) {
    if (bytes <= 255) return text ? "tinytext" : "tinyblob";
    if (bytes <= 65535) return text ? "text" : "blob";
    if (bytes <= 16777215) return text ? "mediumtext" : "mediumblob";
    return text ? "longtext" : "longblob";
}

std::string quoted_members(const std::vector<std::string>& values) {
    std::string out = "(";
    for (const auto& v : values) {
        if (out.size() > 1) out += ',';
        out += '\'';
        for (const char c : v) out += c == '\'' ? std::string("''") : std::string(1, c);
        out += '\'';
    }
    return out + ")";
}

// MySQL's COLUMN_TYPE for the declared type; `mbmaxlen` sizes TEXT(M).
sql_result<std::string> type_text(const sql::column_def& c, std::uint32_t mbmaxlen) {
    const sql::data_type& t = c.type_;
    const auto width = [&] { return t.length_ ? fmt::format("({})", *t.length_) : std::string(); };
    const auto fsp = [&]() -> sql_result<std::string> {
        if (t.length_.value_or(0) > 6) {
            return sql_error{er_too_big_precision, "42000",
                             fmt::format("Too-big precision {} specified for '{}'. Maximum is 6.", *t.length_, c.name_)};
        }
        return t.length_.value_or(0) ? width() : std::string();
    };
    const bool binary_charset = storage::iequals(t.charset_, "binary");
    std::string out;
    switch (t.name_) {
    case tn::bit: out = fmt::format("bit({})", t.length_.value_or(1)); break;
    case tn::tinyint: out = "tinyint" + width(); break;
    case tn::smallint: out = "smallint" + width(); break;
    case tn::mediumint: out = "mediumint" + width(); break;
    case tn::int_: out = "int" + width(); break;
    case tn::bigint: out = "bigint" + width(); break;
    case tn::boolean: out = "tinyint(1)"; break;
    case tn::decimal: out = fmt::format("decimal({},{})", t.length_.value_or(10), t.scale_.value_or(0)); break;
    case tn::float_:
        if (t.length_ && !t.scale_) {  // FLOAT(p): the precision picks FLOAT or DOUBLE
            if (*t.length_ > 53) {
                return sql_error{er_wrong_field_spec, "42000", fmt::format("Incorrect column specifier for column '{}'", c.name_)};
            }
            out = *t.length_ > 24 ? "double" : "float";
        } else {
            out = t.scale_ ? fmt::format("float({},{})", *t.length_, *t.scale_) : "float";
        }
        break;
    case tn::double_: out = t.scale_ ? fmt::format("double({},{})", *t.length_, *t.scale_) : "double"; break;
    case tn::date: out = "date"; break;
    case tn::datetime: { BOOST_OUTCOME_TRY(f, fsp()); out = "datetime" + f; break; }
    case tn::timestamp: { BOOST_OUTCOME_TRY(f, fsp()); out = "timestamp" + f; break; }
    case tn::time: { BOOST_OUTCOME_TRY(f, fsp()); out = "time" + f; break; }
    case tn::year: out = "year"; break;
    case tn::char_: out = fmt::format("{}({})", binary_charset ? "binary" : "char", t.length_.value_or(1)); break;
    case tn::varchar: out = fmt::format("{}({})", binary_charset ? "varbinary" : "varchar", t.length_.value_or(0)); break;
    case tn::binary: out = fmt::format("binary({})", t.length_.value_or(1)); break;
    case tn::varbinary: out = fmt::format("varbinary({})", t.length_.value_or(0)); break;
    case tn::tinyblob: out = "tinyblob"; break;
    case tn::blob: out = t.length_ ? sized(*t.length_, false) : "blob"; break;
    case tn::mediumblob: out = "mediumblob"; break;
    case tn::longblob: out = "longblob"; break;
    case tn::tinytext: out = binary_charset ? "tinyblob" : "tinytext"; break;
    case tn::text:
        out = t.length_ ? sized(std::uint64_t{*t.length_} * (binary_charset ? 1 : mbmaxlen), !binary_charset)
                        : (binary_charset ? "blob" : "text");
        break;
    case tn::mediumtext: out = binary_charset ? "mediumblob" : "mediumtext"; break;
    case tn::longtext: out = binary_charset ? "longblob" : "longtext"; break;
    case tn::enum_: out = "enum" + quoted_members(t.values_); break;
    case tn::set: out = "set" + quoted_members(t.values_); break;
    case tn::json: out = "json"; break;
    case tn::geometry: out = "geometry"; break;
    case tn::point: out = "point"; break;
    case tn::linestring: out = "linestring"; break;
    case tn::polygon: out = "polygon"; break;
    case tn::multipoint: out = "multipoint"; break;
    case tn::multilinestring: out = "multilinestring"; break;
    case tn::multipolygon: out = "multipolygon"; break;
    case tn::geometrycollection: out = "geomcollection"; break;
    }
    if (t.unsigned_ || t.zerofill_) out += " unsigned";
    if (t.zerofill_) out += " zerofill";
    return out;
}

// The collation a text column gets: its own CHARACTER SET / COLLATE / BINARY,
// else the table's; none (the database's) when nothing is said.
sql_result<const storage::collation_info*> text_collation(const sql::data_type& t, std::string_view table_charset,
                                                          std::string_view table_collation) {
    std::string charset = t.charset_, collation = t.collation_;
    if (charset.empty() && collation.empty()) charset = table_charset, collation = table_collation;
    if (charset.empty() && collation.empty() && !t.binary_) return nullptr;
    const storage::collation_info* coll = nullptr;
    if (charset.empty() && !collation.empty()) {
        coll = storage::find_collation(collation);
        if (!coll) return storage::unknown_collation_error(collation);
    } else {
        BOOST_OUTCOME_TRY(found, storage::charset_collation(charset.empty() ? "utf8mb4" : charset,
                                                            collation.empty() ? std::nullopt
                                                                              : std::optional<std::string_view>(collation)));
        coll = found;
    }
    if (t.binary_) {  // CHAR(n) BINARY: the character set's binary collation
        if (const auto* bin = storage::find_collation(coll->charset + "_bin")) coll = bin;
    }
    return coll;
}

// DEFAULT as information_schema keeps it: literal text, or CURRENT_TIMESTAMP[(n)].
sql_result<std::optional<std::string>> default_text(const sql::expr& e) {
    using k = sql::expr_kind;
    switch (e.kind_) {
    case k::null_lit: return std::optional<std::string>{};
    case k::string_lit:
    case k::int_lit:
    case k::decimal_lit:
    case k::float_lit:
    case k::temporal_lit: return std::optional<std::string>{e.text_};
    case k::bool_lit: return std::optional<std::string>{e.value_ ? "1" : "0"};
    case k::unary:
        if ((e.op_ == sql::op::neg || e.op_ == sql::op::plus) &&
            (e.args_[0].kind_ == k::int_lit || e.args_[0].kind_ == k::decimal_lit || e.args_[0].kind_ == k::float_lit)) {
            return std::optional<std::string>{(e.op_ == sql::op::neg ? "-" : "") + e.args_[0].text_};
        }
        break;
    case k::func:
        if (e.db_.empty() && (e.canonical_ == "CURRENT_TIMESTAMP" || e.canonical_ == "NOW" ||
                              e.canonical_ == "LOCALTIME" || e.canonical_ == "LOCALTIMESTAMP")) {
            if (e.args_.empty()) return std::optional<std::string>{"CURRENT_TIMESTAMP"};
            if (e.args_[0].kind_ == k::int_lit) return std::optional<std::string>{fmt::format("CURRENT_TIMESTAMP({})", e.args_[0].text_)};
        }
        break;
    default: break;
    }
    return unsupported("DEFAULT (expression)");
}

sql_status check_default(const storage::column_info& c) {
    const sql_error invalid{er_invalid_default, "42000", fmt::format("Invalid default value for '{}'", c.name)};
    if (!c.default_value) return c.nullable ? ok() : sql_status(invalid);  // NOT NULL DEFAULT NULL
    const bool clock = storage::iequals(std::string_view(*c.default_value).substr(0, 17), "CURRENT_TIMESTAMP");
    if (clock) {
        const bool temporal = c.meta.type == field_type::datetime || c.meta.type == field_type::timestamp;
        return temporal ? ok() : sql_status(invalid);
    }
    BOOST_OUTCOME_TRY(store, field_store::for_column(c));
    std::optional<store_warning> w;
    (void)store.store(*c.default_value, 1, w);
    return w && !w->note ? sql_status(invalid) : ok();
}

sql_result<storage::partitioning> partitioning_of(const sql::partition_spec& p, std::string_view db) {
    using kind_t = storage::partitioning::kind_t;
    storage::partitioning out;
    switch (p.kind_) {
    case sql::partition_kind::key:
        if (p.columns_.size() != 1) return unsupported("PARTITION BY KEY over several columns");
        out.kind = kind_t::hash;
        out.key = p.columns_.front();
        out.partitions = p.partitions_.value_or(1);  // MySQL's PARTITIONS default
        return out;
    case sql::partition_kind::sphere: {
        out.kind = kind_t::sky;
        out.lon = p.columns_.at(0);
        out.lat = p.columns_.at(1);
        out.key = p.key_;
        out.stripes = p.stripes_.value_or(out.stripes);
        out.sub_stripes = p.substripes_.value_or(out.sub_stripes);
        out.overlap = p.overlap_.value_or(out.overlap);
        constexpr auto max = static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max());
        auto why = out.stripes > max || out.sub_stripes > max
                       ? std::optional<std::string>("The number of stripes is too large.")
                       : sky_chunker::parameter_error(static_cast<std::int32_t>(out.stripes),
                                                      static_cast<std::int32_t>(out.sub_stripes), out.overlap);
        if (why) {
            return sql_error{er::proxy_processing, "Proxy",
                             fmt::format("Invalid PARTITION BY SPHERE: STRIPES {} SUBSTRIPES {} OVERLAP {}: {}",
                                         out.stripes, out.sub_stripes, out.overlap, *why)};
        }
        return out;
    }
    case sql::partition_kind::director:
        if (!p.references_.db_.empty() && p.references_.db_ != db) {
            return unsupported("PARTITION BY DIRECTOR … REFERENCES a table of another database");
        }
        out.kind = kind_t::child;
        out.key = p.columns_.at(0);
        out.director_db = db;
        out.director_table = p.references_.name_;
        return out;
    }
    return out;
}

}  // namespace

sql_result<storage::table_info> declared_table(const sql::create_table_stmt& s, std::string_view db) {
    if (s.temporary_) return unsupported("CREATE TEMPORARY TABLE");
    if (s.as_select_) return unsupported("CREATE TABLE … SELECT (load the rows with LOAD DATA or INSERT)");
    storage::table_info t;
    t.db = db;
    t.name = s.table_.name_;
    std::string charset, collation;
    for (const auto& o : s.options_) {
        if (o.name_ == "COMMENT") t.comment = o.value_;
        else if (o.name_ == "CHARSET") charset = o.value_;
        else if (o.name_ == "COLLATE") collation = o.value_;
    }
    // COLUMN_KEY: PRI over UNI over MUL.
    std::map<std::string, std::string> keys;
    const auto mark = [&](std::string_view column, std::string_view key) {
        static constexpr std::string_view order = "MUL UNI PRI";
        auto& k = keys[storage::ascii_lower(column)];
        if (k.empty() || order.find(key) > order.find(k)) k = key;
    };
    for (const auto& c : s.columns_) {
        if (c.key_ == sql::key_kind::primary) mark(c.name_, "PRI");
        if (c.key_ == sql::key_kind::unique) mark(c.name_, "UNI");
    }
    for (const auto& k : s.keys_) {
        if (k.kind_ == sql::key_kind::check) return unsupported("CHECK constraints");
        if (k.kind_ == sql::key_kind::foreign) continue;  // not enforced, as MyISAM
        for (const auto& part : k.parts_) {
            const bool found = std::any_of(s.columns_.begin(), s.columns_.end(),
                                           [&](const auto& c) { return storage::iequals(c.name_, part.column_); });
            if (!found) {
                return sql_error{er_key_column_does_not_exist, "42000",
                                 fmt::format("Key column '{}' doesn't exist in table", part.column_)};
            }
            if (k.kind_ == sql::key_kind::primary) mark(part.column_, "PRI");
        }
        if (k.kind_ == sql::key_kind::primary || k.parts_.empty()) continue;
        mark(k.parts_.front().column_, k.kind_ == sql::key_kind::unique && k.parts_.size() == 1 ? "UNI" : "MUL");
    }
    for (const auto& c : s.columns_) {
        if (c.auto_increment_) return unsupported("AUTO_INCREMENT (rows keep the values they are loaded with)");
        storage::column_info info;
        info.name = c.name_;
        if (is_text_type(c.type_.name_) && !storage::iequals(c.type_.charset_, "binary")) {
            BOOST_OUTCOME_TRY(coll, text_collation(c.type_, charset, collation));
            if (coll) info.collation = coll->name;
        }
        const auto* cs = storage::find_charset(info.collation ? storage::find_collation(*info.collation)->charset : "utf8mb4");
        BOOST_OUTCOME_TRY(type, type_text(c, cs ? cs->maxlen : 4));
        info.column_type = std::move(type);
        const auto key = keys.find(storage::ascii_lower(c.name_));
        if (key != keys.end()) info.key = key->second;
        info.nullable = !c.not_null_.value_or(false) && info.key != "PRI";
        if (c.default_) {
            BOOST_OUTCOME_TRY(d, default_text(*c.default_));
            info.default_value = std::move(d);
        }
        if (c.on_update_) info.extra = "on update CURRENT_TIMESTAMP";
        info.comment = c.comment_.value_or("");
        if (c.default_) {
            BOOST_OUTCOME_TRY(complete, storage::make_column(info.name, info.column_type, info.nullable,
                                                             info.collation.value_or("")));
            complete.default_value = info.default_value;
            BOOST_OUTCOME_TRY(check_default(complete));
        }
        t.columns.push_back(std::move(info));
    }
    if (s.partition_) {
        BOOST_OUTCOME_TRY(p, partitioning_of(*s.partition_, db));
        t.part = std::move(p);
    }
    return t;
}

}  // namespace qproxy::czar
