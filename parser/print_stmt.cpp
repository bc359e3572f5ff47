// Canonical MySQL text for session-level statements, and CAST targets.
#include "parser/print_impl.hpp"

#include <fmt/format.h>

namespace qproxy::sql::detail {

void mysql_printer::statement(const sql::statement& s) { std::visit(statement_printer{*this}, s); }

void mysql_printer::cast(const cast_type& c) {
    using k = cast_type::kind_t;
    auto len = [&] {
        if (c.length_) out_ += fmt::format("({})", *c.length_);
    };
    switch (c.kind_) {
        case k::signed_: out_ += "SIGNED"; break;
        case k::unsigned_: out_ += "UNSIGNED"; break;
        case k::char_:
            out_ += "CHAR";
            len();
            if (!c.charset_.empty()) out_ += " CHARACTER SET ", ident(c.charset_);
            break;
        case k::nchar: out_ += "NCHAR"; len(); break;
        case k::binary: out_ += "BINARY"; len(); break;
        case k::date: out_ += "DATE"; break;
        case k::datetime: out_ += "DATETIME"; len(); break;
        case k::time: out_ += "TIME"; len(); break;
        case k::decimal:
            out_ += "DECIMAL";
            if (c.length_ && c.scale_) out_ += fmt::format("({}, {})", *c.length_, *c.scale_);
            else len();
            break;
        case k::double_: out_ += "DOUBLE"; break;
        case k::float_: out_ += "FLOAT"; len(); break;
        case k::real: out_ += "REAL"; break;
        case k::json: out_ += "JSON"; break;
        case k::year: out_ += "YEAR"; break;
    }
}

void statement_printer::operator()(const select_stmt& s) const { p.select(s); }

void statement_printer::operator()(const submit_stmt& s) const {
    p.word("SUBMIT ");
    if (s.select_) p.select(*s.select_);
    else p.word(s.query_);
}

void statement_printer::operator()(const cancel_stmt& s) const {
    p.word("CANCEL ");
    p.expr(s.id_, l_unary);
}

void statement_printer::operator()(const kill_stmt& s) const {
    p.word(s.kind_ == kill_kind::query ? "KILL QUERY " : "KILL CONNECTION ");
    p.expr(s.id_);
}

void statement_printer::operator()(const call_stmt& s) const {
    p.word("CALL ");
    p.table_name({s.db_, s.name_});
    p.word("(");
    p.exprs(s.args_);
    p.word(")");
}

void statement_printer::operator()(const set_stmt& s) const {
    p.word("SET ");
    for (std::size_t i = 0; i < s.assignments_.size(); ++i) {
        const set_assignment& a = s.assignments_[i];
        if (i) p.word(", ");
        switch (a.kind_) {
            case set_target::user_var:
                p.word("@");
                p.ident(a.name_);
                break;
            case set_target::sys_var: {
                p.word("@@");
                if (a.scope_ != var_scope::none) p.word(scope_text(a.scope_)), p.word(".");
                std::string_view name = a.name_;
                for (std::size_t dot; (dot = name.find('.')) != std::string_view::npos; name.remove_prefix(dot + 1))
                    p.ident(name.substr(0, dot)), p.word(".");
                p.ident(name);
                break;
            }
            case set_target::names:
                p.word("NAMES ");
                if (a.name_.empty()) p.word("DEFAULT");
                else p.ident(a.name_);
                if (a.collation_) p.word(" COLLATE "), p.ident(*a.collation_);
                continue;
            case set_target::charset:
                p.word("CHARACTER SET ");
                if (a.name_.empty()) p.word("DEFAULT");
                else p.ident(a.name_);
                continue;
            case set_target::transaction: {
                if (a.scope_ != var_scope::none) p.word(scope_text(a.scope_)), p.word(" ");
                p.word("TRANSACTION ");
                if (a.isolation_) p.word("ISOLATION LEVEL "), p.word(isolation_text(*a.isolation_));
                if (a.isolation_ && a.read_only_) p.word(", ");
                if (a.read_only_) p.word(*a.read_only_ ? "READ ONLY" : "READ WRITE");
                continue;
            }
            case set_target::password:
                p.word("PASSWORD");
                if (a.user_) p.word(" FOR "), p.user(*a.user_);
                break;
        }
        p.word(" = ");
        if (a.value_) p.expr(*a.value_);
    }
}

void statement_printer::operator()(const use_stmt& s) const {
    p.word("USE ");
    p.ident(s.db_);
}

void statement_printer::operator()(const show_stmt& s) const {
    p.word("SHOW ");
    if (s.full_) p.word("FULL ");
    if (s.scope_ != var_scope::none) p.word(scope_text(s.scope_)), p.word(" ");
    p.word(show_text(s.kind_));
    switch (s.kind_) {
        case show_kind::columns:
        case show_kind::index:
        case show_kind::create_table:
        case show_kind::create_view:
            p.word(s.kind_ == show_kind::columns || s.kind_ == show_kind::index ? " FROM " : " ");
            p.table_name({s.db_, s.table_});
            break;
        case show_kind::create_database:
            p.word(s.if_not_exists_ ? " IF NOT EXISTS " : " ");
            p.ident(s.db_);
            break;
        case show_kind::engine_status:
            p.word(" ");
            p.ident(s.engine_);
            p.word(" STATUS");
            break;
        case show_kind::grants:
            if (s.user_) p.word(" FOR "), p.user(*s.user_);
            break;
        default:
            if (!s.db_.empty()) p.word(" FROM "), p.ident(s.db_);
    }
    if (s.like_) p.word(" LIKE "), p.string_lit(*s.like_);
    if (s.where_) p.word(" WHERE "), p.expr(*s.where_);
    if (s.limit_) p.word(" "), p.limit(*s.limit_);
}

void statement_printer::operator()(const describe_stmt& s) const {
    p.word("DESCRIBE ");
    p.table_name(s.table_);
    if (s.column_) p.word(" "), p.string_lit(*s.column_);
}

void statement_printer::operator()(const explain_stmt& s) const {
    p.word("EXPLAIN ");
    if (!s.format_.empty()) p.word("FORMAT = "), p.ident(s.format_), p.word(" ");
    if (s.analyze_) p.word("ANALYZE ");
    p.select(s.select_);
}

void statement_printer::operator()(const transaction_stmt& s) const {
    auto chain_release = [&] {
        if (s.chain_) p.word(*s.chain_ ? " AND CHAIN" : " AND NO CHAIN");
        if (s.release_) p.word(*s.release_ ? " RELEASE" : " NO RELEASE");
    };
    switch (s.kind_) {
        case txn_kind::begin: p.word("BEGIN"); break;
        case txn_kind::start: {
            p.word("START TRANSACTION");
            const char* sep = " ";
            if (s.consistent_snapshot_) p.word(sep), p.word("WITH CONSISTENT SNAPSHOT"), sep = ", ";
            if (s.read_only_) p.word(sep), p.word(*s.read_only_ ? "READ ONLY" : "READ WRITE");
            break;
        }
        case txn_kind::commit: p.word("COMMIT"); chain_release(); break;
        case txn_kind::rollback: p.word("ROLLBACK"); chain_release(); break;
        case txn_kind::savepoint: p.word("SAVEPOINT "); p.ident(s.savepoint_); break;
        case txn_kind::release_savepoint: p.word("RELEASE SAVEPOINT "); p.ident(s.savepoint_); break;
        case txn_kind::rollback_to: p.word("ROLLBACK TO SAVEPOINT "); p.ident(s.savepoint_); break;
    }
}

void statement_printer::operator()(const lock_tables_stmt& s) const {
    p.word("LOCK TABLES ");
    for (std::size_t i = 0; i < s.tables_.size(); ++i) {
        const lock_target& t = s.tables_[i];
        if (i) p.word(", ");
        p.table_name(t.table_);
        if (!t.alias_.empty()) p.word(" AS "), p.ident(t.alias_);
        static constexpr std::string_view types[] = {" READ", " READ LOCAL", " WRITE", " LOW_PRIORITY WRITE"};
        p.word(types[static_cast<int>(t.type_)]);
    }
}

void statement_printer::operator()(const unlock_tables_stmt&) const { p.word("UNLOCK TABLES"); }

void statement_printer::operator()(const flush_stmt& s) const {
    p.word(s.local_ ? "FLUSH LOCAL " : "FLUSH ");
    for (std::size_t i = 0; i < s.options_.size(); ++i) {
        if (i) p.word(", ");
        p.word(s.options_[i]);
    }
    for (std::size_t i = 0; i < s.tables_.size(); ++i) {
        p.word(i ? ", " : " ");
        p.table_name(s.tables_[i]);
    }
}

void statement_printer::operator()(const do_stmt& s) const {
    p.word("DO ");
    p.exprs(s.exprs_);
}

}  // namespace qproxy::sql::detail
