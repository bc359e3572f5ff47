#include "parser/cli.hpp"

#include "parser/parser.hpp"

#include <iostream>
#include <iterator>
#include <vector>

namespace qproxy::sql {

namespace {

void print_error(const sql_error& e, std::ostream& err) {
    err << "ERROR " << e.code << " (" << e.sqlstate << "): " << e.message << '\n';
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
            out << "usage: qproxy parse [--dialect mysql|sqlite] [SQL | -]\n";
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
    if (dialect == "sqlite") {
        print_error(unsupported("sqlite dialect"), err);
        return 1;
    }

    std::vector<std::string> texts;
    for (std::size_t pos = 0; pos < sql.size();) {
        parsed p = parse_next(sql, pos);
        if (!p.stmt) {
            for (const std::string& t : texts) out << t << ";\n";
            print_error(p.stmt.error(), err);
            return 1;
        }
        if (!std::holds_alternative<empty_stmt>(p.stmt.value())) texts.push_back(to_mysql(p.stmt.value()));
        if (p.next <= pos) break;
        pos = p.next;
    }
    if (texts.size() == 1) out << texts[0] << '\n';
    else
        for (const std::string& t : texts) out << t << ";\n";
    return 0;
}

}  // namespace qproxy::sql
