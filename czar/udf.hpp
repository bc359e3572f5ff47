// Internal to czar/: what every MySQL function implementation on SQLite needs —
// reading arguments the way MySQL converts values, and setting results — plus
// the implementations the registry (functions.cpp) names.
#pragma once

#include "czar/mysql_number.hpp"
#include "czar/mysql_time.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qproxy::czar::udf {

using impl = void (*)(sqlite3_context*, int, sqlite3_value**);

// One argument, read in the context the function gives it.
class arg {
public:
    explicit arg(sqlite3_value* v) : v_(v) {}
    [[nodiscard]] bool null() const { return sqlite3_value_type(v_) == SQLITE_NULL; }
    [[nodiscard]] bool binary() const { return sqlite3_value_type(v_) == SQLITE_BLOB; }
    [[nodiscard]] bool integer() const { return sqlite3_value_type(v_) == SQLITE_INTEGER; }
    [[nodiscard]] bool real() const { return sqlite3_value_type(v_) == SQLITE_FLOAT; }
    [[nodiscard]] bool text_type() const { return sqlite3_value_type(v_) == SQLITE_TEXT; }
    // String context: the bytes of the value (numbers as SQLite prints integers).
    [[nodiscard]] std::string_view str() const;
    // Numeric context: strings read as MySQL reads them ("12abc" → 12).
    [[nodiscard]] double num() const;
    // Integer context: doubles rounded (rint), strings by their integer prefix.
    [[nodiscard]] std::int64_t int64() const;
    // Temporal context: text or numbers as MySQL reads dates; nullopt when invalid.
    [[nodiscard]] std::optional<mysql_time> datetime() const;
    [[nodiscard]] std::optional<mysql_time> time() const;
    [[nodiscard]] sqlite3_value* raw() const { return v_; }

private:
    sqlite3_value* v_;
};

void result_text(sqlite3_context* ctx, std::string_view text);
void result_blob(sqlite3_context* ctx, std::string_view bytes);
// Text or blob, following the kind of the string argument it was derived from.
void result_string(sqlite3_context* ctx, std::string_view bytes, bool binary);
void result_time(sqlite3_context* ctx, const std::optional<mysql_time>& t, unsigned fsp);

// True when any of the first n arguments is NULL (and sets a NULL result).
bool any_null(sqlite3_context* ctx, int n, sqlite3_value** argv);

// Implementations, grouped by file. Names follow the SQL names they are registered under.
#define QPROXY_UDF(name) void name(sqlite3_context*, int, sqlite3_value**)
// udf_operators.cpp: operators whose SQLite meaning differs
QPROXY_UDF(div); QPROXY_UDF(intdiv); QPROXY_UDF(mod); QPROXY_UDF(bit_and); QPROXY_UDF(bit_or); QPROXY_UDF(bit_xor);
QPROXY_UDF(bit_not); QPROXY_UDF(shift_left); QPROXY_UDF(shift_right); QPROXY_UDF(like); QPROXY_UDF(regexp);
QPROXY_UDF(format_decimal); QPROXY_UDF(format_double); QPROXY_UDF(format_unsigned); QPROXY_UDF(strcmp);
QPROXY_UDF(round); QPROXY_UDF(truncate); QPROXY_UDF(to_number); QPROXY_UDF(to_integer); QPROXY_UDF(to_decimal);
// udf_string.cpp, udf_encoding.cpp
QPROXY_UDF(concat_ws); QPROXY_UDF(left); QPROXY_UDF(right); QPROXY_UDF(substring); QPROXY_UDF(substring_index);
QPROXY_UDF(locate); QPROXY_UDF(lpad); QPROXY_UDF(rpad); QPROXY_UDF(repeat); QPROXY_UDF(reverse); QPROXY_UDF(space);
QPROXY_UDF(upper); QPROXY_UDF(lower); QPROXY_UDF(octet_length); QPROXY_UDF(bit_length); QPROXY_UDF(trim);
QPROXY_UDF(insert); QPROXY_UDF(elt); QPROXY_UDF(field); QPROXY_UDF(find_in_set); QPROXY_UDF(ascii);
QPROXY_UDF(ord); QPROXY_UDF(char_); QPROXY_UDF(quote); QPROXY_UDF(soundex); QPROXY_UDF(hex); QPROXY_UDF(unhex);
QPROXY_UDF(to_base64); QPROXY_UDF(from_base64);
// udf_math.cpp
QPROXY_UDF(conv); QPROXY_UDF(bin); QPROXY_UDF(oct); QPROXY_UDF(format); QPROXY_UDF(rand); QPROXY_UDF(crc32);
QPROXY_UDF(log); QPROXY_UDF(log2); QPROXY_UDF(log10); QPROXY_UDF(ln); QPROXY_UDF(md5); QPROXY_UDF(sha1);
QPROXY_UDF(sha2); QPROXY_UDF(inet_aton); QPROXY_UDF(inet_ntoa); QPROXY_UDF(uuid); QPROXY_UDF(uuid_short);
// udf_time.cpp, udf_time_format.cpp
QPROXY_UDF(to_date); QPROXY_UDF(to_datetime); QPROXY_UDF(to_time); QPROXY_UDF(temporal_number);
QPROXY_UDF(year); QPROXY_UDF(month); QPROXY_UDF(day); QPROXY_UDF(hour); QPROXY_UDF(minute);
QPROXY_UDF(second); QPROXY_UDF(microsecond); QPROXY_UDF(dayofweek); QPROXY_UDF(weekday); QPROXY_UDF(dayofyear);
QPROXY_UDF(quarter); QPROXY_UDF(week); QPROXY_UDF(yearweek); QPROXY_UDF(dayname); QPROXY_UDF(monthname);
QPROXY_UDF(last_day); QPROXY_UDF(to_days); QPROXY_UDF(from_days); QPROXY_UDF(to_seconds); QPROXY_UDF(makedate);
QPROXY_UDF(maketime); QPROXY_UDF(sec_to_time); QPROXY_UDF(time_to_sec); QPROXY_UDF(datediff);
QPROXY_UDF(timediff); QPROXY_UDF(date_add); QPROXY_UDF(timestampdiff); QPROXY_UDF(unix_timestamp);
QPROXY_UDF(from_unixtime); QPROXY_UDF(date_format); QPROXY_UDF(time_format); QPROXY_UDF(str_to_date);
QPROXY_UDF(period_add); QPROXY_UDF(period_diff); QPROXY_UDF(extract); QPROXY_UDF(addtime);
QPROXY_UDF(timestamp2);
// statement_variables.cpp: `@v := e` and reads of such a @v within one statement
QPROXY_UDF(assign); QPROXY_UDF(user_var);
// udf_scisql.cpp: the scisql library's spherical geometry and photometry
QPROXY_UDF(scisql_angsep); QPROXY_UDF(scisql_s2ptinbox); QPROXY_UDF(scisql_s2ptincircle);
QPROXY_UDF(scisql_s2ptinellipse); QPROXY_UDF(scisql_s2ptincpoly); QPROXY_UDF(scisql_fluxtoabmag);
QPROXY_UDF(scisql_fluxtoabmagsigma); QPROXY_UDF(scisql_abmagtoflux); QPROXY_UDF(scisql_abmagtofluxsigma);
QPROXY_UDF(scisql_nanojanskytoabmag); QPROXY_UDF(scisql_nanojanskytoabmagsigma); QPROXY_UDF(scisql_abmagtonanojansky);
QPROXY_UDF(scisql_abmagtonanojanskysigma); QPROXY_UDF(scisql_dntoflux); QPROXY_UDF(scisql_dntofluxsigma);
QPROXY_UDF(scisql_dntoabmag); QPROXY_UDF(scisql_dntoabmagsigma);
#undef QPROXY_UDF

// udf_aggregate.cpp: aggregate steps and finals.
void group_concat_step(sqlite3_context*, int, sqlite3_value**);
void group_concat_final(sqlite3_context*);
void bit_and_step(sqlite3_context*, int, sqlite3_value**);
void bit_or_step(sqlite3_context*, int, sqlite3_value**);
void bit_xor_step(sqlite3_context*, int, sqlite3_value**);
void bit_final(sqlite3_context*);
void variance_step(sqlite3_context*, int, sqlite3_value**);
void var_pop_final(sqlite3_context*);
void var_samp_final(sqlite3_context*);
void std_final(sqlite3_context*);
void stddev_samp_final(sqlite3_context*);
// udf_partial.cpp: COUNT(*), COUNT(x) and SUM(x) of a chunk in one step, unpacked at the merge.
void partial_step(sqlite3_context*, int, sqlite3_value**);
void partial_final(sqlite3_context*);
void partial_field(sqlite3_context*, int, sqlite3_value**);

}  // namespace qproxy::czar::udf
