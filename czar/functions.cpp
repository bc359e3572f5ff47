#include "czar/functions.hpp"

#include "czar/collation.hpp"
#include "czar/udf.hpp"
#include "storage/sqlite.hpp"

#include <fmt/format.h>

#include <array>

namespace qproxy::czar {

namespace {

using namespace udf;

constexpr registered_function scalar(std::string_view name, int min, int max, udf::impl f, bool deterministic = true) {
    return {name, min, max, deterministic, f, nullptr, nullptr, false};
}
constexpr registered_function aggregate(std::string_view name, int min, int max, udf::impl step,
                                        void (*final)(sqlite3_context*), bool all_ones = false) {
    return {name, min, max, true, nullptr, step, final, all_ones};
}

// clang-format off
constexpr auto table = std::to_array<registered_function>({
    // Operators and conversions (udf_operators.cpp)
    scalar("mysql_div", 2, 2, udf::div),              scalar("mysql_intdiv", 2, 2, intdiv),
    scalar("mysql_mod", 2, 2, mod),
    scalar("mysql_bitand", 2, 2, bit_and),            scalar("mysql_bitor", 2, 2, bit_or),
    scalar("mysql_bitxor", 2, 2, bit_xor),            scalar("mysql_bitnot", 1, 1, bit_not),
    scalar("mysql_shl", 2, 2, shift_left),            scalar("mysql_shr", 2, 2, shift_right),
    scalar("mysql_like", 2, 3, like),                 scalar("mysql_regexp", 2, 2, regexp),
    scalar("mysql_format_decimal", 2, 2, format_decimal), scalar("mysql_format_double", 1, 1, format_double),
    scalar("mysql_format_unsigned", 1, 1, format_unsigned), scalar("mysql_strcmp", 2, 2, udf::strcmp),
    scalar("mysql_round", 3, 3, udf::round),          scalar("mysql_truncate", 3, 3, udf::truncate),
    scalar("mysql_to_number", 1, 1, to_number),       scalar("mysql_to_integer", 1, 1, to_integer),
    scalar("mysql_to_decimal", 3, 3, to_decimal),
    // Strings (udf_string.cpp, udf_encoding.cpp)
    scalar("mysql_concat_ws", 1, -1, concat_ws),      scalar("mysql_left", 2, 2, udf::left),
    scalar("mysql_right", 2, 2, udf::right),          scalar("mysql_substring", 2, 3, substring),
    scalar("mysql_substring_index", 3, 3, substring_index), scalar("mysql_locate", 2, 3, locate),
    scalar("mysql_lpad", 3, 3, lpad),                 scalar("mysql_rpad", 3, 3, rpad),
    scalar("mysql_repeat", 2, 2, repeat),             scalar("mysql_reverse", 1, 1, reverse),
    scalar("mysql_space", 1, 1, space),               scalar("mysql_upper", 1, 1, upper),
    scalar("mysql_lower", 1, 1, lower),               scalar("mysql_octet_length", 1, 1, octet_length),
    scalar("mysql_bit_length", 1, 1, bit_length),     scalar("mysql_trim", 3, 3, udf::trim),
    scalar("mysql_insert", 4, 4, insert),             scalar("mysql_elt", 2, -1, elt),
    scalar("mysql_field", 2, -1, field),              scalar("mysql_find_in_set", 2, 2, find_in_set),
    scalar("mysql_ascii", 1, 1, ascii),               scalar("mysql_ord", 1, 1, ord),
    scalar("mysql_char", 1, -1, char_),               scalar("mysql_quote", 1, 1, quote),
    scalar("mysql_soundex", 1, 1, soundex),           scalar("mysql_hex", 1, 1, hex),
    scalar("mysql_unhex", 1, 1, unhex),               scalar("mysql_to_base64", 1, 1, to_base64),
    scalar("mysql_from_base64", 1, 1, from_base64),
    // Numbers, hashes, network (udf_math.cpp)
    scalar("mysql_conv", 3, 3, conv),                 scalar("mysql_bin", 1, 1, bin),
    scalar("mysql_oct", 1, 1, oct),                   scalar("mysql_format", 3, 3, udf::format),
    scalar("mysql_rand", 0, 1, udf::rand, false),     scalar("mysql_crc32", 1, 1, udf::crc32),
    scalar("mysql_log", 1, 2, udf::log),              scalar("mysql_log2", 1, 1, udf::log2),
    scalar("mysql_log10", 1, 1, udf::log10),          scalar("mysql_ln", 1, 1, ln),
    scalar("mysql_md5", 1, 1, md5),                   scalar("mysql_sha1", 1, 1, sha1),
    scalar("mysql_sha2", 2, 2, sha2),                 scalar("mysql_inet_aton", 1, 1, inet_aton),
    scalar("mysql_inet_ntoa", 1, 1, inet_ntoa),       scalar("mysql_uuid", 0, 0, uuid, false),
    scalar("mysql_uuid_short", 0, 0, uuid_short, false),
    // Dates and times (udf_time.cpp, udf_time_format.cpp)
    scalar("mysql_to_date", 1, 1, to_date),           scalar("mysql_to_datetime", 1, 2, to_datetime),
    scalar("mysql_to_time", 1, 2, to_time),           scalar("mysql_temporal_number", 1, 1, temporal_number),
    scalar("mysql_year", 1, 1, year),                 scalar("mysql_month", 1, 1, month),
    scalar("mysql_day", 1, 1, day),                   scalar("mysql_hour", 1, 1, hour),
    scalar("mysql_minute", 1, 1, minute),             scalar("mysql_second", 1, 1, second),
    scalar("mysql_microsecond", 1, 1, microsecond),   scalar("mysql_dayofweek", 1, 1, dayofweek),
    scalar("mysql_weekday", 1, 1, udf::weekday),      scalar("mysql_dayofyear", 1, 1, dayofyear),
    scalar("mysql_quarter", 1, 1, quarter),           scalar("mysql_week", 1, 2, week),
    scalar("mysql_yearweek", 1, 2, yearweek),         scalar("mysql_dayname", 1, 1, dayname),
    scalar("mysql_monthname", 1, 1, monthname),       scalar("mysql_last_day", 1, 1, last_day),
    scalar("mysql_to_days", 1, 1, to_days),           scalar("mysql_from_days", 1, 1, from_days),
    scalar("mysql_to_seconds", 1, 1, to_seconds),     scalar("mysql_makedate", 2, 2, makedate),
    scalar("mysql_maketime", 3, 3, maketime),         scalar("mysql_sec_to_time", 1, 1, sec_to_time),
    scalar("mysql_time_to_sec", 1, 1, time_to_sec),   scalar("mysql_datediff", 2, 2, datediff),
    scalar("mysql_timediff", 2, 2, timediff),         scalar("mysql_date_add", 6, 6, date_add),
    scalar("mysql_timestampdiff", 3, 3, timestampdiff), scalar("mysql_unix_timestamp", 2, 2, unix_timestamp),
    scalar("mysql_from_unixtime", 2, 3, from_unixtime), scalar("mysql_date_format", 2, 2, date_format),
    scalar("mysql_time_format", 2, 2, time_format),   scalar("mysql_str_to_date", 4, 4, str_to_date),
    scalar("mysql_period_add", 2, 2, period_add),     scalar("mysql_period_diff", 2, 2, period_diff),
    scalar("mysql_extract", 2, 2, extract),           scalar("mysql_addtime", 3, 3, addtime),
    scalar("mysql_timestamp", 2, 2, timestamp2),
    // User variables assigned inside a statement (statement_variables.cpp): evaluated
    // on every row, never hoisted as constants.
    scalar("mysql_assign", 2, 2, assign, false),      scalar("mysql_user_var", 2, 2, user_var, false),
    // The scisql library (udf_scisql.cpp)
    scalar("scisql_angsep", 4, 6, scisql_angsep),    scalar("scisql_s2ptinbox", 6, 6, scisql_s2ptinbox),
    scalar("scisql_s2ptincircle", 5, 5, scisql_s2ptincircle),
    scalar("scisql_s2ptinellipse", 7, 7, scisql_s2ptinellipse),
    scalar("scisql_s2ptincpoly", 8, -1, scisql_s2ptincpoly),
    scalar("scisql_fluxtoabmag", 1, 1, scisql_fluxtoabmag), scalar("scisql_fluxtoabmagsigma", 2, 2, scisql_fluxtoabmagsigma),
    scalar("scisql_abmagtoflux", 1, 1, scisql_abmagtoflux), scalar("scisql_abmagtofluxsigma", 2, 2, scisql_abmagtofluxsigma),
    scalar("scisql_nanojanskytoabmag", 1, 1, scisql_nanojanskytoabmag),
    scalar("scisql_nanojanskytoabmagsigma", 2, 2, scisql_nanojanskytoabmagsigma),
    scalar("scisql_abmagtonanojansky", 1, 1, scisql_abmagtonanojansky),
    scalar("scisql_abmagtonanojanskysigma", 2, 2, scisql_abmagtonanojanskysigma),
    scalar("scisql_dntoflux", 2, 2, scisql_dntoflux), scalar("scisql_dntofluxsigma", 4, 4, scisql_dntofluxsigma),
    scalar("scisql_dntoabmag", 2, 2, scisql_dntoabmag), scalar("scisql_dntoabmagsigma", 4, 4, scisql_dntoabmagsigma),
    // Aggregates (udf_aggregate.cpp)
    aggregate("mysql_group_concat", 3, -1, group_concat_step, group_concat_final),
    aggregate("mysql_agg_bit_and", 1, 1, bit_and_step, bit_final, true),
    aggregate("mysql_agg_bit_or", 1, 1, bit_or_step, bit_final),
    aggregate("mysql_agg_bit_xor", 1, 1, bit_xor_step, bit_final),
    aggregate("mysql_var_pop", 1, 1, variance_step, var_pop_final),
    aggregate("mysql_var_samp", 1, 1, variance_step, var_samp_final),
    aggregate("mysql_std", 1, 1, variance_step, std_final),
    aggregate("mysql_stddev_samp", 1, 1, variance_step, stddev_samp_final),
    // Chunk-side partial aggregates (udf_partial.cpp)
    aggregate("qproxy_partial", 1, 1, partial_step, partial_final),
    scalar("qproxy_partial_field", 2, 2, partial_field),
});
// clang-format on

// A non-null pointer that only marks BIT_AND's all-ones identity.
int all_ones_marker = 0;

int auto_extension(sqlite3* db, const char**, const sqlite3_api_routines*) {
    if (storage::plain_open_scope::active()) return SQLITE_OK;
    return register_mysql_functions(db) ? SQLITE_OK : SQLITE_ERROR;
}

// Every connection opened from now on gets the functions (see functions.hpp).
[[maybe_unused]] const int installed =
    (storage::configure_sqlite(),
     sqlite3_auto_extension(reinterpret_cast<void (*)()>(reinterpret_cast<void*>(&auto_extension))));

}  // namespace

std::span<const registered_function> mysql_functions() { return table; }

sql_status register_mysql_functions(sqlite3* db) {
    if (int rc = register_collation(db); rc != SQLITE_OK)
        return sql_error{1105, "HY000", fmt::format("cannot register collation: {}", sqlite3_errstr(rc))};
    for (const auto& f : table) {
        const int flags = SQLITE_UTF8 | (f.deterministic ? SQLITE_DETERMINISTIC : 0);
        void* user_data = f.all_ones ? &all_ones_marker : nullptr;
        // A variadic function is one registration (-1); otherwise one per arity.
        const int first = f.max_args < 0 ? -1 : f.min_args;
        const int last = f.max_args < 0 ? -1 : f.max_args;
        for (int n = first; n <= last; ++n) {
            const std::string name(f.name);
            const int rc = sqlite3_create_function_v2(db, name.c_str(), n, flags, user_data, f.scalar, f.step, f.final, nullptr);
            if (rc != SQLITE_OK)
                return sql_error{1105, "HY000", fmt::format("cannot register {}: {}", f.name, sqlite3_errstr(rc))};
        }
    }
    return ok();
}

}  // namespace qproxy::czar
