// LOAD DATA's reading of its input into records of fields, exactly as MySQL's
// READ_INFO does it (sql/sql_load.cc, read_field / next_line): FIELDS
// TERMINATED / [OPTIONALLY] ENCLOSED / ESCAPED BY, LINES STARTING / TERMINATED
// BY, doubled enclosure characters, backslash escapes (\N alone is NULL, \t
// \n \r \b \0 \Z), the word NULL unenclosed when ENCLOSED BY is set.
// https://dev.mysql.com/doc/refman/8.0/en/load-data.html
//
// Incremental: input arrives in pieces (LOCAL INFILE packets, file reads)
// and only the unfinished record is kept, so memory stays bounded by the
// longest record, never the file. Terminators compare bytewise, which is
// MySQL's rule for the ASCII-compatible character sets qproxy reads.
#pragma once

#include "parser/error.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::czar {

// The FIELDS / LINES clauses, decoded (MySQL's defaults).
struct infile_format {
    std::string field_term = "\t";
    std::string enclosed;        // "" or one byte
    std::string escaped = "\\";  // "" or one byte
    std::string line_start;
    std::string line_term = "\n";
};

// MySQL's refusals: 1083 for ENCLOSED / ESCAPED BY longer than one byte;
// 1235 for the fixed-row format (FIELDS TERMINATED BY '' ENCLOSED BY '').
[[nodiscard]] sql_status check_format(const infile_format& f);

struct infile_field {
    std::string_view text;
    bool null = false;
};

class infile_reader {
public:
    enum class result : std::uint8_t { record, need_more, end };

    // Records are read up to max_fields fields (the column list's length),
    // after skip_lines lines (IGNORE n LINES: by the line terminator alone,
    // as MySQL, or n records when lines have no terminator); a record longer
    // than max_record bytes is an error (no terminator found).
    infile_reader(const infile_format& f, std::size_t max_fields, std::uint64_t skip_lines = 0,
                  std::size_t max_record = 64u << 20);

    // More input; finish() after the last piece.
    void feed(std::string_view bytes);
    void finish() { input_done_ = true; }

    // The next record, when the input holds all of it: fields() then gives
    // its fields (valid until the next call), fewer than max_fields when the
    // line had fewer. need_more: feed more input (or finish()).
    [[nodiscard]] sql_result<result> next();
    [[nodiscard]] std::span<const infile_field> fields() const { return fields_; }
    // The record's line held more than max_fields fields (MySQL warns 1262;
    // not for a last line without terminator, as MySQL).
    [[nodiscard]] bool cut() const { return cut_; }

private:
    // Parse state that carries from one record to the next.
    struct carry {
        bool found_end_of_line = false;
        bool eof = false;
        bool start_of_line = false;
    };
    class cursor;

    // One record (or skipped line) from pos_; need_more leaves the state as it was.
    [[nodiscard]] sql_result<result> parse(bool skip_line);
    [[nodiscard]] bool read_field(cursor& c);
    [[nodiscard]] bool find_start_of_fields(cursor& c);
    [[nodiscard]] bool next_line(cursor& c, bool& cut);
    [[nodiscard]] bool terminator(cursor& c, std::string_view term) const;
    [[nodiscard]] char unescape(int chr);
    // The field decoded into data_[begin, data_.size()): MySQL's NULL rule.
    void end_field(std::size_t begin, bool enclosed);

    // Bytes as int, or none: never equal to a byte nor to end-of-input.
    static constexpr int none = -2;
    std::string field_term_, line_term_, line_start_;
    int field_term_char_ = none, line_term_char_ = none, enclosed_char_ = none, escape_char_ = none;
    std::size_t max_fields_;
    std::uint64_t skip_;
    std::size_t max_record_;

    std::string input_;
    std::size_t pos_ = 0;            // first byte of the next record in input_
    std::size_t retry_at_ = 0;       // after need_more: parse again once input_ holds this much past pos_
    bool input_done_ = false;
    bool finished_ = false;          // the last record was returned
    carry carry_;

    struct field_bounds {
        std::size_t begin, end;
        bool null;
    };
    std::string data_;  // decoded bytes of the record's fields
    std::vector<field_bounds> bounds_;
    std::vector<infile_field> fields_;
    bool found_null_ = false;
    bool cut_ = false;
};

}  // namespace qproxy::czar
