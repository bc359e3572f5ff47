#include "app/load_command.hpp"

#include "czar/infile_load.hpp"
#include "czar/mysql_time.hpp"
#include "storage/catalog.hpp"
#include "storage/chunk_store.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <iostream>

namespace qproxy::app {

namespace {

namespace po = boost::program_options;

constexpr const char* usage =
    "usage: qproxy load --data-dir DIR --table DB.TABLE [options] FILE... ('-' reads standard input)\n"
    "Loads the files into the table as LOAD DATA LOCAL INFILE would, as one load: all rows or none.\n"
    "Run it while no server uses DIR (a server reads the chunk list at start).\n";

// Option values are written as the contents of an SQL string: \t \n \r \0 \b \Z \\ \' \".
std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        switch (const char c = s[++i]) {
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case '0': out += '\0'; break;
        case 'b': out += '\b'; break;
        case 'Z': out += '\032'; break;
        default: out += c; break;
        }
    }
    return out;
}

std::string now_text() {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    auto t = czar::from_epoch(micros / 1000000, "SYSTEM");
    if (!t) return "1970-01-01 00:00:00.000000";
    t->micro = static_cast<int>(micros % 1000000);
    return czar::format_time_value(*t, 6);
}

int fail(const sql_error& e) {
    std::cerr << fmt::format("qproxy load: ERROR {} ({}): {}\n", e.code, e.sqlstate, e.message);
    return 1;
}

// The statement the options stand for.
sql::load_data_stmt statement(const po::variables_map& vm, const std::string& table) {
    sql::load_data_stmt s;
    s.local_ = true;
    const auto dot = table.find('.');
    s.table_ = {table.substr(0, dot), table.substr(dot + 1)};
    const auto text = [&](const char* name) -> std::optional<std::string> {
        if (!vm.count(name)) return std::nullopt;
        return unescape(vm[name].as<std::string>());
    };
    s.fields_terminated_ = text("fields-terminated-by");
    s.fields_enclosed_ = text("fields-enclosed-by");
    if (auto optionally = text("fields-optionally-enclosed-by")) {
        s.fields_enclosed_ = std::move(optionally);
        s.fields_optionally_ = true;
    }
    s.fields_escaped_ = text("fields-escaped-by");
    s.lines_starting_ = text("lines-starting-by");
    s.lines_terminated_ = text("lines-terminated-by");
    s.charset_ = text("character-set");
    if (vm.count("ignore-lines")) s.ignore_lines_ = vm["ignore-lines"].as<std::uint64_t>();
    if (vm.count("replace")) s.dup_ = sql::duplicates::replace;
    if (vm.count("ignore")) s.dup_ = sql::duplicates::ignore;
    if (vm.count("columns")) {
        const std::string list = vm["columns"].as<std::string>();
        for (std::size_t from = 0; from <= list.size();) {
            const auto comma = std::min(list.find(',', from), list.size());
            sql::expr e;
            const std::string name = list.substr(from, comma - from);
            e.kind_ = name.starts_with('@') ? sql::expr_kind::user_var : sql::expr_kind::column;
            e.name_ = name.starts_with('@') ? name.substr(1) : name;
            s.columns_.push_back(std::move(e));
            from = comma + 1;
        }
    }
    return s;
}

}  // namespace

int run_load_command(const std::vector<std::string>& args) {
    std::string data_dir, table;
    std::vector<std::string> files;
    po::options_description d("Options (LOAD DATA's clauses; values are SQL string contents, e.g. '\\t')");
    d.add_options()
        ("help,h", "this help")
        ("data-dir", po::value(&data_dir)->required(), "the data directory")
        ("table", po::value(&table)->required(), "DB.TABLE to load (it must exist)")
        ("fields-terminated-by", po::value<std::string>(), "FIELDS TERMINATED BY (default \\t)")
        ("fields-enclosed-by", po::value<std::string>(), "FIELDS ENCLOSED BY")
        ("fields-optionally-enclosed-by", po::value<std::string>(), "FIELDS OPTIONALLY ENCLOSED BY")
        ("fields-escaped-by", po::value<std::string>(), "FIELDS ESCAPED BY (default \\\\)")
        ("lines-starting-by", po::value<std::string>(), "LINES STARTING BY")
        ("lines-terminated-by", po::value<std::string>(), "LINES TERMINATED BY (default \\n)")
        ("ignore-lines", po::value<std::uint64_t>(), "IGNORE n LINES")
        ("columns", po::value<std::string>(), "the column list, e.g. a,b,@skip")
        ("character-set", po::value<std::string>(), "CHARACTER SET of the files (default utf8mb4)")
        ("replace", "REPLACE (tables without a director key)")
        ("ignore", "IGNORE: duplicates and bad values are warnings (the default unless --strict)")
        ("strict", "strict mode: the first bad value, row shape or duplicate fails the load, and nothing is loaded")
        ("file", po::value(&files), "input files");
    po::positional_options_description positional;
    positional.add("file", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(d).positional(positional).run(), vm);
        if (vm.count("help")) {
            std::cout << usage << d;
            return 0;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "qproxy load: " << e.what() << '\n' << usage;
        return 2;
    }
    if (files.empty() || table.find('.') == std::string::npos) {
        std::cerr << "qproxy load: give --table DB.TABLE and at least one file\n" << usage;
        return 2;
    }
    spdlog::set_level(spdlog::level::warn);

    const auto s = statement(vm, table);
    if (auto st = storage::set_temp_directory(std::filesystem::path(data_dir) / "tmp"); !st) return fail(st.error());
    auto catalog = storage::catalog::open(data_dir);
    if (!catalog) return fail(catalog.error());
    storage::chunk_store chunks(*catalog.value(), data_dir);
    chunks.prepare_files();
    auto t = catalog.value()->find_table(s.table_.db_, s.table_.name_);
    if (!t) return fail({er::no_such_table, "42S02", fmt::format("Table '{}' doesn't exist", table)});
    auto loader = czar::loader::create(*catalog.value(), chunks, std::move(*t));
    if (!loader) return fail(loader.error());
    czar::infile_load::options o;
    o.strict = vm.count("strict") > 0;
    o.max_warnings = 64;
    o.now = now_text();
    auto load = czar::infile_load::create(s, std::move(loader).value(), std::move(o));
    if (!load) return fail(load.error());

    const auto started = std::chrono::steady_clock::now();
    std::vector<char> buffer(1 << 20);
    for (const auto& name : files) {
        std::ifstream file;
        if (name != "-") file.open(name, std::ios::binary);
        std::istream& in = name == "-" ? std::cin : file;
        if (!in) {
            std::cerr << fmt::format("qproxy load: cannot open '{}'\n", name);
            return 1;
        }
        while (in) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            const auto n = static_cast<std::size_t>(in.gcount());
            if (n == 0) break;
            if (auto fed = load.value()->feed(std::string_view(buffer.data(), n)); !fed) return fail(fed.error());
        }
        if (in.bad()) {
            std::cerr << fmt::format("qproxy load: error reading '{}': nothing was loaded\n", name);
            return 1;
        }
    }
    auto summary = load.value()->finish();
    if (!summary) return fail(summary.error());
    const auto& shown = load.value()->warnings();
    for (const auto& w : shown)
        std::cerr << fmt::format("{} (Code {}): {}\n", w.note ? "Note" : "Warning", w.error.code, w.error.message);
    if (summary.value().warnings > shown.size())
        std::cerr << fmt::format("… and {} more\n", summary.value().warnings - shown.size());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << summary.value().info() << '\n'
              << fmt::format("{} rows into {} in {:.3f} s ({:.0f} rows/s)\n", summary.value().rows(), table, seconds,
                             seconds > 0 ? static_cast<double>(summary.value().rows()) / seconds : 0.0);
    return 0;
}

}  // namespace qproxy::app
