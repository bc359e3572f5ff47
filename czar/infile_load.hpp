// LOAD DATA's meaning over the infile_reader and the loader: which column or
// user variable each field feeds, SET col = expr, the defaults of columns the
// statement does not give, and MySQL's per-row conditions (sql/sql_load.cc):
//   1261 Row N doesn't contain data for all columns   (missing fields: NULL
//        for a nullable column without DEFAULT, else the type's zero value)
//   1262 Row N was truncated; it contained more data than there were input columns
//   1263 NULL supplied to a NOT NULL column (it takes the type's zero value)
//   1364 a NOT NULL column without DEFAULT that no field or SET gives
//   field_store's conversion warnings, 1062 duplicate director keys (skipped)
// Strict (MySQL's STRICT_TRANS_TABLES without LOCAL or IGNORE) makes each of
// these warnings the load's error; LOAD DATA LOCAL is never strict, as in
// MySQL. Any error rolls the whole load back (the loader's transaction).
//
// The default column list is the table's columns except the chunk columns,
// which the loader computes; a list may still name chunkId / subChunkId (Qserv's
// partitioner output carries them): those fields are read and ignored.
// Shared by LOAD DATA LOCAL INFILE and `qproxy load`.
#pragma once

#include "czar/field_store.hpp"
#include "czar/infile_reader.hpp"
#include "czar/loader.hpp"
#include "parser/ast_ddl.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace qproxy::czar {

class session_view;

struct load_summary {
    std::uint64_t records = 0;   // records read (after IGNORE n LINES)
    std::uint64_t skipped = 0;   // duplicates skipped
    std::uint64_t warnings = 0;  // every condition, also past the kept ones
    std::uint64_t rows() const { return records - skipped; }
    // MySQL's OK info: "Records: N  Deleted: 0  Skipped: S  Warnings: W".
    std::string info() const;
};

class infile_load {
public:
    struct options {
        bool strict = false;
        std::size_t max_warnings = 1024;      // kept for SHOW WARNINGS (max_error_count); all are counted
        session_view* session = nullptr;      // evaluates SET; without one SET is refused
        std::string statement_text;           // SET expressions point into it
        std::string now;                      // CURRENT_TIMESTAMP defaults: 'YYYY-MM-DD HH:MM:SS.ffffff'
    };

    // Checks the statement against the loader's table: FIELDS / LINES (1083,
    // 1235), CHARACTER SET (1115; utf8mb4, utf8mb3, ascii, binary read as
    // they are, latin1 converted), the column list and SET targets (1054
    // unknown, 1110 twice), REPLACE (1235 on a table with a director key).
    [[nodiscard]] static sql_result<std::unique_ptr<infile_load>> create(const sql::load_data_stmt& s,
                                                                        std::unique_ptr<loader> l, options o);

    // More of the file: every record it completes goes to the loader.
    [[nodiscard]] sql_status feed(std::string_view bytes);
    // The end of the file: the last record, then the commit.
    [[nodiscard]] sql_result<load_summary> finish();
    // The first max_warnings conditions, in order.
    [[nodiscard]] const std::vector<store_warning>& warnings() const { return warnings_; }

private:
    struct target {
        enum class kind : std::uint8_t { input, variable, ignored } k = kind::ignored;
        std::size_t input = 0;  // kind input: position in the loader's row
        std::string variable;   // kind variable: @name
    };
    struct assignment {
        std::size_t input = 0;
        sql::expr value;  // column references rewritten to reserved user variables (row_view)
    };
    class row_view;

    infile_load(std::unique_ptr<loader> l, const infile_format& f, std::size_t fields, std::uint64_t skip, options o);
    [[nodiscard]] sql_status prepare(const sql::load_data_stmt& s);
    [[nodiscard]] sql_result<std::size_t> input_of(std::string_view column) const;  // 1054
    [[nodiscard]] sql_status drain();
    [[nodiscard]] sql_status add_record();
    [[nodiscard]] sql_status assign(const assignment& a);
    [[nodiscard]] sql_status warn(store_warning w);  // strict: the warning is the error
    [[nodiscard]] sql_status store(std::size_t input, std::string_view text, bool null);
    // Input i takes what MySQL gives a column without a field: for a missing
    // field, NULL if that is its default, else the type's zero; else its DEFAULT.
    void reset(std::size_t input, bool missing_field);
    [[nodiscard]] std::string_view decoded(std::string_view text);

    std::unique_ptr<loader> loader_;
    infile_reader reader_;
    options options_;
    std::vector<target> targets_;          // per field
    std::vector<assignment> set_;
    std::vector<field_store> stores_;      // per loader input
    std::vector<cell> defaults_;           // per loader input
    // Without SET, a loader taking typed rows gets each field converted once
    // (field_store's typed store): the record is typed_, not row_.
    bool typed_ = false;
    std::vector<typed_cell> typed_row_, typed_defaults_, typed_zeros_;  // per loader input
    bool latin1_ = false;                  // CHARACTER SET latin1: fields converted to UTF-8
    bool skip_duplicates_ = true;

    std::uint64_t row_number_ = 0;
    std::vector<cell> row_;
    std::vector<bool> given_;
    std::vector<std::pair<std::string, cell>> variables_;  // @name → this record's value
    std::string scratch_;
    load_summary summary_;
    std::vector<store_warning> warnings_;
};

}  // namespace qproxy::czar
