// MySQL 8.0 keywords the parser looks for, and which of them are reserved
// (https://dev.mysql.com/doc/refman/8.0/en/keywords.html). A non-reserved keyword
// is still a valid identifier (`status`, `date`, `name`, `comment`, `data`, …).
#pragma once

#include <cstdint>
#include <string_view>

namespace qproxy::sql {

// X(name, reserved): the enumerator is name_ (kw::select_, kw::null_).
#define QPROXY_SQL_KEYWORDS(X)                                                                                   \
    X(accessible, 1) X(account, 0) X(action, 0) X(add, 1) X(against, 0) X(algorithm, 0) X(all, 1) X(alter, 1)    \
    X(analyze, 1) X(and, 1) X(any, 0) X(as, 1) X(asc, 1) X(ascii, 0) X(asensitive, 1) X(auto_increment, 0)      \
    X(before, 1) X(begin, 0) X(between, 1) X(bigint, 1) X(binary, 1) X(binlog, 0) X(bit, 0) X(blob, 1)          \
    X(bool, 0) X(boolean, 0) X(both, 1) X(btree, 0) X(by, 1) X(byte, 0) X(cache, 0) X(call, 1) X(cancel, 0)     \
    X(cascade, 1) X(case, 1) X(chain, 0) X(change, 1) X(char, 1) X(character, 1) X(charset, 0) X(check, 1)      \
    X(checksum, 0) X(cipher, 0) X(client, 0) X(collate, 1) X(collation, 0) X(column, 1) X(columns, 0)           \
    X(comment, 0) X(commit, 0) X(committed, 0) X(concurrent, 0) X(condition, 1) X(connection, 0)                \
    X(consistent, 0) X(constraint, 1) X(continue, 1) X(convert, 1) X(create, 1) X(cross, 1) X(cube, 1)          \
    X(cume_dist, 1) X(current_date, 1) X(current_time, 1) X(current_timestamp, 1) X(current_user, 1)            \
    X(cursor, 1) X(data, 0) X(database, 1) X(databases, 1) X(date, 0) X(datetime, 0) X(day, 0) X(day_hour, 1)   \
    X(day_microsecond, 1) X(day_minute, 1) X(day_second, 1) X(deallocate, 0) X(dec, 1) X(decimal, 1)            \
    X(declare, 1) X(default, 1) X(definer, 0) X(delayed, 1) X(delete, 1) X(dense_rank, 1) X(desc, 1)            \
    X(describe, 1) X(deterministic, 1) X(director, 0) X(distinct, 1) X(distinctrow, 1) X(div, 1) X(do, 0)       \
    X(double, 1) X(drop, 1) X(dual, 1) X(duplicate, 0) X(each, 1) X(else, 1) X(elseif, 1) X(empty, 1)           \
    X(enclosed, 1) X(encryption, 0) X(end, 0) X(engine, 0) X(engines, 0) X(enum, 0) X(errors, 0) X(escape, 0) X(escaped, 1)      \
    X(event, 0) X(events, 0) X(except, 1) X(execute, 0) X(exists, 1) X(exit, 1) X(explain, 1) X(extended, 0) X(false, 1)       \
    X(fetch, 1) X(fields, 0) X(file, 0) X(first_value, 1) X(fixed, 0) X(float, 1) X(float4, 1) X(float8, 1)     \
    X(flush, 0) X(for, 1) X(force, 1) X(foreign, 1) X(format, 0) X(from, 1) X(full, 0) X(fulltext, 1)           \
    X(function, 1) X(generated, 1) X(geometry, 0) X(geometrycollection, 0) X(get, 1) X(global, 0) X(grant, 1)   \
    X(grants, 0) X(group, 1) X(grouping, 1) X(groups, 1) X(group_replication, 0) X(handler, 0) X(hash, 0) X(having, 1) X(help, 0)       \
    X(high_priority, 1) X(hour, 0) X(hour_microsecond, 1) X(hour_minute, 1) X(hour_second, 1) X(identified, 0)  \
    X(if, 1) X(ignore, 1) X(in, 1) X(index, 1) X(indexes, 0) X(infile, 1) X(inner, 1) X(inout, 1)               \
    X(insensitive, 1) X(insert, 1) X(install, 0) X(instance, 0) X(int, 1) X(int1, 1) X(int2, 1) X(int3, 1) X(int4, 1)          \
    X(int8, 1) X(integer, 1) X(intersect, 1) X(interval, 1) X(into, 1) X(io_after_gtids, 1)                     \
    X(io_before_gtids, 1) X(is, 1) X(isolation, 0) X(issuer, 0) X(iterate, 1) X(join, 1) X(json, 0)             \
    X(json_table, 1) X(key, 1) X(keys, 1) X(kill, 1) X(lag, 1) X(last_value, 1) X(lateral, 1) X(lead, 1)        \
    X(leading, 1) X(leave, 1) X(left, 1) X(level, 0) X(like, 1) X(limit, 1) X(linear, 1) X(lines, 1)            \
    X(linestring, 0) X(load, 1) X(local, 0) X(localtime, 1) X(localtimestamp, 1) X(lock, 1) X(locked, 0)        \
    X(logs, 0) X(long, 1) X(longblob, 1) X(longtext, 1) X(loop, 1) X(low_priority, 1) X(master, 0)              \
    X(master_bind, 1) X(master_ssl_verify_server_cert, 1) X(match, 1) X(maxvalue, 1) X(mediumblob, 1)           \
    X(mediumint, 1) X(mediumtext, 1) X(member, 0) X(microsecond, 0) X(middleint, 1) X(minute, 0)                \
    X(minute_microsecond, 1) X(minute_second, 1) X(mod, 1) X(mode, 0) X(modifies, 1) X(month, 0)                \
    X(multilinestring, 0) X(multipoint, 0) X(multipolygon, 0) X(names, 0) X(national, 0) X(natural, 1)          \
    X(nchar, 0) X(no, 0) X(none, 0) X(not, 1) X(nowait, 0) X(no_write_to_binlog, 1) X(nth_value, 1) X(ntile, 1) \
    X(null, 1) X(numeric, 1) X(nvarchar, 0) X(of, 1) X(offset, 0) X(on, 1) X(only, 0) X(open, 0)                \
    X(optimize, 1) X(optimizer_costs, 1) X(option, 1) X(optionally, 1) X(or, 1) X(order, 1) X(out, 1)           \
    X(outer, 1) X(outfile, 1) X(over, 1) X(overlap, 0) X(partition, 1) X(partitions, 0) X(password, 0)          \
    X(percent_rank, 1) X(persist, 0) X(persist_only, 0) X(plugins, 0) X(point, 0) X(polygon, 0)                 \
    X(precision, 1) X(prepare, 0) X(primary, 1) X(privileges, 0) X(procedure, 1) X(proxy, 0) X(process, 0)                  \
    X(processlist, 0) X(profiles, 0) X(purge, 1) X(quarter, 0) X(query, 0) X(quick, 0) X(range, 1) X(rank, 1)   \
    X(read, 1) X(reads, 1) X(read_write, 1) X(real, 1) X(recursive, 1) X(references, 1) X(regexp, 1)            \
    X(release, 1) X(reload, 0) X(rename, 1) X(repeat, 1) X(repeatable, 0) X(replace, 1) X(replica, 0)           \
    X(replication, 0) X(require, 1) X(reset, 0) X(resignal, 1) X(restrict, 1) X(return, 1) X(revoke, 1)         \
    X(right, 1) X(rlike, 1) X(role, 0) X(rollback, 0) X(rollup, 0) X(routine, 0) X(row, 1) X(rows, 1) X(row_number, 1)     \
    X(savepoint, 0) X(schema, 1) X(schemas, 1) X(second, 0) X(second_microsecond, 1) X(select, 1)               \
    X(sensitive, 1) X(separator, 1) X(serial, 0) X(serializable, 0) X(session, 0) X(set, 1) X(share, 0)         \
    X(show, 1) X(shutdown, 0) X(signal, 1) X(signed, 0) X(skip, 0) X(slave, 0) X(smallint, 1) X(snapshot, 0)    \
    X(some, 0) X(sounds, 0) X(spatial, 1) X(specific, 1) X(sphere, 0) X(sql, 1) X(sqlexception, 1)              \
    X(sqlstate, 1) X(sqlwarning, 1) X(sql_big_result, 1) X(sql_buffer_result, 0) X(sql_cache, 0)                \
    X(sql_calc_found_rows, 1) X(sql_no_cache, 0) X(sql_small_result, 1) X(ssl, 1) X(start, 0) X(starting, 1)    \
    X(status, 0) X(storage, 0) X(stored, 1) X(subpartition, 0) X(straight_join, 1) X(stripes, 0) X(submit, 0) X(substripes, 0)     \
    X(system, 1) X(table, 1) X(tables, 0) X(temporary, 0) X(terminated, 1) X(text, 0) X(then, 1) X(time, 0)     \
    X(timestamp, 0) X(tinyblob, 1) X(tinyint, 1) X(tinytext, 1) X(to, 1) X(trailing, 1) X(transaction, 0)       \
    X(trigger, 1) X(triggers, 0) X(true, 1) X(truncate, 0) X(uncommitted, 0) X(undo, 1) X(unicode, 0)           \
    X(union, 1) X(unique, 1) X(unknown, 0) X(unlock, 1) X(unsigned, 1) X(update, 1) X(usage, 1) X(use, 1)       \
    X(user, 0) X(using, 1) X(utc_date, 1) X(utc_time, 1) X(utc_timestamp, 1) X(value, 0) X(values, 1)           \
    X(varbinary, 1) X(varchar, 1) X(varcharacter, 1) X(variables, 0) X(varying, 1) X(view, 0) X(virtual, 1)     \
    X(warnings, 0) X(week, 0) X(when, 1) X(where, 1) X(while, 1) X(window, 1) X(with, 1) X(work, 0)             \
    X(write, 1) X(x509, 0) X(xa, 0) X(xor, 1) X(year, 0) X(year_month, 1) X(zerofill, 1)

enum class kw : std::uint16_t {
    none,
#define QPROXY_SQL_KW_ENUM(name, reserved) name##_,
    QPROXY_SQL_KEYWORDS(QPROXY_SQL_KW_ENUM)
#undef QPROXY_SQL_KW_ENUM
};

// The keyword spelled by `word` (any case), or kw::none.
[[nodiscard]] kw find_keyword(std::string_view word);
[[nodiscard]] bool is_reserved(kw k);
// Whether an unquoted identifier with this spelling needs backquotes when printed.
[[nodiscard]] bool is_reserved_word(std::string_view word);
// MySQL's sql_functions (COUNT, SUBSTRING, TRIM, CAST, …): their own grammar applies only when
// '(' follows with no blank; `COUNT (x)` calls a stored function named COUNT. `upper`: upper-case.
[[nodiscard]] bool needs_adjacent_paren(std::string_view upper);

}  // namespace qproxy::sql
