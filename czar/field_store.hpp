// Storing a value given as text into a column, with MySQL 8.0's conversion
// rules and warnings (its Field::store): what LOAD DATA does with each field
// and INSERT with each value. The result is the column's value in MySQL text
// form, as the loader binds it.
//
//   integers   leading spaces, sign, digits, fraction and exponent rounded
//              ("1.5" → 2, "1e3" → 1000); no digits: 1366 and 0; trailing
//              garbage: 1265; out of range: clamped, 1264
//   DECIMAL    rounded to the scale (a Note 1265 when digits are dropped);
//              too many integer digits: clamped to 9…9, 1264
//   FLOAT/DOUBLE  no digits or trailing garbage: 1265; overflow: clamped, 1264
//   strings    cut to the column's length in characters (bytes for BINARY /
//              BLOB): 1265 (a Note when only spaces go); invalid UTF-8 cut
//              at the bad byte, a character outside latin1 / ascii becomes
//              '?': 1366; CHAR drops trailing spaces, BINARY pads with 0x00
//   ENUM/SET   members case-insensitively or by number; others: '' / dropped, 1265
//   temporal   MySQL's lenient formats; invalid, zero or zero-in-date
//              (NO_ZERO_DATE, NO_ZERO_IN_DATE): 1292 and the zero value; a
//              DATE given a time: Note 1265; fractions rounded to the precision
//   YEAR       1901…2155, 0, two digits (70 → 1970, 0 → 2000); else 1264 and 0
//   BIT        the text's bytes, big-endian; too wide: all ones, 1264
//   JSON, spatial  kept as given (not validated)
// Warnings become errors in strict mode (the caller decides); Notes never do.
#pragma once

#include "czar/typed_cell.hpp"
#include "parser/error.hpp"
#include "parser/types.hpp"
#include "storage/schema_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qproxy::czar {

// A condition raised while storing a value, as SHOW WARNINGS lists it.
struct store_warning {
    bool note = false;  // Note level: never an error, even in strict mode
    sql_error error;
};

class field_store {
public:
    // For column c of a table as the catalog describes it.
    [[nodiscard]] static sql_result<field_store> for_column(const storage::column_info& c);

    // The column's value for `text`; a condition MySQL raises goes to
    // `warning` ("… at row `row`").
    [[nodiscard]] std::string store(std::string_view text, std::uint64_t row,
                                    std::optional<store_warning>& warning) const;
    // The same value as the loader binds it (out.assign of store()'s text, the
    // same warning); an integer or a real written plainly skips the text
    // (field_store_typed.cpp).
    void store(std::string_view text, std::uint64_t row, std::optional<store_warning>& warning, typed_cell& out) const;

    // What the column takes when a row gives it nothing: its DEFAULT (a
    // CURRENT_TIMESTAMP default is `now`, 'YYYY-MM-DD HH:MM:SS.ffffff'), NULL
    // when nullable, else nothing (has_default() false: MySQL's 1364).
    [[nodiscard]] bool has_default() const { return column_.default_value || column_.nullable; }
    [[nodiscard]] cell default_value(std::string_view now) const;
    // The implicit default of a NOT NULL column given NULL or nothing: 0, '',
    // the zero date, the first ENUM member.
    [[nodiscard]] std::string implicit_default() const;

    [[nodiscard]] const storage::column_info& column() const { return column_; }

private:
    enum class kind : std::uint8_t {
        integer, year, bit, decimal, real, chars, binary, text, enum_, set, date, datetime, timestamp, time, other
    };

    // field_store_number.cpp
    [[nodiscard]] std::string store_integer(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const;
    [[nodiscard]] std::string store_year(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const;
    [[nodiscard]] std::string store_bit(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const;
    [[nodiscard]] std::string store_decimal(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const;
    [[nodiscard]] std::string store_real(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const;
    // field_store.cpp
    [[nodiscard]] std::string store_string(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const;
    [[nodiscard]] std::string store_enum(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const;
    [[nodiscard]] std::string store_set(std::string_view text, std::uint64_t row, std::optional<store_warning>& w) const;
    // field_store_temporal.cpp
    [[nodiscard]] std::string store_temporal(std::string_view text, std::uint64_t row,
                                             std::optional<store_warning>& w) const;

    [[nodiscard]] store_warning truncated(std::uint64_t row, bool note = false) const;  // 1265
    [[nodiscard]] store_warning out_of_range(std::uint64_t row) const;                  // 1264
    [[nodiscard]] store_warning incorrect(std::string_view what, std::string_view text, std::uint64_t row) const;  // 1366
    [[nodiscard]] store_warning incorrect_temporal(std::string_view text, std::uint64_t row) const;  // 1292

    storage::column_info column_;
    kind kind_ = kind::other;
    bool unsigned_ = false;
    std::int64_t min_ = 0;             // integers (signed range)
    std::uint64_t max_ = 0;            // integers; BIT: all ones
    int precision_ = 0, scale_ = -1;   // DECIMAL; FLOAT(M,D) / DOUBLE(M,D) (scale_ -1: none)
    bool float_ = false;               // FLOAT (4 bytes)
    std::uint64_t max_length_ = 0;     // strings: characters (CHAR/VARCHAR) or bytes
    bool pad_ = false;                 // CHAR: trailing spaces dropped; BINARY: padded with 0x00
    std::uint32_t max_code_point_ = 0x10FFFF;  // latin1 0xFF, ascii 0x7F, utf8mb3 0xFFFF
    unsigned fsp_ = 0;                 // temporal fractional digits
    std::vector<std::string> members_; // ENUM / SET
};

}  // namespace qproxy::czar
