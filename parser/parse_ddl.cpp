// CREATE / DROP: databases, tables (full MySQL column definitions, keys, table
// options, and qproxy's PARTITION BY KEY | SPHERE | DIRECTOR clause), users.
#include "parser/parser_impl.hpp"

#include <charconv>

namespace qproxy::sql::detail {

namespace {

bool if_not_exists(parser& p) {
    if (!p.at(kw::if_)) return false;
    p.take();
    p.expect(kw::not_);
    p.expect(kw::exists_);
    return true;
}

bool if_exists(parser& p) {
    if (!p.at(kw::if_)) return false;
    p.take();
    p.expect(kw::exists_);
    return true;
}

}  // namespace

statement parser::parse_create() {
    expect(kw::create_);
    if (accept(kw::temporary_)) {
        expect(kw::table_);
        return parse_create_table(true);
    }
    if (accept(kw::table_)) return parse_create_table(false);
    if (at(kw::user_)) return parse_create_user();
    if (accept(kw::database_) || accept(kw::schema_)) {
        create_database_stmt d;
        d.if_not_exists_ = if_not_exists(*this);
        d.name_ = ident();
        for (;;) {
            bool dflt = at(kw::default_) && (peek(1).is(kw::character_) || peek(1).is(kw::charset_) ||
                                             peek(1).is(kw::collate_) || peek(1).is(kw::encryption_));
            if (dflt) take();
            if ((at(kw::character_) && peek(1).is(kw::set_)) || at(kw::charset_)) {
                if (!accept(kw::charset_)) take(), take();
                accept(tok::eq);
                d.charset_ = charset_name();
            } else if (accept(kw::collate_)) {
                accept(tok::eq);
                d.collation_ = ident_or_text();
            } else if (at(kw::encryption_)) {
                fail_unsupported("CREATE DATABASE ... ENCRYPTION");
            } else {
                if (dflt) fail();
                break;
            }
        }
        return d;
    }
    const token& what = peek();
    if (what.is(kw::or_) || what.is(kw::view_) || what.is(kw::algorithm_) || what.is(kw::definer_) ||
        what.is(kw::sql_)) {
        fail_unsupported("CREATE VIEW");
    } else if (what.is(kw::unique_) || what.is(kw::fulltext_) || what.is(kw::spatial_) || what.is(kw::index_)) {
        fail_unsupported("CREATE INDEX");
    } else if (what.kind_ == tok::ident && what.keyword_ != kw::none) {
        fail_unsupported("CREATE " + upper_word(what));
    } else {
        fail();
    }
    return {};
}

statement parser::parse_drop() {
    expect(kw::drop_);
    bool temporary = accept(kw::temporary_);
    if (accept(kw::table_) || accept(kw::tables_)) {
        drop_table_stmt d;
        d.temporary_ = temporary;
        d.if_exists_ = if_exists(*this);
        do d.tables_.push_back(table_ident());
        while (accept(tok::comma));
        if (!accept(kw::restrict_)) accept(kw::cascade_);
        return d;
    }
    if (temporary) {
        fail();
        return {};
    }
    if (accept(kw::database_) || accept(kw::schema_)) {
        drop_database_stmt d;
        d.if_exists_ = if_exists(*this);
        d.name_ = ident();
        return d;
    }
    if (at(kw::user_)) return parse_drop_user();
    const token& what = peek();
    if (what.kind_ == tok::ident && what.keyword_ != kw::none) fail_unsupported("DROP " + upper_word(what));
    else fail();
    return {};
}

statement parser::parse_create_table(bool temporary) {
    create_table_stmt c;
    c.temporary_ = temporary;
    c.if_not_exists_ = if_not_exists(*this);
    c.table_ = table_ident();
    if (accept(kw::like_)) {
        c.like_ = table_ident();
        return c;
    }
    if (at(tok::lparen) && peek(1).is(kw::like_)) {
        take(), take();
        c.like_ = table_ident();
        expect(tok::rparen);
        return c;
    }
    if (at(tok::lparen) && !subquery_ahead()) {
        take();
        do {
            if (std::optional<key_def> k = parse_key_def()) c.keys_.push_back(std::move(*k));
            else c.columns_.push_back(parse_column_def());
        } while (accept(tok::comma) && !failed());
        expect(tok::rparen);
    }
    while (std::optional<table_option> o = parse_table_option()) {
        c.options_.push_back(std::move(*o));
        accept(tok::comma);
    }
    if (at2(kw::partition_, kw::by_)) c.partition_ = parse_partition();
    if (at(kw::ignore_) || at(kw::replace_)) fail_unsupported("CREATE TABLE ... IGNORE|REPLACE SELECT");
    if (accept(kw::as_) || at(kw::select_) || at(tok::lparen)) c.as_select_ = parse_query_expression();
    return c;
}

column_def parser::parse_column_def() {
    column_def c;
    c.name_ = ident();
    c.type_ = parse_data_type();
    for (bool more = true; more && !failed();) {
        const token& t = peek();
        std::string w = t.kind_ == tok::ident ? upper_word(t) : std::string();
        if (at2(kw::not_, kw::null_)) {
            take(), take();
            c.not_null_ = true;
        } else if (accept(kw::null_)) {
            c.not_null_ = false;
        } else if (accept(kw::default_)) {
            if (at(tok::lparen)) {
                take();
                c.default_ = parse_expr();
                expect(tok::rparen);
            } else {
                c.default_ = parse_simple();
            }
        } else if (at2(kw::on_, kw::update_)) {
            take(), take();
            c.on_update_ = parse_simple();
        } else if (accept(kw::auto_increment_)) {
            c.auto_increment_ = true;
        } else if (accept(kw::unique_)) {
            accept(kw::key_);
            c.key_ = key_kind::unique;
        } else if (accept(kw::primary_) || at(kw::key_)) {
            expect(kw::key_);
            c.key_ = key_kind::primary;
        } else if (accept(kw::comment_)) {
            c.comment_ = text_literal();
        } else if (accept(kw::collate_)) {
            c.type_.collation_ = ident_or_text();
        } else if (w == "VISIBLE") {
            take();
        } else if (w == "INVISIBLE" || w == "COLUMN_FORMAT" || w == "STORAGE" || w == "GENERATED" ||
                   t.is(kw::as_) || t.is(kw::references_) || t.is(kw::check_) || t.is(kw::serial_) ||
                   t.is(kw::constraint_) || w == "SRID") {
            fail_unsupported(w == "GENERATED" || t.is(kw::as_) ? "generated columns" : "column attribute " + w);
        } else {
            more = false;
        }
    }
    return c;
}

data_type parser::parse_data_type() {
    data_type t;
    const token& w = peek();
    if (w.kind_ != tok::ident) {
        fail();
        return t;
    }
    auto length = [&] {
        if (accept(tok::lparen)) {
            t.length_ = static_cast<std::uint32_t>(unsigned_number());
            if (accept(tok::comma)) t.scale_ = static_cast<std::uint32_t>(unsigned_number());
            expect(tok::rparen);
        }
    };
    bool numeric = false, text = false;
    switch (take().keyword_) {
        case kw::bit_: t.name_ = type_name::bit; length(); break;
        case kw::tinyint_: case kw::int1_: t.name_ = type_name::tinyint; numeric = true; break;
        case kw::smallint_: case kw::int2_: t.name_ = type_name::smallint; numeric = true; break;
        case kw::mediumint_: case kw::middleint_: case kw::int3_: t.name_ = type_name::mediumint; numeric = true; break;
        case kw::int_: case kw::integer_: case kw::int4_: t.name_ = type_name::int_; numeric = true; break;
        case kw::bigint_: case kw::int8_: t.name_ = type_name::bigint; numeric = true; break;
        case kw::bool_: case kw::boolean_: t.name_ = type_name::boolean; break;
        case kw::decimal_: case kw::dec_: case kw::numeric_: case kw::fixed_: t.name_ = type_name::decimal; numeric = true; break;
        case kw::float_: case kw::float4_: t.name_ = type_name::float_; numeric = true; break;
        case kw::float8_: case kw::real_: t.name_ = type_name::double_; numeric = true; break;
        case kw::double_: accept(kw::precision_); t.name_ = type_name::double_; numeric = true; break;
        case kw::date_: t.name_ = type_name::date; break;
        case kw::year_: t.name_ = type_name::year; length(); break;
        case kw::time_: t.name_ = type_name::time; length(); break;
        case kw::datetime_: t.name_ = type_name::datetime; length(); break;
        case kw::timestamp_: t.name_ = type_name::timestamp; length(); break;
        case kw::char_: case kw::character_:
            t.name_ = accept(kw::varying_) ? type_name::varchar : type_name::char_;
            text = true;
            break;
        case kw::national_:
            if (!accept(kw::varchar_) && !accept(kw::char_)) expect(kw::character_);
            t.name_ = toks_[pos_ - 1].is(kw::varchar_) || accept(kw::varying_) ? type_name::varchar : type_name::char_;
            t.charset_ = "utf8mb3";
            text = true;
            break;
        case kw::nchar_:
            t.name_ = accept(kw::varchar_) || accept(kw::varying_) ? type_name::varchar : type_name::char_;
            t.charset_ = "utf8mb3";
            text = true;
            break;
        case kw::nvarchar_: t.name_ = type_name::varchar; t.charset_ = "utf8mb3"; text = true; break;
        case kw::varchar_: case kw::varcharacter_: t.name_ = type_name::varchar; text = true; break;
        case kw::binary_: t.name_ = type_name::binary; length(); break;
        case kw::varbinary_: t.name_ = type_name::varbinary; length(); break;
        case kw::long_:
            if (accept(kw::varbinary_)) {
                t.name_ = type_name::mediumblob;
            } else {
                if (!accept(kw::varchar_)) accept(kw::varcharacter_);
                t.name_ = type_name::mediumtext;
                text = true;
            }
            break;
        case kw::tinyblob_: t.name_ = type_name::tinyblob; break;
        case kw::blob_: t.name_ = type_name::blob; length(); break;
        case kw::mediumblob_: t.name_ = type_name::mediumblob; break;
        case kw::longblob_: t.name_ = type_name::longblob; break;
        case kw::tinytext_: t.name_ = type_name::tinytext; text = true; break;
        case kw::text_: t.name_ = type_name::text; text = true; break;
        case kw::mediumtext_: t.name_ = type_name::mediumtext; text = true; break;
        case kw::longtext_: t.name_ = type_name::longtext; text = true; break;
        case kw::enum_:
        case kw::set_:
            t.name_ = toks_[pos_ - 1].is(kw::enum_) ? type_name::enum_ : type_name::set;
            expect(tok::lparen);
            do t.values_.push_back(text_literal());
            while (accept(tok::comma));
            expect(tok::rparen);
            text = true;
            break;
        case kw::json_: t.name_ = type_name::json; break;
        case kw::geometry_: t.name_ = type_name::geometry; break;
        case kw::point_: t.name_ = type_name::point; break;
        case kw::linestring_: t.name_ = type_name::linestring; break;
        case kw::polygon_: t.name_ = type_name::polygon; break;
        case kw::multipoint_: t.name_ = type_name::multipoint; break;
        case kw::multilinestring_: t.name_ = type_name::multilinestring; break;
        case kw::multipolygon_: t.name_ = type_name::multipolygon; break;
        case kw::geometrycollection_: t.name_ = type_name::geometrycollection; break;
        case kw::serial_: fail_unsupported("SERIAL"); return t;
        default: fail_at(w); return t;
    }
    if (numeric) {
        length();
        for (;;) {
            if (accept(kw::unsigned_)) t.unsigned_ = true;
            else if (accept(kw::zerofill_)) t.zerofill_ = true;
            else if (!accept(kw::signed_)) break;
        }
    }
    if (text) {
        if (t.name_ == type_name::char_ || t.name_ == type_name::varchar || t.name_ == type_name::text) length();
        for (;;) {
            if ((at(kw::character_) && peek(1).is(kw::set_)) || at(kw::charset_)) {
                if (!accept(kw::charset_)) take(), take();
                t.charset_ = charset_name();
            } else if (at(kw::collate_) && !failed()) {
                take();
                t.collation_ = ident_or_text();
            } else if (accept(kw::binary_)) {
                t.binary_ = true;
            } else if (accept(kw::ascii_)) {
                t.charset_ = "latin1";
            } else if (accept(kw::unicode_)) {
                t.charset_ = "ucs2";
            } else if (accept(kw::byte_)) {
                t.charset_ = "binary";
            } else {
                break;
            }
        }
    }
    return t;
}

partition_spec parser::parse_partition() {
    expect(kw::partition_);
    expect(kw::by_);
    partition_spec p;
    auto columns = [&](bool allow_empty) {
        expect(tok::lparen);
        if (!(allow_empty && at(tok::rparen))) {
            do p.columns_.push_back(ident());
            while (accept(tok::comma));
        }
        expect(tok::rparen);
    };
    auto count = [&] { return static_cast<std::uint32_t>(unsigned_number()); };
    const std::string w = at(tok::ident) ? upper_word(peek()) : std::string();
    if (accept(kw::key_)) {
        if (at(kw::algorithm_)) fail_unsupported("PARTITION BY KEY ALGORITHM");
        p.kind_ = partition_kind::key;
        columns(true);
        if (accept(kw::partitions_)) p.partitions_ = count();
    } else if (w == "SPHERE") {
        take();
        p.kind_ = partition_kind::sphere;
        columns(false);
        for (;;) {
            if (accept(kw::key_)) {
                expect(tok::lparen);
                p.key_ = ident();
                expect(tok::rparen);
            } else if (accept(kw::stripes_)) {
                p.stripes_ = count();
            } else if (accept(kw::substripes_)) {
                p.substripes_ = count();
            } else if (accept(kw::overlap_)) {
                double v = 0;
                std::string_view s = text_of(peek());
                if ((at(tok::integer) || at(tok::decimal) || at(tok::real)) &&
                    std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc{}) {
                    take();
                    p.overlap_ = v;
                } else {
                    fail();
                }
            } else {
                break;
            }
        }
    } else if (w == "DIRECTOR") {
        take();
        p.kind_ = partition_kind::director;
        columns(false);
        expect(kw::references_);
        p.references_ = table_ident();
    } else if (w == "HASH" || w == "RANGE" || w == "LIST" || w == "LINEAR") {
        fail_unsupported("PARTITION BY " + w);
    } else {
        fail();
    }
    if (at(kw::subpartition_) || at(tok::lparen)) fail_unsupported("partition definitions");
    return p;
}

}  // namespace qproxy::sql::detail
