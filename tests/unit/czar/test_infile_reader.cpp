#include "czar/infile_reader.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace qproxy;
using namespace qproxy::czar;

namespace {

// A record as text: fields joined by '|', NULL as "\N"; "+cut" when the line was cut.
using records = std::vector<std::string>;

std::string show(const infile_reader& r) {
    std::string out;
    for (const auto& f : r.fields()) {
        if (!out.empty()) out += '|';
        out += f.null ? std::string("\\N") : std::string(f.text);
    }
    return r.cut() ? out + "+cut" : out;
}

// Reads `input` fed in pieces of `piece` bytes (0: at once).
records read(const std::string& input, const infile_format& f, std::size_t fields, std::size_t piece = 0,
             std::uint64_t skip = 0) {
    infile_reader r(f, fields, skip);
    records out;
    const auto drain = [&] {
        for (;;) {
            auto res = r.next();
            REQUIRE(res);
            if (res.value() != infile_reader::result::record) return res.value();
            out.push_back(show(r));
        }
    };
    if (piece == 0) piece = input.size() + 1;
    for (std::size_t at = 0; at < input.size(); at += piece) {
        r.feed(std::string_view(input).substr(at, piece));
        REQUIRE(drain() == infile_reader::result::need_more);
    }
    r.finish();
    REQUIRE(drain() == infile_reader::result::end);
    return out;
}

// The same records whatever the split: at once and byte by byte.
records read_split(const std::string& input, const infile_format& f, std::size_t fields, std::uint64_t skip = 0) {
    const auto whole = read(input, f, fields, 0, skip);
    for (std::size_t piece = 1; piece <= 3; ++piece) CHECK(read(input, f, fields, piece, skip) == whole);
    return whole;
}

infile_format csv() {
    infile_format f;
    f.field_term = ",";
    return f;
}

}  // namespace

TEST_CASE("infile reader: MySQL's defaults, tab-separated with backslash escapes") {
    const infile_format f;
    CHECK(read_split("a\tb\tc\n1\t2\t3\n", f, 3) == records{"a|b|c", "1|2|3"});
    CHECK(read_split("x\\ty\t\\N\t\\\\N\n", f, 3) == records{"x\ty|\\N|\\N"});  // \N alone is NULL, \\N is the text
    CHECK(read_split("a\\N\t\\0\\Z\\b\\r\\n\\q\n", f, 2) == records{"aN|" + std::string("\0\032\b\r\nq", 6)});
    CHECK(read_split("NULL\t\n", f, 2) == records{"NULL|"});  // the word is NULL only with ENCLOSED BY
    CHECK(read_split("a\\\nb\tc\n", f, 2) == records{"a\nb|c"});  // an escaped line terminator is data
}

TEST_CASE("infile reader: lines without terminator, empty lines, end of input") {
    const auto f = csv();
    CHECK(read_split("1,2\n3,4", f, 2) == records{"1|2", "3|4"});
    CHECK(read_split("1,2\n\n3,4\n", f, 2) == records{"1|2", "", "3|4"});  // an empty line is one empty field
    CHECK(read_split("", f, 2).empty());
    CHECK(read_split("\n", f, 2) == records{""});
    CHECK(read_split("1,2,\n", f, 3) == records{"1|2|"});
    CHECK(read_split("1,2,", f, 3) == records{"1|2"});  // MySQL: no field after a separator at the very end
}

TEST_CASE("infile reader: fewer and more fields than columns") {
    const auto f = csv();
    CHECK(read_split("1\n1,2,3,4\n5,6\n", f, 2) == records{"1", "1|2+cut", "5|6"});
    // MySQL does not flag a cut last line without terminator.
    CHECK(read_split("1,2,3", f, 2) == records{"1|2"});
    // Skipping the rest of a cut line honours escapes.
    CHECK(read_split("1,2,x\\\ny\n3,4\n", f, 2) == records{"1|2+cut", "3|4"});
}

TEST_CASE("infile reader: ENCLOSED BY, doubled quotes, NULL word") {
    auto f = csv();
    f.enclosed = "\"";
    CHECK(read_split("\"a,b\",\"c\"\"d\",e\n", f, 3) == records{"a,b|c\"d|e"});
    CHECK(read_split("\"multi\nline\",2\n", f, 2) == records{"multi\nline|2"});
    CHECK(read_split("NULL,\"NULL\",\\N\n", f, 3) == records{"\\N|NULL|\\N"});
    // A quote closes the field only before a terminator.
    CHECK(read_split("\"a\"b\",c\n", f, 2) == records{"a\"b|c"});
    // Unclosed at the end of input: the opening quote stays.
    CHECK(read_split("\"abc", f, 1) == records{"\"abc"});
    // A quote inside an unenclosed field is data.
    CHECK(read_split("a\"b,c\n", f, 2) == records{"a\"b|c"});
}

TEST_CASE("infile reader: ESCAPED BY equal to ENCLOSED BY, and no escapes") {
    auto f = csv();
    f.enclosed = "\"";
    f.escaped = "\"";
    CHECK(read_split("\"fie\"\"ld\",\"x\\ny\"\n", f, 2) == records{"fie\"ld|x\\ny"});
    f.escaped = "";
    CHECK(read_split("a\\N,\\N\n", f, 2) == records{"a\\N|\\N"});
}

TEST_CASE("infile reader: multi-byte terminators and LINES STARTING BY") {
    infile_format f;
    f.field_term = "||";
    f.line_term = "\r\n";
    CHECK(read_split("a||b|c\r\nd\re||f\r\n", f, 2) == records{"a|b|c", "d\re|f"});
    f = csv();
    f.line_start = "xxx";
    CHECK(read_split("xxx1,2\njunk\nfooxxx3,4\nxx5,6\n", f, 2) == records{"1|2", "3|4"});
}

TEST_CASE("infile reader: same field and line terminators run fields on") {
    infile_format f;
    f.field_term = ",";
    f.line_term = ",";
    CHECK(read_split("1,2,3,4,5,6", f, 2) == records{"1|2", "3|4", "5|6"});
}

TEST_CASE("infile reader: IGNORE n LINES skips by the line terminator alone") {
    auto f = csv();
    f.enclosed = "\"";
    CHECK(read_split("h1,h2\n1,2\n3,4\n", f, 2, 1) == records{"1|2", "3|4"});
    // The skipped line's quote does not protect its newline (MySQL's next_line).
    CHECK(read_split("\"a\nb\",c\n1,2\n", f, 2, 1) == records{"b\"|c", "1|2"});
    CHECK(read_split("h\n", f, 2, 5).empty());
}

TEST_CASE("infile reader: format checks and the record size limit") {
    infile_format f;
    f.enclosed = "ab";
    CHECK(check_format(f).error().code == 1083);
    f.enclosed.clear();
    f.field_term.clear();
    CHECK(check_format(f).error().code == 1235);
    CHECK(check_format(infile_format{}));

    infile_reader r(csv(), 2, 0, 16);
    r.feed(std::string(40, 'x'));
    auto res = r.next();
    REQUIRE(res.has_error());
    CHECK(res.error().code == 1105);
}
