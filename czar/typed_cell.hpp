// A MySQL value as SQLite stores it: the storage class and value a value's
// text gives for its column type, the one reading behind bind_value and
// result_value (value_format.hpp). A load converts each field once
// (field_store) and keeps typed cells from there to the INSERT: no number is
// parsed twice.
#pragma once

#include "parser/types.hpp"
#include "storage/sqlite.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace qproxy::czar {

struct typed_cell {
    enum class kind : std::uint8_t { null, integer, real, text, blob };

    kind k = kind::null;
    std::int64_t integer = 0;  // BIGINT UNSIGNED keeps its 64 bits
    double real = 0;           // a FLOAT's value before bind_typed narrows it (as bind_value)
    std::string text{};        // text and blob; its capacity serves row after row

    [[nodiscard]] bool null() const { return k == kind::null; }
    void set_null() { k = kind::null; }
    void set_integer(std::int64_t v) { k = kind::integer, integer = v; }
    void set_real(double v) { k = kind::real, real = v; }
    // MySQL text of `type` (or NULL).
    void assign(const cell& value, const column_meta& type);
    void assign_text(std::string_view value, const column_meta& type);
};

// The double a column of `type` stores: a FLOAT keeps 32 bits, as in MySQL (and bind_value).
[[nodiscard]] double stored_real(double value, const column_meta& type);
// Binds the cell (bind_value of the text it came from).
[[nodiscard]] sql_status bind_typed(storage::statement& stmt, int index, const typed_cell& value, const column_meta& type);

}  // namespace qproxy::czar
