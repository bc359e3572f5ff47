/* A libmysqlclient (libmariadb) program against qproxy: text queries with
 * column metadata, multi-statements, prepared statements with parameters of
 * every family and binary result rows, COM_PING, COM_STATISTICS, change user.
 * Usage: c_client PORT. Exits 0 when every check passes, else prints the first failure. */
#include <mysql.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond, ...)                                  \
    do {                                                  \
        if (!(cond)) {                                    \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                 \
            fprintf(stderr, "\n");                        \
            failures++;                                   \
        }                                                 \
    } while (0)

static MYSQL* connect_to(unsigned port, unsigned long flags) {
    MYSQL* m = mysql_init(NULL);
    if (!mysql_real_connect(m, "127.0.0.1", "qsmaster", "", NULL, port, NULL, flags)) {
        fprintf(stderr, "connect: %s\n", mysql_error(m));
        exit(2);
    }
    return m;
}

static void text_metadata(MYSQL* m) {
    CHECK(mysql_query(m, "SELECT 1 AS i, 1.5 AS d, 'abc' AS s, NOW() AS t, 2.5e0 AS f") == 0, "%s", mysql_error(m));
    MYSQL_RES* r = mysql_store_result(m);
    CHECK(r != NULL, "no result");
    if (!r) return;
    CHECK(mysql_num_fields(r) == 5, "fields %u", mysql_num_fields(r));
    MYSQL_FIELD* f = mysql_fetch_fields(r);
    CHECK(f[0].type == MYSQL_TYPE_LONGLONG, "i type %d", f[0].type);
    CHECK(f[1].type == MYSQL_TYPE_NEWDECIMAL, "d type %d", f[1].type);
    CHECK(f[2].type == MYSQL_TYPE_VAR_STRING && f[2].charsetnr != 63, "s type %d cs %u", f[2].type, f[2].charsetnr);
    CHECK(f[3].type == MYSQL_TYPE_DATETIME, "t type %d", f[3].type);
    CHECK(f[4].type == MYSQL_TYPE_DOUBLE, "f type %d", f[4].type);
    MYSQL_ROW row = mysql_fetch_row(r);
    CHECK(row && strcmp(row[0], "1") == 0 && strcmp(row[1], "1.5") == 0 && strcmp(row[2], "abc") == 0,
          "row values");
    mysql_free_result(r);
}

static void multi_statements(MYSQL* m) {
    CHECK(mysql_query(m, "SELECT 1; SELECT 2, 3; SET @a = 5") == 0, "%s", mysql_error(m));
    int results = 0, status = 0;
    do {
        MYSQL_RES* r = mysql_store_result(m);
        if (r) mysql_free_result(r);
        results++;
    } while ((status = mysql_next_result(m)) == 0);
    CHECK(status == -1 && results == 3, "results %d status %d", results, status);
}

static void prepared(MYSQL* m) {
    MYSQL_STMT* st = mysql_stmt_init(m);
    const char* q = "SELECT ? + 1, ?, ?, ?";
    CHECK(mysql_stmt_prepare(st, q, strlen(q)) == 0, "prepare: %s", mysql_stmt_error(st));
    CHECK(mysql_stmt_param_count(st) == 4, "params %lu", mysql_stmt_param_count(st));
    long long i = 41;
    double d = 2.25;
    char s[] = "hello";
    unsigned long slen = 5;
    MYSQL_TIME t;
    memset(&t, 0, sizeof t);
    t.year = 2024; t.month = 2; t.day = 29; t.hour = 13; t.minute = 14; t.second = 15;
    t.time_type = MYSQL_TIMESTAMP_DATETIME;
    MYSQL_BIND in[4];
    memset(in, 0, sizeof in);
    in[0].buffer_type = MYSQL_TYPE_LONGLONG; in[0].buffer = &i;
    in[1].buffer_type = MYSQL_TYPE_DOUBLE; in[1].buffer = &d;
    in[2].buffer_type = MYSQL_TYPE_STRING; in[2].buffer = s; in[2].length = &slen;
    in[3].buffer_type = MYSQL_TYPE_DATETIME; in[3].buffer = &t;
    CHECK(mysql_stmt_bind_param(st, in) == 0, "bind: %s", mysql_stmt_error(st));
    CHECK(mysql_stmt_execute(st) == 0, "execute: %s", mysql_stmt_error(st));
    long long out_i = 0;
    double out_d = 0;
    char out_s[32] = {0}, out_t[32] = {0};
    unsigned long out_slen = 0, out_tlen = 0;
    MYSQL_BIND out[4];
    memset(out, 0, sizeof out);
    out[0].buffer_type = MYSQL_TYPE_LONGLONG; out[0].buffer = &out_i;
    out[1].buffer_type = MYSQL_TYPE_DOUBLE; out[1].buffer = &out_d;
    out[2].buffer_type = MYSQL_TYPE_STRING; out[2].buffer = out_s; out[2].buffer_length = sizeof out_s; out[2].length = &out_slen;
    out[3].buffer_type = MYSQL_TYPE_STRING; out[3].buffer = out_t; out[3].buffer_length = sizeof out_t; out[3].length = &out_tlen;
    CHECK(mysql_stmt_bind_result(st, out) == 0, "bind result: %s", mysql_stmt_error(st));
    CHECK(mysql_stmt_fetch(st) == 0, "fetch: %s", mysql_stmt_error(st));
    CHECK(out_i == 42, "i+1 = %lld", out_i);
    CHECK(out_d == 2.25, "d = %g", out_d);
    CHECK(strcmp(out_s, "hello") == 0, "s = %s", out_s);
    CHECK(strncmp(out_t, "2024-02-29 13:14:15", 19) == 0, "t = %s", out_t);
    CHECK(mysql_stmt_fetch(st) == MYSQL_NO_DATA, "one row only");
    /* Executed again with new values: the same statement id. */
    i = 99;
    CHECK(mysql_stmt_execute(st) == 0, "execute 2: %s", mysql_stmt_error(st));
    CHECK(mysql_stmt_fetch(st) == 0 && out_i == 100, "second execute %lld", out_i);
    mysql_stmt_close(st);
}

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    unsigned port = (unsigned)atoi(argv[1]);
    MYSQL* m = connect_to(port, CLIENT_MULTI_STATEMENTS);
    CHECK(mysql_ping(m) == 0, "ping: %s", mysql_error(m));
    const char* stat = mysql_stat(m);
    CHECK(stat && strstr(stat, "Uptime:") != NULL, "stat: %s", stat ? stat : "(null)");
    text_metadata(m);
    multi_statements(m);
    prepared(m);
    CHECK(mysql_query(m, "SELEKT") != 0 && mysql_errno(m) == 1064, "syntax error %u", mysql_errno(m));
    CHECK(strcmp(mysql_sqlstate(m), "42000") == 0, "sqlstate %s", mysql_sqlstate(m));
    CHECK(mysql_query(m, "SELECT 1") == 0, "session survives an error: %s", mysql_error(m));
    mysql_free_result(mysql_store_result(m));
    CHECK(mysql_change_user(m, "qsmaster", "", "information_schema") == 0, "change user: %s", mysql_error(m));
    CHECK(mysql_query(m, "SELECT DATABASE()") == 0, "%s", mysql_error(m));
    MYSQL_RES* r = mysql_store_result(m);
    MYSQL_ROW row = r ? mysql_fetch_row(r) : NULL;
    CHECK(row && row[0] && strcmp(row[0], "information_schema") == 0, "database after change user");
    if (r) mysql_free_result(r);
    mysql_close(m);
    if (failures == 0) printf("ok\n");
    return failures ? 1 : 0;
}
