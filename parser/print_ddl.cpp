// Canonical MySQL text for DDL, LOAD DATA, DML and account statements.
#include "parser/print_impl.hpp"

#include <fmt/format.h>

namespace qproxy::sql::detail {

namespace {

// Defaults MySQL accepts without parentheses: literals, signed numbers, CURRENT_TIMESTAMP-style calls.
bool bare_default(const expr& e) {
    if (expr_level(e) == l_primary && e.kind_ != expr_kind::func) return e.kind_ != expr_kind::subquery;
    if (e.kind_ == expr_kind::unary && (e.op_ == op::neg || e.op_ == op::plus))
        return e.args_[0].kind_ == expr_kind::int_lit || e.args_[0].kind_ == expr_kind::decimal_lit ||
               e.args_[0].kind_ == expr_kind::float_lit;
    if (e.kind_ == expr_kind::func && e.db_.empty())
        return e.canonical_ == "CURRENT_TIMESTAMP" || e.canonical_ == "NOW" || e.canonical_ == "LOCALTIME" ||
               e.canonical_ == "LOCALTIMESTAMP";
    return false;
}

}  // namespace

void statement_printer::data_type(const sql::data_type& t) const {
    p.word(type_text(t.name_));
    if (!t.values_.empty()) {
        p.word("(");
        for (std::size_t i = 0; i < t.values_.size(); ++i) {
            if (i) p.word(", ");
            p.string_lit(t.values_[i]);
        }
        p.word(")");
    }
    if (t.length_ && t.scale_) p.word(fmt::format("({}, {})", *t.length_, *t.scale_));
    else if (t.length_) p.word(fmt::format("({})", *t.length_));
    if (t.unsigned_) p.word(" UNSIGNED");
    if (t.zerofill_) p.word(" ZEROFILL");
    if (!t.charset_.empty()) p.word(" CHARACTER SET "), p.ident(t.charset_);
    if (t.binary_) p.word(" BINARY");
    if (!t.collation_.empty()) p.word(" COLLATE "), p.ident(t.collation_);
}

void statement_printer::column(const column_def& c) const {
    p.ident(c.name_);
    p.word(" ");
    data_type(c.type_);
    if (c.not_null_) p.word(*c.not_null_ ? " NOT NULL" : " NULL");
    if (c.default_) {
        p.word(" DEFAULT ");
        if (bare_default(*c.default_)) {
            p.expr(*c.default_, l_unary);
        } else {
            p.word("(");
            p.expr(*c.default_);
            p.word(")");
        }
    }
    if (c.on_update_) p.word(" ON UPDATE "), p.expr(*c.on_update_, l_unary);
    if (c.auto_increment_) p.word(" AUTO_INCREMENT");
    if (c.key_ == key_kind::unique) p.word(" UNIQUE KEY");
    if (c.key_ == key_kind::primary) p.word(" PRIMARY KEY");
    if (c.comment_) p.word(" COMMENT "), p.string_lit(*c.comment_);
}

void statement_printer::key(const key_def& k) const {
    if (!k.constraint_.empty()) p.word("CONSTRAINT "), p.ident(k.constraint_), p.word(" ");
    static constexpr std::string_view kinds[] = {"", "PRIMARY KEY", "UNIQUE KEY", "KEY", "FULLTEXT KEY",
                                                 "SPATIAL KEY", "FOREIGN KEY", "CHECK"};
    p.word(kinds[static_cast<int>(k.kind_)]);
    if (k.kind_ == key_kind::check) {
        p.word(" (");
        p.expr(*k.check_);
        p.word(")");
        return;
    }
    if (!k.name_.empty()) p.word(" "), p.ident(k.name_);
    p.word(" (");
    for (std::size_t i = 0; i < k.parts_.size(); ++i) {
        if (i) p.word(", ");
        p.ident(k.parts_[i].column_);
        if (k.parts_[i].length_) p.word(fmt::format("({})", *k.parts_[i].length_));
        if (k.parts_[i].desc_) p.word(" DESC");
    }
    p.word(")");
    if (!k.using_.empty()) p.word(" USING "), p.word(k.using_);
    if (k.comment_) p.word(" COMMENT "), p.string_lit(*k.comment_);
    if (const auto& r = k.references_) {
        p.word(" REFERENCES ");
        p.table_name(r->table_);
        p.word(" (");
        for (std::size_t i = 0; i < r->columns_.size(); ++i) {
            if (i) p.word(", ");
            p.ident(r->columns_[i]);
        }
        p.word(")");
        if (!r->on_delete_.empty()) p.word(" ON DELETE "), p.word(r->on_delete_);
        if (!r->on_update_.empty()) p.word(" ON UPDATE "), p.word(r->on_update_);
    }
}

void statement_printer::operator()(const create_database_stmt& s) const {
    p.word(s.if_not_exists_ ? "CREATE DATABASE IF NOT EXISTS " : "CREATE DATABASE ");
    p.ident(s.name_);
    if (s.charset_) p.word(" CHARACTER SET "), p.ident(*s.charset_);
    if (s.collation_) p.word(" COLLATE "), p.ident(*s.collation_);
}

void statement_printer::operator()(const drop_database_stmt& s) const {
    p.word(s.if_exists_ ? "DROP DATABASE IF EXISTS " : "DROP DATABASE ");
    p.ident(s.name_);
}

void statement_printer::operator()(const create_table_stmt& s) const {
    p.word(s.temporary_ ? "CREATE TEMPORARY TABLE " : "CREATE TABLE ");
    if (s.if_not_exists_) p.word("IF NOT EXISTS ");
    p.table_name(s.table_);
    if (s.like_) {
        p.word(" LIKE ");
        p.table_name(*s.like_);
        return;
    }
    if (!s.columns_.empty() || !s.keys_.empty()) {
        p.word(" (");
        const char* sep = "";
        for (const column_def& c : s.columns_) p.word(sep), column(c), sep = ", ";
        for (const key_def& k : s.keys_) p.word(sep), key(k), sep = ", ";
        p.word(")");
    }
    for (const table_option& o : s.options_) {
        p.word(" ");
        p.word(o.name_);
        p.word(" = ");
        if (o.quoted_) p.string_lit(o.value_);
        else if (!o.value_.empty() && o.value_.find_first_not_of("0123456789.") == std::string::npos) p.word(o.value_);
        else p.ident(o.value_);
    }
    if (const auto& part = s.partition_) {
        p.word(" PARTITION BY ");
        static constexpr std::string_view kinds[] = {"KEY", "SPHERE", "DIRECTOR"};
        p.word(kinds[static_cast<int>(part->kind_)]);
        p.word(" (");
        for (std::size_t i = 0; i < part->columns_.size(); ++i) {
            if (i) p.word(", ");
            p.ident(part->columns_[i]);
        }
        p.word(")");
        if (!part->key_.empty()) p.word(" KEY ("), p.ident(part->key_), p.word(")");
        if (part->partitions_) p.word(fmt::format(" PARTITIONS {}", *part->partitions_));
        if (part->stripes_) p.word(fmt::format(" STRIPES {}", *part->stripes_));
        if (part->substripes_) p.word(fmt::format(" SUBSTRIPES {}", *part->substripes_));
        if (part->overlap_) {
            std::string v = fmt::format("{}", *part->overlap_);
            if (v.find_first_of(".e") == std::string::npos) v += ".0";
            p.word(" OVERLAP " + v);
        }
        if (part->kind_ == partition_kind::director) p.word(" REFERENCES "), p.table_name(part->references_);
    }
    if (s.as_select_) p.word(" AS "), p.select(*s.as_select_);
}

void statement_printer::operator()(const drop_table_stmt& s) const {
    p.word(s.temporary_ ? "DROP TEMPORARY TABLE " : "DROP TABLE ");
    if (s.if_exists_) p.word("IF EXISTS ");
    for (std::size_t i = 0; i < s.tables_.size(); ++i) {
        if (i) p.word(", ");
        p.table_name(s.tables_[i]);
    }
}

void statement_printer::assignments(const std::vector<column_assignment>& as) const {
    for (std::size_t i = 0; i < as.size(); ++i) {
        if (i) p.word(", ");
        p.expr(as[i].column_);
        p.word(" = ");
        p.expr(as[i].value_);
    }
}

void statement_printer::operator()(const load_data_stmt& s) const {
    p.word("LOAD DATA ");
    if (s.low_priority_) p.word("LOW_PRIORITY ");
    if (s.concurrent_) p.word("CONCURRENT ");
    if (s.local_) p.word("LOCAL ");
    p.word("INFILE ");
    p.string_lit(s.file_);
    if (s.dup_ != duplicates::error) p.word(s.dup_ == duplicates::replace ? " REPLACE" : " IGNORE");
    p.word(" INTO TABLE ");
    p.table_name(s.table_);
    if (s.charset_) p.word(" CHARACTER SET "), p.ident(*s.charset_);
    if (s.fields_terminated_ || s.fields_enclosed_ || s.fields_escaped_) {
        p.word(" FIELDS");
        if (s.fields_terminated_) p.word(" TERMINATED BY "), p.string_lit(*s.fields_terminated_);
        if (s.fields_enclosed_) {
            p.word(s.fields_optionally_ ? " OPTIONALLY ENCLOSED BY " : " ENCLOSED BY ");
            p.string_lit(*s.fields_enclosed_);
        }
        if (s.fields_escaped_) p.word(" ESCAPED BY "), p.string_lit(*s.fields_escaped_);
    }
    if (s.lines_starting_ || s.lines_terminated_) {
        p.word(" LINES");
        if (s.lines_starting_) p.word(" STARTING BY "), p.string_lit(*s.lines_starting_);
        if (s.lines_terminated_) p.word(" TERMINATED BY "), p.string_lit(*s.lines_terminated_);
    }
    if (s.ignore_lines_) p.word(fmt::format(" IGNORE {} LINES", *s.ignore_lines_));
    if (!s.columns_.empty()) p.word(" ("), p.exprs(s.columns_), p.word(")");
    if (!s.set_.empty()) p.word(" SET "), assignments(s.set_);
}

void statement_printer::operator()(const insert_stmt& s) const {
    p.word(s.replace_ ? "REPLACE " : "INSERT ");
    static constexpr std::string_view priorities[] = {"", "LOW_PRIORITY ", "DELAYED ", "HIGH_PRIORITY "};
    p.word(priorities[static_cast<int>(s.priority_)]);
    if (s.ignore_) p.word("IGNORE ");
    p.word("INTO ");
    p.table_name(s.table_);
    if (!s.set_.empty()) {
        p.word(" SET ");
        assignments(s.set_);
    } else {
        if (!s.columns_.empty() || (s.rows_.size() && s.rows_[0].empty())) {
            p.word(" (");
            for (std::size_t i = 0; i < s.columns_.size(); ++i) {
                if (i) p.word(", ");
                p.ident(s.columns_[i]);
            }
            p.word(")");
        }
        if (s.select_) {
            p.word(" ");
            p.select(*s.select_);
        } else {
            p.word(" VALUES ");
            for (std::size_t i = 0; i < s.rows_.size(); ++i) {
                if (i) p.word(", ");
                p.word("(");
                p.exprs(s.rows_[i]);
                p.word(")");
            }
        }
    }
    if (!s.on_duplicate_.empty()) p.word(" ON DUPLICATE KEY UPDATE "), assignments(s.on_duplicate_);
}

void statement_printer::operator()(const update_stmt& s) const {
    p.word("UPDATE ");
    if (s.low_priority_) p.word("LOW_PRIORITY ");
    if (s.ignore_) p.word("IGNORE ");
    for (std::size_t i = 0; i < s.tables_.size(); ++i) {
        if (i) p.word(", ");
        p.table(s.tables_[i]);
    }
    p.word(" SET ");
    assignments(s.set_);
    if (s.where_) p.word(" WHERE "), p.expr(*s.where_);
    if (!s.order_by_.empty()) p.word(" ORDER BY "), p.order(s.order_by_);
    if (s.limit_) p.word(" "), p.limit(*s.limit_);
}

void statement_printer::operator()(const delete_stmt& s) const {
    p.word("DELETE ");
    if (s.low_priority_) p.word("LOW_PRIORITY ");
    if (s.quick_) p.word("QUICK ");
    if (s.ignore_) p.word("IGNORE ");
    p.word("FROM ");
    p.table_name(s.table_);
    if (!s.alias_.empty()) p.word(" AS "), p.ident(s.alias_);
    if (s.where_) p.word(" WHERE "), p.expr(*s.where_);
    if (!s.order_by_.empty()) p.word(" ORDER BY "), p.order(s.order_by_);
    if (s.limit_) p.word(" "), p.limit(*s.limit_);
}

void statement_printer::user_auths(const std::vector<user_auth>& users, tls_require require) const {
    for (std::size_t i = 0; i < users.size(); ++i) {
        const user_auth& u = users[i];
        if (i) p.word(", ");
        p.user(u.user_);
        if (u.plugin_ || u.password_ || u.hash_) p.word(" IDENTIFIED");
        if (u.plugin_) p.word(" WITH "), p.ident(*u.plugin_);
        if (u.password_) p.word(" BY "), p.string_lit(*u.password_);
        if (u.hash_) p.word(" AS "), p.string_lit(*u.hash_);
    }
    static constexpr std::string_view requires_[] = {"", " REQUIRE NONE", " REQUIRE SSL", " REQUIRE X509"};
    p.word(requires_[static_cast<int>(require)]);
}

void statement_printer::operator()(const create_user_stmt& s) const {
    p.word(s.if_not_exists_ ? "CREATE USER IF NOT EXISTS " : "CREATE USER ");
    user_auths(s.users_, s.require_);
}

void statement_printer::operator()(const alter_user_stmt& s) const {
    p.word(s.if_exists_ ? "ALTER USER IF EXISTS " : "ALTER USER ");
    user_auths(s.users_, s.require_);
}

void statement_printer::operator()(const drop_user_stmt& s) const {
    p.word(s.if_exists_ ? "DROP USER IF EXISTS " : "DROP USER ");
    for (std::size_t i = 0; i < s.users_.size(); ++i) {
        if (i) p.word(", ");
        p.user(s.users_[i]);
    }
}

void statement_printer::grant_target(const std::vector<privilege>& privs, const grant_object& o) const {
    for (std::size_t i = 0; i < privs.size(); ++i) {
        if (i) p.word(", ");
        p.word(privs[i].name_);
        if (!privs[i].columns_.empty()) {
            p.word(" (");
            for (std::size_t c = 0; c < privs[i].columns_.size(); ++c) {
                if (c) p.word(", ");
                p.ident(privs[i].columns_[c]);
            }
            p.word(")");
        }
    }
    static constexpr std::string_view types[] = {" ON ", " ON FUNCTION ", " ON PROCEDURE "};
    p.word(types[static_cast<int>(o.type_)]);
    auto part = [&](const std::string& n) {
        if (n == "*") p.word("*");
        else p.ident(n);
    };
    if (!o.db_.empty()) part(o.db_), p.word(".");
    part(o.table_);
}

void statement_printer::operator()(const grant_stmt& s) const {
    p.word("GRANT ");
    grant_target(s.privileges_, s.object_);
    p.word(" TO ");
    for (std::size_t i = 0; i < s.users_.size(); ++i) {
        if (i) p.word(", ");
        p.user(s.users_[i]);
    }
    if (s.with_grant_option_) p.word(" WITH GRANT OPTION");
}

void statement_printer::operator()(const revoke_stmt& s) const {
    p.word("REVOKE ");
    if (s.all_grant_option_) p.word("ALL PRIVILEGES, GRANT OPTION");
    else grant_target(s.privileges_, s.object_);
    p.word(" FROM ");
    for (std::size_t i = 0; i < s.users_.size(); ++i) {
        if (i) p.word(", ");
        p.user(s.users_[i]);
    }
}

}  // namespace qproxy::sql::detail
