#include "czar/planner.hpp"

#include "czar/chunk_pruning.hpp"
#include "czar/chunk_rewrite.hpp"
#include "czar/near_neighbour.hpp"
#include "czar/select_resolver.hpp"
#include "czar/select_scope.hpp"
#include "czar/session_env.hpp"
#include "czar/snapshot.hpp"
#include "parser/walk.hpp"
#include "storage/catalog.hpp"
#include "storage/chunk_store.hpp"
#include "storage/information_schema.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace qproxy::czar {

namespace {

using kind_t = storage::partitioning::kind_t;

bool is_information_schema(std::string_view db) { return iequals(db, storage::information_schema_name); }

bool has_derived(const sql::table_ref& t) {
    if (t.kind_ == sql::table_ref_kind::derived) return true;
    return std::any_of(t.operands_.begin(), t.operands_.end(), has_derived);
}

// Subqueries may read replicated tables only: a chunk cannot see other chunks.
sql_status check_subqueries(const sql::select_stmt& s, const std::string& current_db, const storage::catalog& catalog) {
    sql_status st = ok();
    sql::for_each_expr(s, [&](const sql::expr& e) {
        if (!e.query_ || st.has_error()) return;
        for (const auto* t : referenced_tables(*e.query_)) {
            auto info = catalog.find_table(t->db_.empty() ? current_db : t->db_, t->name_);
            if (t->kind_ == sql::table_ref_kind::qserv_result || (info && info->part.kind != kind_t::none))
                st = unsupported("subqueries over partitioned tables");
        }
    });
    return st;
}

// The partitioned tables of the scope: one director at most (a sky director
// twice in a near-neighbour join), children of it.
sql_result<partitioned_tables> partitioned(const std::vector<scope_table>& scope) {
    partitioned_tables out;
    for (const auto& t : scope) {
        if (t.info.part.kind == kind_t::none || t.nested) continue;  // subqueries: check_subqueries
        if (!out.db.empty() && out.db != t.info.db) return unsupported("partitioned tables of two databases in one query");
        out.db = t.info.db;
        if (t.info.part.kind == kind_t::child) {
            out.children.push_back(&t);
            continue;
        }
        if (out.director && !out.neighbour && t.info.part.kind == kind_t::sky && out.director->info.name == t.info.name) {
            out.neighbour = &t;
            continue;
        }
        if (out.director)
            return sql_error{4110, "Proxy",
                             "Query processing error: a query may join one director table with its child tables, or "
                             "a sky-partitioned director with itself once (a near-neighbour join)"};
        out.director = &t;
    }
    for (const auto* c : out.children)
        if (out.director && (c->info.part.director_table != out.director->info.name))
            return unsupported("joining a child table with a director other than its own");
    return out;
}

}  // namespace

std::vector<const sql::table_ref*> referenced_tables(const sql::select_stmt& s) {
    std::vector<const sql::table_ref*> out;
    auto from = [&](const sql::select_stmt& q) {
        auto walk = [&](const sql::table_ref& t, auto& self) -> void {
            if (t.kind_ == sql::table_ref_kind::table || t.kind_ == sql::table_ref_kind::qserv_result) out.push_back(&t);
            for (const auto& o : t.operands_) self(o, self);
        };
        for (const auto& t : q.from_) walk(t, walk);
    };
    // The query blocks of one query expression: its own, nested, union members, derived tables.
    auto blocks = [&](const sql::select_stmt& q, auto& self) -> void {
        from(q);
        if (q.nested_) self(*q.nested_, self);
        for (const auto& u : q.unions_) self(u.select_, self);
        auto derived = [&](const sql::table_ref& t, auto& again) -> void {
            if (t.derived_) self(*t.derived_, self);
            for (const auto& o : t.operands_) again(o, again);
        };
        for (const auto& t : q.from_) derived(t, derived);
    };
    blocks(s, blocks);
    // for_each_expr reaches every expression, subqueries' own included.
    sql::for_each_expr(s, [&](const sql::expr& e) {
        if (e.query_) blocks(*e.query_, blocks);
    });
    return out;
}

bool reads_partitioned(const sql::select_stmt& s, std::string_view current_db, const storage::catalog&) {
    const auto refs = referenced_tables(s);
    return std::any_of(refs.begin(), refs.end(), [&](const sql::table_ref* t) {
        return t->kind_ == sql::table_ref_kind::table && !is_information_schema(t->db_.empty() ? current_db : t->db_);
    });
}

sql_result<query_plan> plan_select(const sql::select_stmt& original, session_view& session,
                                   const storage::catalog& catalog, const chunk_index& index) {
    const std::string current_db = session.database();
    const auto refs = referenced_tables(original);
    query_plan plan;
    for (const auto* t : refs) {
        if (t->kind_ == sql::table_ref_kind::qserv_result) return unsupported("qserv_result() joined with other tables");
        const std::string db = t->db_.empty() ? current_db : t->db_;
        if (db.empty()) return sql_error{er::no_db, "3D000", "No database selected"};
        if (is_information_schema(db)) return unsupported("information_schema joined with user tables");
        if (!catalog.find_database(db)) return sql_error{er::bad_db, "42000", fmt::format("Unknown database '{}'", db)};
        auto info = catalog.find_table(db, t->name_);
        if (!info) return sql_error{er::no_such_table, "42S02", fmt::format("Table '{}.{}' doesn't exist", db, t->name_)};
        if (std::find(plan.dbs.begin(), plan.dbs.end(), db) == plan.dbs.end()) plan.dbs.push_back(db);
        if (info->part.kind == kind_t::none &&
            std::find(plan.replicated_dbs.begin(), plan.replicated_dbs.end(), db) == plan.replicated_dbs.end())
            plan.replicated_dbs.push_back(db);
    }
    const auto scope = collect_scope(original, current_db, catalog);
    sql::select_stmt s = original;
    BOOST_OUTCOME_TRY(expand_stars(s, scope));

    BOOST_OUTCOME_TRY(tables, partitioned(scope));
    plan.db = tables.db;
    // The snapshot, before any chunk list or director key is read: a load
    // published later only adds chunks and keys whose rows it filters out.
    plan.loads.push_back(tables.db.empty() ? 0 : index.published_load(tables.db));
    for (const auto& r : plan.replicated_dbs) plan.loads.push_back(index.published_load(r));
    if (!tables.db.empty()) {
        for (const auto& t : s.from_)
            if (has_derived(t)) return unsupported("derived tables over partitioned tables");
        BOOST_OUTCOME_TRY(check_subqueries(s, current_db, catalog));
        if (tables.neighbour) {
            BOOST_OUTCOME_TRY(plan_near_neighbour(s, tables));
        }
        // Areaspecs become their row predicates here, before the WHERE is typed.
        BOOST_OUTCOME_TRY(chunks, prune_chunks(s.where_, tables, index));
        plan.chunks = std::move(chunks);
    }

    session_env env(session);
    env.set_columns(scope_columns(scope, coalesced_columns(s)));
    BOOST_OUTCOME_TRY(columns, resolve_select(s, env));
    plan.columns = std::move(columns);

    const auto table_columns = scope_columns(scope, coalesced_columns(s));
    auto is_table_column = [&](const sql::expr& ref) {
        auto found = table_columns(ref);
        return found.has_value() && found.value().has_value();
    };
    // Queries on replicated tables alone run once, whole: no merge needed.
    chunk_rewrite rw;
    if (tables.db.empty()) {
        rw.chunk = s;
        for (std::size_t i = 0; i < rw.chunk.items_.size(); ++i) rw.chunk.items_[i].alias_ = merge_column(i);
        rw.visible = s.items_.size();
    } else {
        BOOST_OUTCOME_TRY(r, rewrite_for_chunks(s, is_table_column));
        rw = std::move(r);
    }

    // Which file of a chunk connection holds a table: 0 main (partitioned
    // tables, and overlap tables: no catalog table takes their names), 1 + i
    // the replicated file of replicated_dbs[i].
    auto file_of = [&](std::string_view db, std::string_view table) -> std::size_t {
        const std::string d = db.empty() ? current_db : std::string(db);
        const auto pos = std::find(plan.replicated_dbs.begin(), plan.replicated_dbs.end(), d);
        auto info = catalog.find_table(d, table);
        if (info && info->part.kind == kind_t::none && pos != plan.replicated_dbs.end())
            return 1 + static_cast<std::size_t>(pos - plan.replicated_dbs.begin());
        return 0;
    };
    auto table_name = [&](std::string_view db, std::string_view table) {
        const std::size_t file = file_of(db, table);
        return (file ? storage::replicated_schema(file - 1) : std::string("main")) + "." + sql::sqlite_quote_identifier(table);
    };
    // Chunks feeding a merge compute their COUNT/SUM partials in one step per row.
    sql::select_stmt chunk = rw.chunk;
    if (rw.merge) {
        auto packed = pack_partial_aggregates(rw.chunk.items_);
        chunk.items_ = std::move(packed.items);
        plan.partial_sources = std::move(packed.sources);
    }
    if (tables.neighbour) {
        BOOST_OUTCOME_TRY(both, with_overlap(chunk, tables));
        chunk = std::move(both);
    }
    BOOST_OUTCOME_TRY(chunk_query, sql::to_sqlite(chunk, sql::sqlite_print_options{&env, &env, table_name}));
    if (!chunk_query.variables.empty()) return unsupported("assigning user variables in queries on user tables");
    plan.snapshot_text = read_up_to(chunk_query, [&](const sql::sqlite_table_site& site) {
        return plan.loads[file_of(site.db, site.table)];
    });
    plan.chunk_query = std::move(chunk_query);
    plan.chunk_columns = chunk.items_.size();
    plan.visible = rw.visible;
    plan.offset = rw.offset;
    plan.limit = rw.limit;
    if (!rw.merge) return plan;

    // The merge reads `partial`, typed as the chunk columns are.
    std::vector<column_meta> partial;
    for (const auto& item : rw.chunk.items_) {
        BOOST_OUTCOME_TRY(m, sql::infer(item.expr_, env));
        partial.push_back(std::move(m));
    }
    session_env merge_env(session);
    merge_env.set_columns([&](const sql::expr& ref) -> sql_result<std::optional<column_meta>> {
        for (std::size_t i = 0; i < partial.size(); ++i)
            if (ref.name_ == merge_column(i)) return std::optional<column_meta>(partial[i]);
        return std::optional<column_meta>();
    });
    BOOST_OUTCOME_TRY(merge_query, sql::to_sqlite(*rw.merge, sql::sqlite_print_options{&merge_env, &merge_env, {}}));
    plan.merge_query = std::move(merge_query);
    return plan;
}

}  // namespace qproxy::czar
