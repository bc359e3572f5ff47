// Index, key and constraint clauses of CREATE TABLE, and its table options.
#include "parser/parser_impl.hpp"

#include <array>

namespace qproxy::sql::detail {

namespace {

// Table options MySQL 8.0 accepts as `NAME [=] value` (CHARSET and COLLATE are handled apart).
bool table_option_name(std::string_view upper) {
    static constexpr std::array<std::string_view, 23> names = {
        "ENGINE", "AUTO_INCREMENT", "AVG_ROW_LENGTH", "CHECKSUM", "COMMENT", "COMPRESSION", "CONNECTION",
        "DELAY_KEY_WRITE", "ENCRYPTION", "INSERT_METHOD", "KEY_BLOCK_SIZE", "MAX_ROWS", "MIN_ROWS",
        "PACK_KEYS", "PASSWORD", "ROW_FORMAT", "STATS_AUTO_RECALC", "STATS_PERSISTENT", "STATS_SAMPLE_PAGES",
        "TABLESPACE", "ENGINE_ATTRIBUTE", "SECONDARY_ENGINE", "AUTOEXTEND_SIZE"};
    for (std::string_view n : names)
        if (n == upper) return true;
    return false;
}

}  // namespace

std::optional<key_def> parser::parse_key_def() {
    const token& t = peek();
    if (!(t.is(kw::constraint_) || t.is(kw::primary_) || t.is(kw::unique_) || t.is(kw::key_) || t.is(kw::index_) ||
          t.is(kw::fulltext_) || t.is(kw::spatial_) || t.is(kw::foreign_) || t.is(kw::check_)))
        return std::nullopt;
    key_def k;
    if (accept(kw::constraint_) && at_ident()) k.constraint_ = ident();
    auto index_type = [&] {
        if (accept(kw::using_)) {
            if (!accept(kw::btree_)) expect(kw::hash_);
            k.using_ = upper_word(toks_[pos_ - 1]);
        }
    };
    auto index_options = [&] {
        for (;;) {
            std::string w = at(tok::ident) ? upper_word(peek()) : std::string();
            if (at(kw::using_)) {
                index_type();
            } else if (accept(kw::comment_)) {
                k.comment_ = text_literal();
            } else if (w == "VISIBLE") {
                take();
            } else if (w == "KEY_BLOCK_SIZE" || w == "INVISIBLE" || (at(kw::with_) && upper_word(peek(1)) == "PARSER")) {
                fail_unsupported("index option " + w);
                return;
            } else {
                return;
            }
        }
    };
    if (accept(kw::primary_)) {
        expect(kw::key_);
        k.kind_ = key_kind::primary;
    } else if (accept(kw::unique_)) {
        if (!accept(kw::index_)) accept(kw::key_);
        k.kind_ = key_kind::unique;
    } else if (accept(kw::fulltext_) || accept(kw::spatial_)) {
        k.kind_ = toks_[pos_ - 1].is(kw::fulltext_) ? key_kind::fulltext : key_kind::spatial;
        if (!accept(kw::index_)) accept(kw::key_);
    } else if (accept(kw::foreign_)) {
        expect(kw::key_);
        k.kind_ = key_kind::foreign;
        if (at_ident()) k.name_ = ident();
        k.parts_ = parse_key_parts();
        k.references_ = parse_references();
        return k;
    } else if (accept(kw::check_)) {
        k.kind_ = key_kind::check;
        expect(tok::lparen);
        k.check_ = parse_expr();
        expect(tok::rparen);
        std::string w = upper_word(peek());
        if (w == "ENFORCED" || (at(kw::not_) && upper_word(peek(1)) == "ENFORCED"))
            fail_unsupported("CHECK ... ENFORCED");
        return k;
    } else {
        if (!accept(kw::index_)) expect(kw::key_);
        k.kind_ = key_kind::index;
    }
    if (k.kind_ != key_kind::primary && at_ident()) k.name_ = ident();
    index_type();
    k.parts_ = parse_key_parts();
    index_options();
    return k;
}

std::vector<key_part> parser::parse_key_parts() {
    std::vector<key_part> parts;
    expect(tok::lparen);
    do {
        if (at(tok::lparen)) {
            fail_unsupported("functional key parts");
            break;
        }
        key_part p;
        p.column_ = ident();
        if (accept(tok::lparen)) {
            p.length_ = static_cast<std::uint32_t>(unsigned_number());
            expect(tok::rparen);
        }
        if (accept(kw::desc_)) p.desc_ = true;
        else accept(kw::asc_);
        parts.push_back(std::move(p));
    } while (accept(tok::comma));
    expect(tok::rparen);
    return parts;
}

reference_spec parser::parse_references() {
    reference_spec r;
    expect(kw::references_);
    r.table_ = table_ident();
    expect(tok::lparen);
    do r.columns_.push_back(ident());
    while (accept(tok::comma));
    expect(tok::rparen);
    if (accept(kw::match_)) {
        if (!at(tok::ident)) fail();
        take();  // FULL | PARTIAL | SIMPLE: InnoDB ignores MATCH
    }
    while (at(kw::on_)) {
        take();
        bool del = accept(kw::delete_);
        if (!del) expect(kw::update_);
        std::string action;
        if (accept(kw::restrict_) || accept(kw::cascade_)) {
            action = upper_word(toks_[pos_ - 1]);
        } else if (accept(kw::set_)) {
            if (!accept(kw::null_)) expect(kw::default_);
            action = "SET " + upper_word(toks_[pos_ - 1]);
        } else {
            expect(kw::no_);
            expect(kw::action_);
            action = "NO ACTION";
        }
        (del ? r.on_delete_ : r.on_update_) = std::move(action);
    }
    return r;
}

std::optional<table_option> parser::parse_table_option() {
    if (!at(tok::ident) || failed()) return std::nullopt;
    table_option o;
    const bool dflt = at(kw::default_);
    const std::size_t at_word = dflt ? 1 : 0;
    const token& w = peek(at_word);
    if ((w.is(kw::character_) && peek(at_word + 1).is(kw::set_)) || w.is(kw::charset_)) {
        o.name_ = "CHARSET";
    } else if (w.is(kw::collate_)) {
        o.name_ = "COLLATE";
    } else if (!dflt && (w.is(kw::data_) || w.is(kw::index_)) && upper_word(peek(1)) == "DIRECTORY") {
        o.name_ = upper_word(w) + " DIRECTORY";
    } else if (!dflt && table_option_name(upper_word(w))) {
        o.name_ = upper_word(w);
    } else if (!dflt && w.is(kw::union_)) {
        fail_unsupported("UNION table option");
        return std::nullopt;
    } else {
        if (dflt) fail_at(w);
        return std::nullopt;
    }
    pos_ += at_word + 1 + (w.is(kw::character_) || o.name_.find(' ') != std::string::npos ? 1 : 0);
    accept(tok::eq);
    const token& v = peek();
    if (v.kind_ == tok::string) {
        o.value_ = text_literal();
        o.quoted_ = true;
    } else if (v.kind_ == tok::ident || v.kind_ == tok::quoted_ident || v.kind_ == tok::integer ||
               v.kind_ == tok::decimal) {
        o.value_ = v.kind_ == tok::quoted_ident ? ident_value(text_of(v)) : std::string(text_of(v));
        take();
    } else {
        fail();
    }
    return o;
}

}  // namespace qproxy::sql::detail
