// MySQL 8.0's information_schema column lists (names, order, types,
// nullability, and whether the text compares binary or case-insensitively).
#include "storage/information_schema.hpp"

#include "storage/column_types.hpp"
#include "storage/text.hpp"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace qproxy::storage {

namespace {

// Text columns are utf8mb3: names of objects compare binary (as on Linux),
// the rest with utf8mb3_general_ci.
enum class text { ci, bin };
constexpr bool null = true, not_null = false;

struct column_spec {
    std::string_view name;
    std::string_view type;
    bool nullable;
    text collation = text::ci;
};

struct table_spec {
    std::string_view name;
    std::string_view database_column;  // "" when the rows are not per database
    std::vector<column_spec> columns;
};

constexpr std::string_view sql_mode_set =
    "set('REAL_AS_FLOAT','PIPES_AS_CONCAT','ANSI_QUOTES','IGNORE_SPACE','NOT_USED','ONLY_FULL_GROUP_BY',"
    "'NO_UNSIGNED_SUBTRACTION','NO_DIR_IN_CREATE','NOT_USED_9','NOT_USED_10','NOT_USED_11','NOT_USED_12',"
    "'NOT_USED_13','NOT_USED_14','NOT_USED_15','NOT_USED_16','NOT_USED_17','NOT_USED_18','ANSI',"
    "'NO_AUTO_VALUE_ON_ZERO','NO_BACKSLASH_ESCAPES','STRICT_TRANS_TABLES','STRICT_ALL_TABLES','NO_ZERO_IN_DATE',"
    "'NO_ZERO_DATE','INVALID_DATES','ERROR_FOR_DIVISION_BY_ZERO','TRADITIONAL','NOT_USED_29',"
    "'HIGH_NOT_PRECEDENCE','NO_ENGINE_SUBSTITUTION','PAD_CHAR_TO_FULL_LENGTH','TIME_TRUNCATE_FRACTIONAL')";
constexpr std::string_view fk_rule = "enum('NO ACTION','RESTRICT','CASCADE','SET NULL','SET DEFAULT')";
constexpr std::string_view interval_field =
    "enum('YEAR','QUARTER','MONTH','DAY','HOUR','MINUTE','WEEK','SECOND','MICROSECOND','YEAR_MONTH','DAY_HOUR',"
    "'DAY_MINUTE','DAY_SECOND','HOUR_MINUTE','HOUR_SECOND','MINUTE_SECOND','DAY_MICROSECOND','HOUR_MICROSECOND',"
    "'MINUTE_MICROSECOND','SECOND_MICROSECOND')";

constexpr std::string_view query_type_enum = "enum('SYNC','ASYNC')";

constexpr text B = text::bin;

// Same order as is_table.
const std::array<table_spec, is_table_count>& specs() {
    static const std::array<table_spec, is_table_count> table = {{
        {"SCHEMATA", "SCHEMA_NAME", {
            {"CATALOG_NAME", "varchar(64)", not_null, B}, {"SCHEMA_NAME", "varchar(64)", not_null, B},
            {"DEFAULT_CHARACTER_SET_NAME", "varchar(64)", not_null}, {"DEFAULT_COLLATION_NAME", "varchar(64)", not_null},
            {"SQL_PATH", "binary(0)", null}, {"DEFAULT_ENCRYPTION", "enum('NO','YES')", not_null, B}}},
        {"TABLES", "TABLE_SCHEMA", {
            {"TABLE_CATALOG", "varchar(64)", not_null, B}, {"TABLE_SCHEMA", "varchar(64)", not_null, B},
            {"TABLE_NAME", "varchar(64)", not_null, B},
            {"TABLE_TYPE", "enum('BASE TABLE','VIEW','SYSTEM VIEW')", not_null, B},
            {"ENGINE", "varchar(64)", null}, {"VERSION", "int", null},
            {"ROW_FORMAT", "enum('Fixed','Dynamic','Compressed','Redundant','Compact','Paged')", null, B},
            {"TABLE_ROWS", "bigint unsigned", null}, {"AVG_ROW_LENGTH", "bigint unsigned", null},
            {"DATA_LENGTH", "bigint unsigned", null}, {"MAX_DATA_LENGTH", "bigint unsigned", null},
            {"INDEX_LENGTH", "bigint unsigned", null}, {"DATA_FREE", "bigint unsigned", null},
            {"AUTO_INCREMENT", "bigint unsigned", null}, {"CREATE_TIME", "timestamp", not_null},
            {"UPDATE_TIME", "datetime", null}, {"CHECK_TIME", "datetime", null}, {"TABLE_COLLATION", "varchar(64)", null},
            {"CHECKSUM", "bigint", null}, {"CREATE_OPTIONS", "varchar(256)", null}, {"TABLE_COMMENT", "text", null}}},
        {"COLUMNS", "TABLE_SCHEMA", {
            {"TABLE_CATALOG", "varchar(64)", not_null, B}, {"TABLE_SCHEMA", "varchar(64)", not_null, B},
            {"TABLE_NAME", "varchar(64)", not_null, B}, {"COLUMN_NAME", "varchar(64)", null, B},
            {"ORDINAL_POSITION", "int unsigned", not_null}, {"COLUMN_DEFAULT", "text", null, B},
            {"IS_NULLABLE", "varchar(3)", not_null}, {"DATA_TYPE", "longtext", null, B},
            {"CHARACTER_MAXIMUM_LENGTH", "bigint", null}, {"CHARACTER_OCTET_LENGTH", "bigint", null},
            {"NUMERIC_PRECISION", "bigint unsigned", null}, {"NUMERIC_SCALE", "bigint unsigned", null},
            {"DATETIME_PRECISION", "int unsigned", null}, {"CHARACTER_SET_NAME", "varchar(64)", null},
            {"COLLATION_NAME", "varchar(64)", null}, {"COLUMN_TYPE", "mediumtext", not_null, B},
            {"COLUMN_KEY", "enum('','PRI','UNI','MUL')", not_null, B}, {"EXTRA", "varchar(256)", null, B},
            {"PRIVILEGES", "varchar(154)", null}, {"COLUMN_COMMENT", "text", not_null, B},
            {"GENERATION_EXPRESSION", "longtext", not_null, B}, {"SRS_ID", "int unsigned", null}}},
        {"STATISTICS", "TABLE_SCHEMA", {
            {"TABLE_CATALOG", "varchar(64)", not_null, B}, {"TABLE_SCHEMA", "varchar(64)", not_null, B},
            {"TABLE_NAME", "varchar(64)", not_null, B}, {"NON_UNIQUE", "int", not_null},
            {"INDEX_SCHEMA", "varchar(64)", not_null, B}, {"INDEX_NAME", "varchar(64)", null, B},
            {"SEQ_IN_INDEX", "int unsigned", not_null}, {"COLUMN_NAME", "varchar(64)", null, B},
            {"COLLATION", "varchar(1)", null}, {"CARDINALITY", "bigint", null}, {"SUB_PART", "bigint", null},
            {"PACKED", "binary(0)", null}, {"NULLABLE", "varchar(3)", not_null}, {"INDEX_TYPE", "varchar(11)", not_null, B},
            {"COMMENT", "varchar(8)", not_null}, {"INDEX_COMMENT", "varchar(2048)", not_null, B},
            {"IS_VISIBLE", "varchar(3)", not_null}, {"EXPRESSION", "longtext", null, B}}},
        {"KEY_COLUMN_USAGE", "TABLE_SCHEMA", {
            {"CONSTRAINT_CATALOG", "varchar(64)", not_null, B}, {"CONSTRAINT_SCHEMA", "varchar(64)", not_null, B},
            {"CONSTRAINT_NAME", "varchar(64)", null}, {"TABLE_CATALOG", "varchar(64)", not_null, B},
            {"TABLE_SCHEMA", "varchar(64)", not_null, B}, {"TABLE_NAME", "varchar(64)", not_null, B},
            {"COLUMN_NAME", "varchar(64)", null, B}, {"ORDINAL_POSITION", "int unsigned", not_null},
            {"POSITION_IN_UNIQUE_CONSTRAINT", "int unsigned", null}, {"REFERENCED_TABLE_SCHEMA", "varchar(64)", null, B},
            {"REFERENCED_TABLE_NAME", "varchar(64)", null, B}, {"REFERENCED_COLUMN_NAME", "varchar(64)", null, B}}},
        {"TABLE_CONSTRAINTS", "TABLE_SCHEMA", {
            {"CONSTRAINT_CATALOG", "varchar(64)", not_null, B}, {"CONSTRAINT_SCHEMA", "varchar(64)", not_null, B},
            {"CONSTRAINT_NAME", "varchar(64)", null}, {"TABLE_SCHEMA", "varchar(64)", not_null, B},
            {"TABLE_NAME", "varchar(64)", not_null, B}, {"CONSTRAINT_TYPE", "varchar(11)", not_null, B},
            {"ENFORCED", "varchar(3)", not_null}}},
        {"REFERENTIAL_CONSTRAINTS", "CONSTRAINT_SCHEMA", {
            {"CONSTRAINT_CATALOG", "varchar(64)", not_null, B}, {"CONSTRAINT_SCHEMA", "varchar(64)", not_null, B},
            {"CONSTRAINT_NAME", "varchar(64)", not_null}, {"UNIQUE_CONSTRAINT_CATALOG", "varchar(64)", not_null, B},
            {"UNIQUE_CONSTRAINT_SCHEMA", "varchar(64)", not_null, B}, {"UNIQUE_CONSTRAINT_NAME", "varchar(64)", null, B},
            {"MATCH_OPTION", "enum('NONE','PARTIAL','FULL')", not_null, B}, {"UPDATE_RULE", fk_rule, not_null, B},
            {"DELETE_RULE", fk_rule, not_null, B}, {"TABLE_NAME", "varchar(64)", not_null, B},
            {"REFERENCED_TABLE_NAME", "varchar(64)", not_null, B}}},
        {"VIEWS", "TABLE_SCHEMA", {
            {"TABLE_CATALOG", "varchar(64)", not_null, B}, {"TABLE_SCHEMA", "varchar(64)", not_null, B},
            {"TABLE_NAME", "varchar(64)", not_null, B}, {"VIEW_DEFINITION", "longtext", null, B},
            {"CHECK_OPTION", "enum('NONE','LOCAL','CASCADED')", null, B}, {"IS_UPDATABLE", "enum('NO','YES')", null, B},
            {"DEFINER", "varchar(288)", null, B}, {"SECURITY_TYPE", "varchar(7)", null, B},
            {"CHARACTER_SET_CLIENT", "varchar(64)", not_null}, {"COLLATION_CONNECTION", "varchar(64)", not_null}}},
        {"ROUTINES", "ROUTINE_SCHEMA", {
            {"SPECIFIC_NAME", "varchar(64)", not_null}, {"ROUTINE_CATALOG", "varchar(64)", not_null, B},
            {"ROUTINE_SCHEMA", "varchar(64)", not_null, B}, {"ROUTINE_NAME", "varchar(64)", not_null},
            {"ROUTINE_TYPE", "enum('FUNCTION','PROCEDURE')", not_null, B}, {"DATA_TYPE", "longtext", null, B},
            {"CHARACTER_MAXIMUM_LENGTH", "bigint", null}, {"CHARACTER_OCTET_LENGTH", "bigint", null},
            {"NUMERIC_PRECISION", "int unsigned", null}, {"NUMERIC_SCALE", "int unsigned", null},
            {"DATETIME_PRECISION", "int unsigned", null}, {"CHARACTER_SET_NAME", "varchar(64)", null},
            {"COLLATION_NAME", "varchar(64)", null}, {"DTD_IDENTIFIER", "longtext", null, B},
            {"ROUTINE_BODY", "varchar(3)", not_null}, {"ROUTINE_DEFINITION", "longtext", null, B},
            {"EXTERNAL_NAME", "binary(0)", null}, {"EXTERNAL_LANGUAGE", "varchar(64)", not_null, B},
            {"PARAMETER_STYLE", "varchar(3)", not_null}, {"IS_DETERMINISTIC", "varchar(3)", not_null},
            {"SQL_DATA_ACCESS", "enum('CONTAINS SQL','NO SQL','READS SQL DATA','MODIFIES SQL DATA')", not_null, B},
            {"SQL_PATH", "binary(0)", null}, {"SECURITY_TYPE", "enum('DEFAULT','INVOKER','DEFINER')", not_null, B},
            {"CREATED", "timestamp", not_null}, {"LAST_ALTERED", "timestamp", not_null},
            {"SQL_MODE", sql_mode_set, not_null, B}, {"ROUTINE_COMMENT", "text", not_null, B},
            {"DEFINER", "varchar(288)", not_null, B}, {"CHARACTER_SET_CLIENT", "varchar(64)", not_null},
            {"COLLATION_CONNECTION", "varchar(64)", not_null}, {"DATABASE_COLLATION", "varchar(64)", not_null}}},
        {"PARAMETERS", "SPECIFIC_SCHEMA", {
            {"SPECIFIC_CATALOG", "varchar(64)", not_null, B}, {"SPECIFIC_SCHEMA", "varchar(64)", not_null, B},
            {"SPECIFIC_NAME", "varchar(64)", not_null}, {"ORDINAL_POSITION", "bigint unsigned", not_null},
            {"PARAMETER_MODE", "varchar(5)", null, B}, {"PARAMETER_NAME", "varchar(64)", null},
            {"DATA_TYPE", "longtext", null, B}, {"CHARACTER_MAXIMUM_LENGTH", "bigint", null},
            {"CHARACTER_OCTET_LENGTH", "bigint", null}, {"NUMERIC_PRECISION", "int unsigned", null},
            {"NUMERIC_SCALE", "bigint", null}, {"DATETIME_PRECISION", "int unsigned", null},
            {"CHARACTER_SET_NAME", "varchar(64)", null}, {"COLLATION_NAME", "varchar(64)", null},
            {"DTD_IDENTIFIER", "mediumtext", not_null, B}, {"ROUTINE_TYPE", "enum('FUNCTION','PROCEDURE')", not_null, B}}},
        {"TRIGGERS", "TRIGGER_SCHEMA", {
            {"TRIGGER_CATALOG", "varchar(64)", not_null, B}, {"TRIGGER_SCHEMA", "varchar(64)", not_null, B},
            {"TRIGGER_NAME", "varchar(64)", not_null}, {"EVENT_MANIPULATION", "enum('INSERT','UPDATE','DELETE')", not_null, B},
            {"EVENT_OBJECT_CATALOG", "varchar(64)", not_null, B}, {"EVENT_OBJECT_SCHEMA", "varchar(64)", not_null, B},
            {"EVENT_OBJECT_TABLE", "varchar(64)", not_null, B}, {"ACTION_ORDER", "int unsigned", not_null},
            {"ACTION_CONDITION", "binary(0)", null}, {"ACTION_STATEMENT", "longtext", not_null, B},
            {"ACTION_ORIENTATION", "varchar(3)", not_null}, {"ACTION_TIMING", "enum('BEFORE','AFTER')", not_null, B},
            {"ACTION_REFERENCE_OLD_TABLE", "binary(0)", null}, {"ACTION_REFERENCE_NEW_TABLE", "binary(0)", null},
            {"ACTION_REFERENCE_OLD_ROW", "varchar(3)", not_null}, {"ACTION_REFERENCE_NEW_ROW", "varchar(3)", not_null},
            {"CREATED", "timestamp(2)", not_null}, {"SQL_MODE", sql_mode_set, not_null, B},
            {"DEFINER", "varchar(288)", not_null, B}, {"CHARACTER_SET_CLIENT", "varchar(64)", not_null},
            {"COLLATION_CONNECTION", "varchar(64)", not_null}, {"DATABASE_COLLATION", "varchar(64)", not_null}}},
        {"EVENTS", "EVENT_SCHEMA", {
            {"EVENT_CATALOG", "varchar(64)", not_null, B}, {"EVENT_SCHEMA", "varchar(64)", not_null, B},
            {"EVENT_NAME", "varchar(64)", not_null}, {"DEFINER", "varchar(288)", not_null, B},
            {"TIME_ZONE", "varchar(64)", not_null, B}, {"EVENT_BODY", "varchar(3)", not_null},
            {"EVENT_DEFINITION", "longtext", not_null, B}, {"EVENT_TYPE", "varchar(9)", not_null},
            {"EXECUTE_AT", "datetime", null}, {"INTERVAL_VALUE", "varchar(256)", null},
            {"INTERVAL_FIELD", interval_field, null, B}, {"SQL_MODE", sql_mode_set, not_null, B},
            {"STARTS", "datetime", null}, {"ENDS", "datetime", null},
            {"STATUS", "enum('ENABLED','DISABLED','SLAVESIDE_DISABLED')", not_null, B},
            {"ON_COMPLETION", "varchar(12)", not_null}, {"CREATED", "timestamp", not_null},
            {"LAST_ALTERED", "timestamp", not_null}, {"LAST_EXECUTED", "datetime", null},
            {"EVENT_COMMENT", "varchar(2048)", not_null, B}, {"ORIGINATOR", "int unsigned", not_null},
            {"CHARACTER_SET_CLIENT", "varchar(64)", not_null}, {"COLLATION_CONNECTION", "varchar(64)", not_null},
            {"DATABASE_COLLATION", "varchar(64)", not_null}}},
        {"PARTITIONS", "TABLE_SCHEMA", {
            {"TABLE_CATALOG", "varchar(64)", not_null, B}, {"TABLE_SCHEMA", "varchar(64)", not_null, B},
            {"TABLE_NAME", "varchar(64)", not_null, B}, {"PARTITION_NAME", "varchar(64)", null, B},
            {"SUBPARTITION_NAME", "varchar(64)", null, B}, {"PARTITION_ORDINAL_POSITION", "int unsigned", null},
            {"SUBPARTITION_ORDINAL_POSITION", "int unsigned", null}, {"PARTITION_METHOD", "varchar(13)", null},
            {"SUBPARTITION_METHOD", "varchar(13)", null}, {"PARTITION_EXPRESSION", "varchar(2048)", null, B},
            {"SUBPARTITION_EXPRESSION", "varchar(2048)", null, B}, {"PARTITION_DESCRIPTION", "text", null, B},
            {"TABLE_ROWS", "bigint unsigned", null}, {"AVG_ROW_LENGTH", "bigint unsigned", null},
            {"DATA_LENGTH", "bigint unsigned", null}, {"MAX_DATA_LENGTH", "bigint unsigned", null},
            {"INDEX_LENGTH", "bigint unsigned", null}, {"DATA_FREE", "bigint unsigned", null},
            {"CREATE_TIME", "timestamp", not_null}, {"UPDATE_TIME", "datetime", null}, {"CHECK_TIME", "datetime", null},
            {"CHECKSUM", "bigint", null}, {"PARTITION_COMMENT", "text", not_null, B},
            {"NODEGROUP", "varchar(256)", null}, {"TABLESPACE_NAME", "varchar(268)", null, B}}},
        {"ENGINES", "", {
            {"ENGINE", "varchar(64)", not_null}, {"SUPPORT", "varchar(8)", not_null}, {"COMMENT", "varchar(80)", not_null},
            {"TRANSACTIONS", "varchar(3)", null}, {"XA", "varchar(3)", null}, {"SAVEPOINTS", "varchar(3)", null}}},
        {"CHARACTER_SETS", "", {
            {"CHARACTER_SET_NAME", "varchar(64)", not_null}, {"DEFAULT_COLLATE_NAME", "varchar(64)", not_null},
            {"DESCRIPTION", "varchar(2048)", not_null}, {"MAXLEN", "int unsigned", not_null}}},
        {"COLLATIONS", "", {
            {"COLLATION_NAME", "varchar(64)", not_null}, {"CHARACTER_SET_NAME", "varchar(64)", not_null},
            {"ID", "bigint unsigned", not_null}, {"IS_DEFAULT", "varchar(3)", not_null},
            {"IS_COMPILED", "varchar(3)", not_null}, {"SORTLEN", "int unsigned", not_null},
            {"PAD_ATTRIBUTE", "enum('PAD SPACE','NO PAD')", not_null, B}}},
        {"COLLATION_CHARACTER_SET_APPLICABILITY", "", {
            {"COLLATION_NAME", "varchar(64)", not_null}, {"CHARACTER_SET_NAME", "varchar(64)", not_null}}},
        {"USER_PRIVILEGES", "", {
            {"GRANTEE", "varchar(292)", not_null}, {"TABLE_CATALOG", "varchar(512)", not_null},
            {"PRIVILEGE_TYPE", "varchar(64)", not_null}, {"IS_GRANTABLE", "varchar(3)", not_null}}},
        {"SCHEMA_PRIVILEGES", "", {
            {"GRANTEE", "varchar(292)", not_null}, {"TABLE_CATALOG", "varchar(512)", not_null},
            {"TABLE_SCHEMA", "varchar(64)", not_null}, {"PRIVILEGE_TYPE", "varchar(64)", not_null},
            {"IS_GRANTABLE", "varchar(3)", not_null}}},
        {"TABLE_PRIVILEGES", "", {
            {"GRANTEE", "varchar(292)", not_null}, {"TABLE_CATALOG", "varchar(512)", not_null},
            {"TABLE_SCHEMA", "varchar(64)", not_null}, {"TABLE_NAME", "varchar(64)", not_null},
            {"PRIVILEGE_TYPE", "varchar(64)", not_null}, {"IS_GRANTABLE", "varchar(3)", not_null}}},
        {"COLUMN_PRIVILEGES", "", {
            {"GRANTEE", "varchar(292)", not_null}, {"TABLE_CATALOG", "varchar(512)", not_null},
            {"TABLE_SCHEMA", "varchar(64)", not_null}, {"TABLE_NAME", "varchar(64)", not_null},
            {"COLUMN_NAME", "varchar(64)", not_null}, {"PRIVILEGE_TYPE", "varchar(64)", not_null},
            {"IS_GRANTABLE", "varchar(3)", not_null}}},
        {"PLUGINS", "", {
            {"PLUGIN_NAME", "varchar(64)", not_null}, {"PLUGIN_VERSION", "varchar(20)", not_null},
            {"PLUGIN_STATUS", "varchar(10)", not_null}, {"PLUGIN_TYPE", "varchar(80)", not_null},
            {"PLUGIN_TYPE_VERSION", "varchar(20)", not_null}, {"PLUGIN_LIBRARY", "varchar(64)", null},
            {"PLUGIN_LIBRARY_VERSION", "varchar(20)", null}, {"PLUGIN_AUTHOR", "varchar(64)", null},
            {"PLUGIN_DESCRIPTION", "longtext", null}, {"PLUGIN_LICENSE", "varchar(80)", null},
            {"LOAD_OPTION", "varchar(64)", not_null}}},
        {"FILES", "", {
            {"FILE_ID", "bigint", null}, {"FILE_NAME", "text", null, B}, {"FILE_TYPE", "varchar(256)", null},
            {"TABLESPACE_NAME", "varchar(268)", not_null, B}, {"TABLE_CATALOG", "char(0)", not_null},
            {"TABLE_SCHEMA", "binary(0)", null}, {"TABLE_NAME", "binary(0)", null},
            {"LOGFILE_GROUP_NAME", "varchar(256)", null}, {"LOGFILE_GROUP_NUMBER", "bigint", null},
            {"ENGINE", "varchar(64)", not_null, B}, {"FULLTEXT_KEYS", "binary(0)", null},
            {"DELETED_ROWS", "binary(0)", null}, {"UPDATE_COUNT", "binary(0)", null}, {"FREE_EXTENTS", "bigint", null},
            {"TOTAL_EXTENTS", "bigint", null}, {"EXTENT_SIZE", "bigint", null}, {"INITIAL_SIZE", "bigint", null},
            {"MAXIMUM_SIZE", "bigint", null}, {"AUTOEXTEND_SIZE", "bigint", null}, {"CREATION_TIME", "binary(0)", null},
            {"LAST_UPDATE_TIME", "binary(0)", null}, {"LAST_ACCESS_TIME", "binary(0)", null},
            {"RECOVER_TIME", "binary(0)", null}, {"TRANSACTION_COUNTER", "binary(0)", null}, {"VERSION", "bigint", null},
            {"ROW_FORMAT", "varchar(256)", null}, {"TABLE_ROWS", "binary(0)", null}, {"AVG_ROW_LENGTH", "binary(0)", null},
            {"DATA_LENGTH", "binary(0)", null}, {"MAX_DATA_LENGTH", "binary(0)", null}, {"INDEX_LENGTH", "binary(0)", null},
            {"DATA_FREE", "bigint", null}, {"CREATE_TIME", "binary(0)", null}, {"UPDATE_TIME", "binary(0)", null},
            {"CHECK_TIME", "binary(0)", null}, {"CHECKSUM", "binary(0)", null}, {"STATUS", "varchar(256)", null},
            {"EXTRA", "varchar(256)", null}}},
        // Qserv's tables: not MySQL's PROCESSLIST but the executing queries,
        // and the history. Ids and counters as BIGINT UNSIGNED, times as
        // DATETIME ('YYYY-MM-DD hh:mm:ss').
        {"PROCESSLIST", "", {
            {"ID", "bigint unsigned", not_null}, {"TYPE", query_type_enum, not_null},
            {"CZAR", "varchar(256)", not_null}, {"CZAR_ID", "bigint unsigned", not_null},
            {"SUBMITTED", "datetime", not_null}, {"UPDATED", "datetime", not_null},
            {"CHUNKS", "bigint unsigned", not_null}, {"CHUNKS_COMP", "bigint unsigned", not_null},
            {"QUERY", "longtext", not_null}}},
        {"QUERIES", "", {
            {"ID", "bigint unsigned", not_null}, {"TYPE", query_type_enum, not_null},
            {"CZAR", "varchar(256)", not_null}, {"CZAR_ID", "bigint unsigned", not_null},
            {"STATUS", "enum('EXECUTING','COMPLETED','FAILED','FAILED_LR','ABORTED')", not_null},
            {"SUBMITTED", "datetime", not_null}, {"COMPLETED", "datetime", null}, {"RETURNED", "datetime", null},
            {"CHUNKS", "bigint unsigned", not_null}, {"BYTES", "bigint unsigned", not_null},
            {"ROWS_COLLECTED", "bigint unsigned", not_null}, {"ROWS", "bigint unsigned", not_null},
            {"DBS", "text", not_null}, {"QUERY", "longtext", not_null}, {"ERROR", "text", null}}},
    }};
    return table;
}

std::string create_sql(const table_info& t) {
    std::string sql = fmt::format("CREATE TEMPORARY TABLE `{}` (\n", t.name);
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto& c = t.columns[i];
        sql += fmt::format("  `{}` {}{}{}{}\n", c.name, c.column_type,
                           c.collation && c.collation->ends_with("_bin") ? " COLLATE utf8mb3_bin" : "",
                           c.nullable ? "" : " NOT NULL", i + 1 < t.columns.size() ? "," : "");
    }
    return sql + ") ENGINE=MEMORY DEFAULT CHARSET=utf8mb3";
}

std::vector<table_info> build_tables() {
    std::vector<table_info> tables;
    for (const auto& spec : specs()) {
        table_info t;
        t.db = information_schema_name;
        t.name = spec.name;
        t.kind = "system view";
        for (const auto& c : spec.columns) {
            // The specs are fixed text: a typo terminates here, at first use
            // (every unit test run), rather than misreporting a type.
            column_info column = make_column(std::string(c.name), std::string(c.type), c.nullable,
                                             c.collation == text::bin ? "utf8mb3_bin" : "utf8mb3_general_ci")
                                     .value();
            column.meta.db = information_schema_name;
            column.meta.table = column.meta.org_table = t.name;
            t.columns.push_back(std::move(column));
        }
        t.create_sql = create_sql(t);
        tables.push_back(std::move(t));
    }
    return tables;
}

constexpr std::array<engine_info, 2> engine_table = {{
    {"InnoDB", "DEFAULT", "Supports transactions, row-level locking, and foreign keys", "YES", "YES", "YES"},
    {qserv_engine, "YES", "Qserv partitioned tables (director, child, replicated) in SQLite chunks", "NO", "NO",
     "NO"},
}};

// PLUGIN_TYPE_VERSION of storage engines is MySQL's version id; it follows
// the 8.0 server version qproxy advertises.
constexpr std::array<plugin_info, 4> plugin_table = {{
    {"mysql_native_password", "1.1", "ACTIVE", "AUTHENTICATION", "2.1", "Oracle Corporation",
     "Native MySQL authentication", "GPL", "FORCE"},
    {"caching_sha2_password", "1.0", "ACTIVE", "AUTHENTICATION", "2.1", "Oracle Corporation",
     "Caching sha2 authentication", "GPL", "FORCE"},
    {"InnoDB", "8.0", "ACTIVE", "STORAGE ENGINE", "80036.0", "Oracle Corporation", "Supports transactions, "
     "row-level locking, and foreign keys", "GPL", "FORCE"},
    {qserv_engine, "1.0", "ACTIVE", "STORAGE ENGINE", "80036.0", "qproxy",
     "Qserv partitioned tables (director, child, replicated) in SQLite chunks", "GPL", "FORCE"},
}};

}  // namespace

std::span<const table_info> information_schema_tables() {
    static const std::vector<table_info> tables = build_tables();
    return tables;
}

const table_info& information_schema_table(is_table t) {
    return information_schema_tables()[static_cast<std::size_t>(t)];
}

std::optional<is_table> find_information_schema_table(std::string_view name) {
    const auto tables = information_schema_tables();
    for (std::size_t i = 0; i < tables.size(); ++i) {
        if (iequals(tables[i].name, name)) return static_cast<is_table>(i);
    }
    return std::nullopt;
}

std::optional<std::size_t> database_column(is_table t) {
    const auto& spec = specs()[static_cast<std::size_t>(t)];
    if (spec.database_column.empty()) return std::nullopt;
    const auto& columns = information_schema_table(t).columns;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].name == spec.database_column) return i;
    }
    return std::nullopt;
}

std::span<const engine_info> engines() { return engine_table; }

std::span<const plugin_info> plugins() { return plugin_table; }

}  // namespace qproxy::storage
