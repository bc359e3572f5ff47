#include "storage/column_types.hpp"

#include "storage/charsets.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace qproxy::storage {

namespace {

enum class kind { integer, decimal, floating, chars, binary_chars, text, blob, enum_, set, date, time, datetime, year, json, bit, geometry };

struct type_spec {
    std::string_view name;       // as written
    std::string_view data_type;  // DATA_TYPE
    kind k;
    field_type type;
    std::int64_t size = 0;       // integers: display width signed; text/blob: byte capacity
};

constexpr std::int64_t max_u32 = 4294967295;

constexpr std::array<type_spec, 45> specs = {{
    {"tinyint", "tinyint", kind::integer, field_type::tiny, 4},
    {"bool", "tinyint", kind::integer, field_type::tiny, 1},
    {"boolean", "tinyint", kind::integer, field_type::tiny, 1},
    {"smallint", "smallint", kind::integer, field_type::short_, 6},
    {"mediumint", "mediumint", kind::integer, field_type::int24, 9},
    {"int", "int", kind::integer, field_type::long_, 11},
    {"integer", "int", kind::integer, field_type::long_, 11},
    {"bigint", "bigint", kind::integer, field_type::longlong, 20},
    {"decimal", "decimal", kind::decimal, field_type::newdecimal},
    {"numeric", "decimal", kind::decimal, field_type::newdecimal},
    {"dec", "decimal", kind::decimal, field_type::newdecimal},
    {"fixed", "decimal", kind::decimal, field_type::newdecimal},
    {"float", "float", kind::floating, field_type::float_, 12},
    {"double", "double", kind::floating, field_type::double_, 22},
    {"real", "double", kind::floating, field_type::double_, 22},
    {"char", "char", kind::chars, field_type::string},
    {"varchar", "varchar", kind::chars, field_type::var_string},
    {"binary", "binary", kind::binary_chars, field_type::string},
    {"varbinary", "varbinary", kind::binary_chars, field_type::var_string},
    {"tinytext", "tinytext", kind::text, field_type::blob, 255},
    {"text", "text", kind::text, field_type::blob, 65535},
    {"mediumtext", "mediumtext", kind::text, field_type::blob, 16777215},
    {"longtext", "longtext", kind::text, field_type::blob, max_u32},
    {"tinyblob", "tinyblob", kind::blob, field_type::blob, 255},
    {"blob", "blob", kind::blob, field_type::blob, 65535},
    {"mediumblob", "mediumblob", kind::blob, field_type::blob, 16777215},
    {"longblob", "longblob", kind::blob, field_type::blob, max_u32},
    {"enum", "enum", kind::enum_, field_type::string},
    {"set", "set", kind::set, field_type::string},
    {"date", "date", kind::date, field_type::date},
    {"time", "time", kind::time, field_type::time},
    {"datetime", "datetime", kind::datetime, field_type::datetime},
    {"timestamp", "timestamp", kind::datetime, field_type::timestamp},
    {"year", "year", kind::year, field_type::year},
    {"json", "json", kind::json, field_type::json},
    {"bit", "bit", kind::bit, field_type::bit},
    {"geometry", "geometry", kind::geometry, field_type::geometry},
    {"point", "point", kind::geometry, field_type::geometry},
    {"linestring", "linestring", kind::geometry, field_type::geometry},
    {"polygon", "polygon", kind::geometry, field_type::geometry},
    {"multipoint", "multipoint", kind::geometry, field_type::geometry},
    {"multilinestring", "multilinestring", kind::geometry, field_type::geometry},
    {"multipolygon", "multipolygon", kind::geometry, field_type::geometry},
    {"geometrycollection", "geomcollection", kind::geometry, field_type::geometry},
    {"geomcollection", "geomcollection", kind::geometry, field_type::geometry},
}};

struct parsed_type {
    const type_spec* spec = nullptr;
    std::vector<std::int64_t> args;    // (M) or (M,D)
    std::vector<std::string> members;  // enum/set, unquoted
    bool is_unsigned = false;
    bool zerofill = false;
};

sql_error bad_type(std::string_view text) {
    return {er::parse, "42000", fmt::format("Unknown column type '{}'", text)};
}

void skip_space(std::string_view& s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
}

std::string take_word(std::string_view& s) {
    std::size_t n = 0;
    while (n < s.size() && (std::isalnum(static_cast<unsigned char>(s[n])) || s[n] == '_')) ++n;
    std::string word = ascii_lower(s.substr(0, n));
    s.remove_prefix(n);
    return word;
}

// "(...)" after the type name: numbers, or quoted members ('' escapes a quote).
bool take_args(std::string_view& s, parsed_type& out) {
    const bool quoted = out.spec->k == kind::enum_ || out.spec->k == kind::set;
    s.remove_prefix(1);  // '('
    for (;;) {
        skip_space(s);
        if (quoted) {
            if (s.empty() || s.front() != '\'') return false;
            std::string member;
            s.remove_prefix(1);
            for (;;) {
                if (s.empty()) return false;
                if (s.front() == '\'' && s.size() > 1 && s[1] == '\'') {
                    member += '\'';
                    s.remove_prefix(2);
                } else if (s.front() == '\'') {
                    s.remove_prefix(1);
                    break;
                } else {
                    member += s.front();
                    s.remove_prefix(1);
                }
            }
            out.members.push_back(std::move(member));
        } else {
            std::int64_t n = 0;
            const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
            if (ec != std::errc() || n < 0 || n > max_u32) return false;
            s.remove_prefix(static_cast<std::size_t>(end - s.data()));
            out.args.push_back(n);
        }
        skip_space(s);
        if (s.empty()) return false;
        const char c = s.front();
        s.remove_prefix(1);
        if (c == ')') return true;
        if (c != ',') return false;
    }
}

sql_result<parsed_type> parse(std::string_view text) {
    std::string_view s = text;
    skip_space(s);
    std::string name = take_word(s);
    skip_space(s);
    if (name == "double" && ascii_lower(s.substr(0, 9)) == "precision") {
        s.remove_prefix(9);
        skip_space(s);
    }
    parsed_type out;
    for (const auto& spec : specs) {
        if (spec.name == name) out.spec = &spec;
    }
    if (!out.spec) return bad_type(text);
    if (!s.empty() && s.front() == '(' && !take_args(s, out)) return bad_type(text);
    for (;;) {
        skip_space(s);
        if (s.empty()) break;
        const std::string word = take_word(s);
        if (word == "unsigned") {
            out.is_unsigned = true;
        } else if (word == "zerofill") {
            out.zerofill = out.is_unsigned = true;
        } else if (word != "signed") {
            return bad_type(text);
        }
    }
    if ((out.spec->k == kind::enum_ || out.spec->k == kind::set) && out.members.empty()) return bad_type(text);
    return out;
}

std::int64_t arg(const parsed_type& t, std::size_t i, std::int64_t fallback) {
    return i < t.args.size() ? t.args[i] : fallback;
}

sql_result<const collation_info*> resolve_collation(std::string_view collation) {
    const auto* coll = find_collation(collation.empty() ? "utf8mb4_0900_ai_ci" : collation);
    if (!coll) return unknown_collation_error(collation);
    return coll;
}

std::int64_t mbmaxlen(const collation_info& coll) { return find_charset(coll.charset)->maxlen; }

column_type_details details_of(const parsed_type& t, std::int64_t mb) {
    column_type_details d;
    d.data_type = t.spec->data_type;
    switch (t.spec->k) {
    case kind::integer: {
        static constexpr std::array<std::pair<field_type, std::int64_t>, 5> precision = {
            {{field_type::tiny, 3}, {field_type::short_, 5}, {field_type::int24, 7}, {field_type::long_, 10},
             {field_type::longlong, 19}}};
        for (const auto& [type, digits] : precision) {
            if (type == t.spec->type) d.numeric_precision = digits + (type == field_type::longlong && t.is_unsigned);
        }
        d.numeric_scale = 0;
        break;
    }
    case kind::decimal:
        d.numeric_precision = arg(t, 0, 10);
        d.numeric_scale = arg(t, 1, 0);
        break;
    case kind::floating:
        d.numeric_precision = arg(t, 0, t.spec->size);
        if (t.args.size() > 1) d.numeric_scale = arg(t, 1, 0);
        break;
    case kind::chars:
    case kind::binary_chars: {
        const std::int64_t n = arg(t, 0, 1);
        d.character_maximum_length = n;
        d.character_octet_length = t.spec->k == kind::chars ? n * mb : n;
        break;
    }
    case kind::text:
    case kind::blob:
        d.character_maximum_length = d.character_octet_length = t.spec->size;
        break;
    case kind::enum_:
    case kind::set: {
        std::int64_t chars = 0;
        for (const auto& member : t.members) {
            const auto n = static_cast<std::int64_t>(member.size());
            chars = t.spec->k == kind::set ? chars + n : std::max(chars, n);
        }
        if (t.spec->k == kind::set) chars += static_cast<std::int64_t>(t.members.size()) - 1;
        d.character_maximum_length = chars;
        d.character_octet_length = chars * mb;
        d.members = t.members;
        break;
    }
    case kind::time:
    case kind::datetime:
        d.datetime_precision = arg(t, 0, 0);
        break;
    case kind::bit:
        d.numeric_precision = arg(t, 0, 1);
        break;
    case kind::date:
    case kind::year:
    case kind::json:
    case kind::geometry:
        break;
    }
    return d;
}

}  // namespace

sql_result<column_type_details> describe_column_type(std::string_view column_type, std::string_view collation) {
    BOOST_OUTCOME_TRY(t, parse(column_type));
    BOOST_OUTCOME_TRY(coll, resolve_collation(collation));
    return details_of(t, mbmaxlen(*coll));
}

sql_result<column_info> make_column(std::string name, std::string column_type, bool nullable,
                                    std::string_view collation, std::string key) {
    BOOST_OUTCOME_TRY(t, parse(column_type));
    BOOST_OUTCOME_TRY(coll, resolve_collation(collation));
    const std::int64_t mb = mbmaxlen(*coll);
    const column_type_details details = details_of(t, mb);
    const kind k = t.spec->k;
    const bool is_text = k == kind::chars || k == kind::text || k == kind::enum_ || k == kind::set;
    const bool numeric = k == kind::integer || k == kind::decimal || k == kind::floating || k == kind::year;

    column_meta m;
    m.name = m.org_name = name;
    m.type = t.spec->type;
    m.charset = is_text ? coll->id : charset::binary;
    std::int64_t length = 0;
    std::uint16_t flags = 0;
    switch (k) {
    case kind::integer: length = t.args.empty() ? t.spec->size - (t.is_unsigned && m.type != field_type::longlong) : arg(t, 0, 0); break;
    case kind::decimal: length = *details.numeric_precision + (*details.numeric_scale > 0) + !t.is_unsigned; break;
    case kind::floating: length = arg(t, 0, t.spec->size); break;
    case kind::chars:
    case kind::enum_:
    case kind::set: length = *details.character_octet_length; break;
    case kind::binary_chars: length = *details.character_maximum_length; break;
    case kind::text: length = std::min(t.spec->size * mb, max_u32); flags |= column_flag::blob; break;
    case kind::blob: length = t.spec->size; flags |= column_flag::blob; break;
    case kind::date: length = 10; break;
    case kind::time: length = 10 + (*details.datetime_precision ? *details.datetime_precision + 1 : 0); break;
    case kind::datetime: length = 19 + (*details.datetime_precision ? *details.datetime_precision + 1 : 0); break;
    case kind::year: length = 4; break;
    case kind::json:
    case kind::geometry: length = max_u32; flags |= column_flag::blob; break;
    case kind::bit: length = *details.numeric_precision; break;
    }
    m.length = static_cast<std::uint32_t>(length);
    if (k == kind::floating) m.decimals = t.args.size() > 1 ? static_cast<std::uint8_t>(arg(t, 1, 0)) : 31;
    if (k == kind::decimal) m.decimals = static_cast<std::uint8_t>(*details.numeric_scale);
    if (k == kind::time || k == kind::datetime) m.decimals = static_cast<std::uint8_t>(*details.datetime_precision);

    // BINARY_FLAG: numbers, temporals and byte strings, and text in a
    // binary collation, as MySQL marks them.
    const bool binary_collation = coll->name.ends_with("_bin") || coll->id == charset::binary;
    if (!is_text || binary_collation) flags |= column_flag::binary;
    if (numeric) flags |= column_flag::num;
    if (t.is_unsigned || k == kind::year || k == kind::bit) flags |= column_flag::unsigned_;
    if (t.zerofill || k == kind::year) flags |= column_flag::zerofill;
    if (k == kind::enum_) flags |= column_flag::enum_;
    if (k == kind::set) flags |= column_flag::set;
    if (!nullable) flags |= column_flag::not_null;
    if (key == "PRI") flags |= column_flag::pri_key;
    if (key == "UNI") flags |= column_flag::unique_key;
    if (key == "MUL") flags |= column_flag::multiple_key;
    m.flags = flags;

    column_info c;
    c.name = std::move(name);
    c.column_type = std::move(column_type);
    c.data_type = details.data_type;
    c.nullable = nullable;
    c.key = std::move(key);
    if (is_text) {
        c.charset = coll->charset;
        c.collation = coll->name;
    }
    c.meta = std::move(m);
    return c;
}

}  // namespace qproxy::storage
