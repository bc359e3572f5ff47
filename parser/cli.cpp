#include "parser/cli.hpp"

#include "parser/parser.hpp"
#include "parser/print_sqlite.hpp"

#include <iostream>
#include <iterator>
#include <vector>

namespace qproxy::sql {

namespace {

void print_error(const sql_error& e, std::ostream& err) {
    err << "ERROR " << e.code << " (" << e.sqlstate << "): " << e.message << '\n';
}

// Without a catalog, every column is a nullable DOUBLE: the printed text is what
// the engine would run for numeric columns (string columns compare through
// collations instead).
class catalog_free_env final : public type_env {
public:
    [[nodiscard]] sql_result<column_meta> column(const expr& ref) const override {
        column_meta m;
        m.name = m.org_name = ref.name_;
        m.table = m.org_table = ref.table_;
        m.type = field_type::double_;
        m.length = 22;
        m.decimals = 31;
        m.charset = charset::binary;
        return m;
    }
};

// The SQLite text of one statement (SELECTs and expressions have one).
sql_result<std::string> sqlite_text(const statement& s) {
    const auto* select = std::get_if<select_stmt>(&s);
    if (!select) return unsupported("an SQLite form of statements other than SELECT");
    const catalog_free_env env;
    BOOST_OUTCOME_TRY(q, to_sqlite(*select, sqlite_print_options{&env, nullptr, {}}));
    return q.text;
}

}  // namespace

int run_parse_command(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    std::string dialect = "mysql";
    std::vector<std::string> words;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--dialect" && i + 1 < args.size()) {
            dialect = args[++i];
        } else if (a.rfind("--dialect=", 0) == 0) {
            dialect = a.substr(10);
        } else if (a == "--help" || a == "-h") {
            out << "usage: qproxy parse [--dialect mysql|sqlite] [SQL | -]\n"
                   "  mysql: canonical MySQL text; sqlite: the SQLite text the embedded engine runs\n"
                   "  (SELECTs; without a catalog, columns are typed DOUBLE)\n";
            return 0;
        } else if (a.rfind("--", 0) == 0 && a.find_first_of(" \t\r\n") == std::string::npos && words.empty()) {
            err << "qproxy parse: unknown option '" << a << "'\n";
            return 2;
        } else {
            words.push_back(a);
        }
    }
    if (dialect != "mysql" && dialect != "sqlite") {
        err << "qproxy parse: unknown dialect '" << dialect << "' (mysql or sqlite)\n";
        return 2;
    }
    std::string sql;
    if (words.empty() || (words.size() == 1 && words[0] == "-")) {
        sql.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        for (const std::string& w : words) sql += (sql.empty() ? "" : " ") + w;
    }
    std::vector<std::string> texts;
    for (std::size_t pos = 0; pos < sql.size();) {
        parsed p = parse_next(sql, pos);
        if (!p.stmt) {
            for (const std::string& t : texts) out << t << ";\n";
            print_error(p.stmt.error(), err);
            return 1;
        }
        if (!std::holds_alternative<empty_stmt>(p.stmt.value())) {
            if (dialect == "mysql") {
                texts.push_back(to_mysql(p.stmt.value()));
            } else {
                auto text = sqlite_text(p.stmt.value());
                if (!text) {
                    for (const std::string& t : texts) out << t << ";\n";
                    print_error(text.error(), err);
                    return 1;
                }
                texts.push_back(std::move(text).value());
            }
        }
        if (p.next <= pos) break;
        pos = p.next;
    }
    if (texts.size() == 1) out << texts[0] << '\n';
    else
        for (const std::string& t : texts) out << t << ";\n";
    return 0;
}

}  // namespace qproxy::sql
