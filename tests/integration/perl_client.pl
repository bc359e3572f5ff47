#!/usr/bin/perl
# Perl DBI with DBD::MariaDB (Debian's libdbd-mariadb-perl) against a running qproxy.
#
#   perl perl_client.pl PORT [check ...]
#
# Runs the named checks (all of them when none is named), prints "ok" when
# every one passed, and exits 1 with a message at the first failure.
use strict;
use warnings;
use utf8;

use DBI qw(:sql_types);

binmode(STDOUT, ':encoding(UTF-8)');
binmode(STDERR, ':encoding(UTF-8)');

my $port = shift @ARGV or die "usage: $0 PORT [check ...]\n";

sub dsn { my ($extra) = @_; return "DBI:MariaDB:host=127.0.0.1;port=$port" . ($extra ? ";$extra" : '') }

sub connect_ok {
    my ($extra, %attr) = @_;
    my $dbh = DBI->connect(dsn($extra), 'qsmaster', '', { RaiseError => 1, PrintError => 0, %attr });
    return $dbh;
}

sub show { my ($v) = @_; return defined $v ? (ref $v eq 'ARRAY' ? '[' . join(', ', map { show($_) } @$v) . ']' : "'$v'") : 'undef' }

sub is_eq {
    my ($got, $want, $what) = @_;
    return if show($got) eq show($want);
    die "$what: expected " . show($want) . ' but got ' . show($got) . "\n";
}

sub ok_ {
    die 'ok_ called with ' . scalar(@_) . " arguments (a match in list context?)\n" if @_ != 2;
    my ($cond, $what) = @_;
    die "$what\n" unless $cond;
}

sub still_usable {
    my ($dbh, $after) = @_;
    ok_(!!$dbh->ping, "ping failed after $after");
    is_eq(scalar $dbh->selectrow_array('SELECT 6*7'), 42, "SELECT 6*7 after $after");
}

my $TYPES_SQL = q{SELECT 1 AS i, 2.5 AS d, 'x' AS s, NOW() AS t, 1e0 AS f, CAST('abc' AS BINARY) AS b};

my %checks = (
    connect => sub {
        my $dbh = connect_ok('');
        ok_(!!($dbh->{mariadb_serverinfo} =~ /^8\.0\.\d+-qproxy-/), "mariadb_serverinfo: $dbh->{mariadb_serverinfo}");
        ok_($dbh->{mariadb_serverversion} >= 80000 && $dbh->{mariadb_serverversion} < 80100,
            "mariadb_serverversion: $dbh->{mariadb_serverversion}");
        my ($id, $user, $db) = $dbh->selectrow_array('SELECT CONNECTION_ID(), CURRENT_USER(), DATABASE()');
        is_eq($id, $dbh->{mariadb_thread_id}, 'CONNECTION_ID() vs mariadb_thread_id');
        is_eq($user, 'qsmaster@localhost', 'CURRENT_USER()');
        is_eq($db, undef, 'DATABASE() without a database');
        ok_(!!$dbh->ping, 'ping');
        $dbh->disconnect;
        ok_(!$dbh->ping, 'ping after disconnect is true');

        $dbh = connect_ok('database=information_schema');
        is_eq(scalar $dbh->selectrow_array('SELECT DATABASE()'), 'information_schema', 'DATABASE() with database=');
        my $dbs = $dbh->selectcol_arrayref('SHOW DATABASES');
        ok_(!!(grep { $_ eq 'information_schema' } @$dbs), 'SHOW DATABASES lacks information_schema: ' . show($dbs));
        $dbh->disconnect;
    },

    types => sub {
        my $dbh = connect_ok('');
        my $sth = $dbh->prepare($TYPES_SQL);
        $sth->execute;
        is_eq($sth->{NUM_OF_FIELDS}, 6, 'NUM_OF_FIELDS');
        is_eq($sth->{NAME}, [qw(i d s t f b)], 'NAME');
        # Native MySQL types: LONGLONG 8, NEWDECIMAL 246, VAR_STRING 253, DATETIME 12, DOUBLE 5, VAR_STRING 253.
        is_eq($sth->{mariadb_type}, [8, 246, 253, 12, 5, 253], 'mariadb_type (native MySQL types)');
        # DBD::MariaDB's DBI types: SQL_BIGINT, SQL_DECIMAL, SQL_VARCHAR, SQL_TIMESTAMP (11), SQL_DOUBLE,
        # SQL_VARCHAR (it maps VAR_STRING without looking at the charset).
        is_eq($sth->{TYPE}, [SQL_BIGINT, SQL_DECIMAL, SQL_VARCHAR, SQL_TIMESTAMP, SQL_DOUBLE, SQL_VARCHAR], 'TYPE');
        is_eq($sth->{mariadb_type_name}, [qw(bigint decimal varchar datetime double varchar)], 'mariadb_type_name');
        is_eq($sth->{mariadb_is_num}, [1, 1, '', '', 1, ''], 'mariadb_is_num');
        is_eq($sth->{SCALE}[1], 1, 'SCALE of 2.5');
        is_eq($sth->{PRECISION}[3], 19, 'PRECISION of NOW()');
        my @row = $sth->fetchrow_array;
        is_eq([@row[0, 1, 2, 4, 5]], [1, '2.5', 'x', 1, 'abc'], 'values');
        ok_(!!($row[3] =~ /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), "NOW() value: $row[3]");
        ok_(!defined $sth->fetchrow_arrayref, 'a second row');
        is_eq([$dbh->selectrow_array(q{SELECT NULL AS n, 'h€llo' AS u, CHAR_LENGTH('h€llo') AS c})],
              [undef, 'h€llo', 5], 'NULL and UTF-8 text');
        $dbh->disconnect;
    },

    prepared_emulated => sub { prepared(connect_ok(''), 0) },
    prepared_server => sub { prepared(connect_ok('mariadb_server_prepare=1'), 1) },

    errors => sub {
        my $dbh = connect_ok('', RaiseError => 0);
        ok_(!defined $dbh->do('SELEKT 1'), 'do(SELEKT 1) succeeded');
        is_eq($dbh->err, 1064, 'err after a syntax error');
        is_eq($dbh->state, '42000', 'state after a syntax error');
        ok_(!!($dbh->errstr =~ /You have an error in your SQL syntax.*near 'SELEKT 1'/), 'errstr: ' . $dbh->errstr);
        still_usable($dbh, 'a syntax error');

        my $sth = $dbh->prepare('SELECT @@no_such_variable');
        ok_(!$sth || !$sth->execute, 'SELECT @@no_such_variable succeeded');
        is_eq($dbh->err, 1193, 'err after an unknown variable');
        is_eq($dbh->state, 'HY000', 'state after an unknown variable');
        still_usable($dbh, 'an unknown variable');
        $dbh->disconnect;

        $dbh = connect_ok('mariadb_server_prepare=1', RaiseError => 0);
        $sth = $dbh->prepare('SELEKT ?');
        ok_(!$sth || !$sth->execute(1), 'server-side SELEKT ? succeeded');
        is_eq($dbh->err, 1064, 'err after a server-side prepare of a syntax error');
        is_eq($dbh->state, '42000', 'state after a server-side prepare of a syntax error');
        still_usable($dbh, 'a failed server-side prepare');
        $dbh->disconnect;

        $dbh = DBI->connect(dsn(''), 'nosuchuser', 'pw', { RaiseError => 0, PrintError => 0 });
        ok_(!$dbh, 'connected as an unknown user');
        is_eq($DBI::err, 1045, 'err for an unknown user');
        is_eq($DBI::state, '28000', 'state for an unknown user');
        ok_(!!($DBI::errstr =~ /^Access denied for user 'nosuchuser'/), "errstr: $DBI::errstr");
    },

    multi => sub {
        my $dbh = connect_ok('mariadb_multi_statements=1');
        my $sth = $dbh->prepare('SELECT 1 AS a; SELECT 2 AS b, 3 AS c');
        $sth->execute;
        is_eq($sth->{NAME}, ['a'], 'NAME of result 1');
        is_eq($sth->fetchall_arrayref, [[1]], 'rows of result 1');
        ok_(!!$sth->more_results, 'more_results after result 1 is false');
        is_eq($sth->{NAME}, [qw(b c)], 'NAME of result 2');
        is_eq($sth->fetchall_arrayref, [[2, 3]], 'rows of result 2');
        ok_(!$sth->more_results, 'a third result');
        still_usable($dbh, 'a multi-statement query');
        $dbh->disconnect;
    },

    catalog => sub {
        my $dbh = connect_ok('');
        my $rows = $dbh->table_info(undef, 'information_schema', 'SCHEMATA', undef)->fetchall_arrayref({});
        is_eq(scalar @$rows, 1, 'table_info(information_schema.SCHEMATA) row count');
        is_eq([@{ $rows->[0] }{qw(TABLE_SCHEM TABLE_NAME TABLE_TYPE)}], [qw(information_schema SCHEMATA VIEW)],
              'table_info(information_schema.SCHEMATA)');
        my %cols = map { $_->{COLUMN_NAME} => $_ } @{ $dbh->column_info('information_schema', undef, 'SCHEMATA', '%')
                                                             ->fetchall_arrayref({}) };
        ok_($cols{SCHEMA_NAME}, 'column_info(SCHEMATA) lacks SCHEMA_NAME: ' . join(',', sort keys %cols));
        is_eq($cols{SCHEMA_NAME}{DATA_TYPE}, SQL_VARCHAR, 'column_info DATA_TYPE of SCHEMA_NAME');
        $dbh->disconnect;
    },
);

sub prepared {
    my ($dbh, $server) = @_;
    my $how = $server ? 'server-side' : 'emulated';
    is_eq($dbh->{mariadb_server_prepare} ? 1 : 0, $server, "$how: mariadb_server_prepare");

    is_eq(scalar $dbh->selectrow_array('SELECT ? + 1', undef, 41), 42, "$how: SELECT ? + 1");
    my $sth = $dbh->prepare('SELECT ? AS i, ? AS f, ? AS s, ? AS t, ? AS n');
    is_eq($sth->{NUM_OF_PARAMS}, 5, "$how: NUM_OF_PARAMS");
    for my $case ([42, 2.5, "it's \\ \"q\" h€", '2021-03-04 05:06:07'], [-7, -0.125, '', '1999-12-31 23:59:59']) {
        my ($i, $f, $s, $t) = @$case;
        $sth->bind_param(1, $i, SQL_INTEGER);
        $sth->bind_param(2, $f, SQL_DOUBLE);
        $sth->bind_param(3, $s, SQL_VARCHAR);
        $sth->bind_param(4, $t, SQL_DATETIME);
        $sth->bind_param(5, undef, SQL_VARCHAR);
        $sth->execute;
        is_eq($sth->{NAME}, [qw(i f s t n)], "$how: NAME");
        my @row = $sth->fetchrow_array;
        is_eq(scalar @row, 5, "$how: column count");
        ok_($row[0] == $i, "$how: integer parameter read back as '$row[0]', expected $i");
        ok_($row[1] == $f, "$how: double parameter read back as '$row[1]', expected $f");
        is_eq($row[2], $s, "$how: string parameter read back");
        is_eq($row[3], $t, "$how: datetime parameter read back");
        is_eq($row[4], undef, "$how: NULL parameter read back");
        $sth->finish;
    }
    # Plain execute(@values) binds strings.
    $sth = $dbh->prepare('SELECT CONCAT(?, ?) AS c, ? IS NULL AS z');
    $sth->execute('ab', 'cd', undef);
    is_eq([$sth->fetchrow_array], ['abcd', 1], "$how: execute with string and undef values");
    still_usable($dbh, "$how prepared statements");
    $dbh->disconnect;
}

my @names = @ARGV ? @ARGV : qw(connect types prepared_emulated prepared_server errors multi catalog);
for my $name (@names) {
    my $check = $checks{$name} or do { print STDERR "unknown check $name\n"; exit 2 };
    eval { $check->(); 1 } or do {
        my $e = $@ || 'unknown error';
        print STDERR "FAIL $name: $e";
        exit 1;
    };
}
print "ok\n";
