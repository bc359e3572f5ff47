#include "czar/infile_reader.hpp"

#include <fmt/format.h>

namespace qproxy::czar {

namespace {
constexpr int end_of_input = -1;
constexpr std::uint16_t er_wrong_field_terminators = 1083;  // 42000
constexpr std::uint16_t er_unknown_error = 1105;            // HY000
}  // namespace

// Reads input_ from a position. Reading past the end gives end_of_input; when
// more input may come, that marks the record as incomplete (starved): it is
// parsed again from its start once more input has arrived.
class infile_reader::cursor {
public:
    cursor(std::string_view in, std::size_t pos, bool input_done) : in_(in), pos_(pos), input_done_(input_done) {}

    int get() {
        const std::size_t p = pos_++;
        if (p < in_.size()) return static_cast<unsigned char>(in_[p]);
        if (!input_done_) starved_ = true;
        return end_of_input;
    }
    // MySQL's PUSH of what was just read.
    void unget() { --pos_; }
    [[nodiscard]] std::size_t pos() const { return pos_; }
    void seek(std::size_t pos) { pos_ = pos; }
    [[nodiscard]] bool starved() const { return starved_; }
    [[nodiscard]] std::size_t consumed() const { return std::min(pos_, in_.size()); }

private:
    std::string_view in_;
    std::size_t pos_;
    bool input_done_;
    bool starved_ = false;
};

sql_status check_format(const infile_format& f) {
    if (f.enclosed.size() > 1 || f.escaped.size() > 1) {
        return sql_error{er_wrong_field_terminators, "42000",
                         "Field separator argument is not what is expected; check the manual"};
    }
    if (f.field_term.empty() && f.enclosed.empty()) {
        return unsupported("LOAD DATA in fixed-row format (FIELDS TERMINATED BY '' and ENCLOSED BY '')");
    }
    return ok();
}

infile_reader::infile_reader(const infile_format& f, std::size_t max_fields, std::uint64_t skip_lines,
                             std::size_t max_record)
    : field_term_(f.field_term), line_term_(f.line_term), line_start_(f.line_start), max_fields_(max_fields),
      skip_(skip_lines), max_record_(max_record) {
    // MySQL: when both terminators are the same, only fields are terminated.
    if (line_term_ == field_term_) line_term_.clear();
    const auto first = [](std::string_view s) { return s.empty() ? none : static_cast<unsigned char>(s.front()); };
    field_term_char_ = first(field_term_);
    line_term_char_ = first(line_term_);
    enclosed_char_ = first(f.enclosed);
    escape_char_ = first(f.escaped);
    carry_.start_of_line = !line_start_.empty();
}

void infile_reader::feed(std::string_view bytes) {
    // Drop what earlier records consumed once it is most of the buffer: copying stays linear.
    if (pos_ > 0 && pos_ >= input_.size() / 2) {
        input_.erase(0, pos_);
        pos_ = 0;
    }
    input_.append(bytes);
}

sql_result<infile_reader::result> infile_reader::next() {
    for (;;) {
        if (finished_) return result::end;
        // With a line terminator, skipped lines are found by it alone (MySQL's next_line).
        const bool skip_line = skip_ > 0 && line_term_char_ != none;
        BOOST_OUTCOME_TRY(r, parse(skip_line));
        if (r != result::record || skip_ == 0) return r;
        --skip_;
    }
}

sql_result<infile_reader::result> infile_reader::parse(bool skip_line) {
    const std::size_t pending = input_.size() - pos_;
    // An unfinished record is parsed again only once its input has doubled.
    if (!input_done_ && pending < retry_at_) return result::need_more;
    const carry saved = carry_;
    data_.clear();
    bounds_.clear();
    cursor c(input_, pos_, input_done_);
    std::size_t n = 0;
    if (!skip_line) {
        while (n < max_fields_ && !read_field(c)) ++n;
    }
    bool cut = false;
    const bool at_end = (skip_line || n > 0) && next_line(c, cut);
    if (c.starved()) {
        carry_ = saved;
        if (pending > max_record_) {
            return sql_error{er_unknown_error, "HY000",
                             fmt::format("LOAD DATA: a record longer than {} bytes (are FIELDS / LINES TERMINATED BY "
                                         "right for this file?)", max_record_)};
        }
        retry_at_ = pending * 2 + 1;
        return result::need_more;
    }
    retry_at_ = 0;
    pos_ = c.consumed();
    // No field at all: the input ended where a record would start.
    if (!skip_line && n == 0) {
        finished_ = true;
        return result::end;
    }
    finished_ = at_end;
    cut_ = cut && !at_end;
    fields_.clear();
    for (const auto& b : bounds_) fields_.push_back({std::string_view(data_).substr(b.begin, b.end - b.begin), b.null});
    return result::record;
}

// MySQL's READ_INFO::read_field: true when the line (or input) has no more fields.
bool infile_reader::read_field(cursor& c) {
    found_null_ = false;
    if (carry_.found_end_of_line) return true;
    if (carry_.start_of_line) {
        carry_.start_of_line = false;
        if (find_start_of_fields(c)) return true;
    }
    int chr = c.get();
    if (chr == end_of_input) {
        carry_.found_end_of_line = carry_.eof = true;
        return true;
    }
    const std::size_t begin = data_.size();
    int found_enclosed = none;
    if (chr == enclosed_char_) {
        found_enclosed = chr;
        data_ += static_cast<char>(chr);  // kept, in case the field never closes
    } else {
        c.unget();
    }
    for (;;) {
        chr = c.get();
        if (chr == end_of_input) break;
        if (chr == escape_char_) {
            chr = c.get();
            if (chr == end_of_input) {
                data_ += static_cast<char>(escape_char_);
                break;
            }
            // ESCAPED BY equal to ENCLOSED BY only doubles itself, SQL-style: "fie""ld".
            if (escape_char_ != enclosed_char_ || chr == escape_char_) {
                data_ += unescape(chr);
                continue;
            }
            c.unget();
            chr = escape_char_;
        }
        if (chr == line_term_char_ && found_enclosed == none && terminator(c, line_term_)) {
            carry_.found_end_of_line = true;
            end_field(begin, false);
            return false;
        }
        if (chr == found_enclosed) {
            chr = c.get();
            if (chr == found_enclosed) {  // doubled: one literal enclosure character
                data_ += static_cast<char>(chr);
                continue;
            }
            // The enclosure closes only before a terminator (or the end).
            if (chr == end_of_input || (chr == line_term_char_ && terminator(c, line_term_))) {
                carry_.found_end_of_line = true;
                end_field(begin + 1, true);
                return false;
            }
            if (chr == field_term_char_ && terminator(c, field_term_)) {
                end_field(begin + 1, true);
                return false;
            }
            c.unget();
            chr = found_enclosed;
        } else if (chr == field_term_char_ && found_enclosed == none && terminator(c, field_term_)) {
            end_field(begin, false);
            return false;
        }
        data_ += static_cast<char>(chr);
    }
    // The input ended inside the field (an unclosed enclosure keeps its opening character).
    carry_.found_end_of_line = carry_.eof = true;
    end_field(begin, false);
    return false;
}

void infile_reader::end_field(std::size_t begin, bool enclosed) {
    const std::string_view text = std::string_view(data_).substr(begin);
    const bool null = (!enclosed && enclosed_char_ != none && text == "NULL") || (text.size() == 1 && found_null_);
    bounds_.push_back({begin, data_.size(), null});
}

// LINES STARTING BY: skips everything up to and including the prefix.
bool infile_reader::find_start_of_fields(cursor& c) {
    const int first = static_cast<unsigned char>(line_start_.front());
    for (;;) {
        int chr = 0;
        do {
            chr = c.get();
            if (chr == end_of_input) {
                carry_.found_end_of_line = carry_.eof = true;
                return true;
            }
        } while (chr != first);
        const std::size_t after_first = c.pos();
        std::size_t i = 1;
        while (i < line_start_.size() && c.get() == static_cast<unsigned char>(line_start_[i])) ++i;
        if (i == line_start_.size()) return false;
        c.seek(after_first);
    }
}

// MySQL's READ_INFO::next_line: skips the rest of the line; true at the end of the input.
bool infile_reader::next_line(cursor& c, bool& cut) {
    cut = false;
    carry_.start_of_line = !line_start_.empty();
    if (carry_.found_end_of_line || carry_.eof) {
        carry_.found_end_of_line = false;
        return carry_.eof;
    }
    if (line_term_char_ == none) return false;  // no lines: fields run on
    for (;;) {
        const int chr = c.get();
        if (chr == end_of_input) {
            carry_.eof = true;
            return true;
        }
        if (chr == escape_char_) {
            cut = true;
            if (c.get() == end_of_input) return true;
            continue;
        }
        if (chr == line_term_char_ && terminator(c, line_term_)) return false;
        cut = true;
    }
}

// After term's first byte: whether the rest follows (consumed if so).
bool infile_reader::terminator(cursor& c, std::string_view term) const {
    const std::size_t start = c.pos();
    for (std::size_t i = 1; i < term.size(); ++i) {
        if (c.get() != static_cast<unsigned char>(term[i])) {
            c.seek(start);
            return false;
        }
    }
    return true;
}

char infile_reader::unescape(int chr) {
    switch (chr) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'b': return '\b';
    case '0': return '\0';
    case 'Z': return '\032';
    case 'N': found_null_ = true; return 'N';
    default: return static_cast<char>(chr);
    }
}

}  // namespace qproxy::czar
