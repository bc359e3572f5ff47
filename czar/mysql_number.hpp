// MySQL's numeric text: how it prints DOUBLE and DECIMAL values and how it
// reads numbers out of strings. SQLite carries DECIMAL values as doubles; these
// functions turn them back into the exact text MySQL would send.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qproxy::czar {

// A DOUBLE as MySQL prints it (my_gcvt): the shortest round-trip digits, in
// 'f' form unless the decimal exponent is outside [-14, 15] ("1e20", "1e-16").
std::string format_double(double value);
// A FLOAT as MySQL prints it: the shortest digits of its 32-bit value.
std::string format_float(float value);

// A DECIMAL(…, scale) held as a double: its shortest decimal text rounded half
// away from zero to exactly `scale` fractional digits ("0.3333", "3.00").
std::string format_decimal(double value, unsigned scale);

// Rounds decimal text ("-12.345", "7") half away from zero, or truncates, to
// `scale` digits after the point; a negative scale zeroes digits left of the point.
// The result has max(scale, 0) fractional digits and never reads "-0".
std::string round_decimal_text(std::string_view text, int scale, bool truncate = false);

// The shortest decimal text of a double without exponent ("0.1", "-12", "1e-7" → "0.0000001").
std::string plain_decimal_text(double value);

// MySQL's reading of a string in numeric context: the longest numeric prefix
// after leading whitespace ("12abc" → 12, "1e3x" → 1000, "abc" → 0).
double string_to_double(std::string_view text);
// In integer context: the integer prefix ("1.9" → 1), saturating at the int64 range.
std::int64_t string_to_int(std::string_view text);
// A double rounded to an integer the way MySQL converts DOUBLE to BIGINT (rint), saturating.
std::int64_t double_to_int(double value);

}  // namespace qproxy::czar
