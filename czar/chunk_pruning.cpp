#include "czar/chunk_pruning.hpp"

#include "czar/partitioning.hpp"
#include "parser/typing.hpp"
#include "parser/walk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace qproxy::czar {

namespace {

using sql::expr;
using sql::expr_kind;
using chunk_set = std::set<std::int32_t>;

// A literal as the director key's MySQL text (numbers as written, strings as their bytes).
std::optional<std::string> key_text(const expr& e) {
    if (e.kind_ == expr_kind::string_lit) return e.text_;
    if (e.kind_ == expr_kind::int_lit) return e.text_;
    if (e.kind_ == expr_kind::unary && e.op_ == sql::op::neg && e.args_.size() == 1 && e.args_[0].kind_ == expr_kind::int_lit)
        return "-" + e.args_[0].text_;
    return std::nullopt;
}

// The scope table a column reference names (unqualified: the one table having it).
const scope_table* owner(const expr& ref, const partitioned_tables& t) {
    std::vector<const scope_table*> candidates;
    if (t.director) candidates.push_back(t.director);
    candidates.insert(candidates.end(), t.children.begin(), t.children.end());
    for (const auto* s : candidates) {
        if (!ref.table_.empty() && !iequals(ref.table_, s->alias)) continue;
        if (!ref.db_.empty() && ref.db_ != s->info.db) continue;
        for (const auto& c : s->info.columns)
            if (iequals(c.name, ref.name_)) return s;
    }
    return nullptr;
}

bool is_key(const expr& e, const partitioned_tables& t, bool& of_child) {
    if (e.kind_ != expr_kind::column) return false;
    const auto* s = owner(e, t);
    if (!s || !iequals(s->info.part.key, e.name_)) return false;
    of_child = s->info.part.kind == storage::partitioning::kind_t::child;
    return true;
}

class pruner {
public:
    pruner(const partitioned_tables& t, const chunk_index& index) : t_(t), index_(index) {}

    // Chunks the conjunct allows; nullopt when it does not restrict chunks.
    sql_result<std::optional<chunk_set>> restrict(expr& c) {
        if (c.kind_ == expr_kind::areaspec) return areaspec(c);
        bool of_child = false;
        if (c.kind_ == expr_kind::binary && c.op_ == sql::op::eq) {
            for (int side = 0; side < 2; ++side)
                if (is_key(c.args_[side], t_, of_child))
                    if (auto k = key_text(c.args_[1 - side])) return keys({*k}, of_child);
            return std::optional<chunk_set>();
        }
        if (c.kind_ == expr_kind::in_list && !c.negated_ && is_key(c.args_[0], t_, of_child)) {
            std::vector<std::string> ks;
            for (std::size_t i = 1; i < c.args_.size(); ++i) {
                auto k = key_text(c.args_[i]);
                if (!k) return std::optional<chunk_set>();
                ks.push_back(std::move(*k));
            }
            return keys(ks, of_child);
        }
        if (c.kind_ == expr_kind::between && !c.negated_ && is_key(c.args_[0], t_, of_child) &&
            t_.director && t_.director->info.part.kind == storage::partitioning::kind_t::sky) {
            const auto lo = numeric_literal(c.args_[1]), hi = numeric_literal(c.args_[2]);
            if (!lo || !hi) return std::optional<chunk_set>();
            BOOST_OUTCOME_TRY(found, index_.chunks_of_range(t_.director->info, *lo, *hi));
            return with_dummy(chunk_set(found.begin(), found.end()), of_child);
        }
        return std::optional<chunk_set>();
    }

private:
    sql_result<std::optional<chunk_set>> keys(const std::vector<std::string>& ks, bool of_child) {
        if (!t_.director) {
            // Children alone: their rows sit with directors we can find through the index.
            const auto& child = t_.children.front()->info;
            auto director = storage::table_info{};
            director.db = child.part.director_db;
            director.name = child.part.director_table;
            return lookup(director, ks, true);
        }
        const auto& d = t_.director->info;
        if (d.part.kind == storage::partitioning::kind_t::hash) {
            const bool integer = [&] {
                for (const auto& c : d.columns)
                    if (iequals(c.name, d.part.key)) return sql::is_integer_type(c.meta);
                return false;
            }();
            chunk_set out;
            for (const auto& k : ks) out.insert(hash_chunk(k, integer, d.part.partitions));
            return with_dummy(std::move(out), of_child);
        }
        return lookup(d, ks, of_child);
    }

    sql_result<std::optional<chunk_set>> lookup(const storage::table_info& director, const std::vector<std::string>& ks,
                                                bool of_child) {
        BOOST_OUTCOME_TRY(found, index_.chunks_of_keys(director, ks));
        return with_dummy(chunk_set(found.begin(), found.end()), of_child);
    }

    // A child's key may be one no director row has: such rows are in the dummy chunk.
    static std::optional<chunk_set> with_dummy(chunk_set s, bool of_child) {
        if (of_child) s.insert(dummy_chunk);
        return s;
    }

    sql_result<std::optional<chunk_set>> areaspec(expr& c) {
        if (!t_.director || t_.director->info.part.kind != storage::partitioning::kind_t::sky)
            return sql_error{4110, "Proxy", "Query processing error: qserv_areaspec needs a sky-partitioned table"};
        const auto& part = t_.director->info.part;
        std::vector<double> a;
        for (const auto& arg : c.args_) {
            auto v = numeric_literal(arg);
            if (!v) return sql_error{4110, "Proxy", "Query processing error: qserv_areaspec arguments must be numbers"};
            a.push_back(*v);
        }
        const sky_chunker chunker(static_cast<std::int32_t>(part.stripes), static_cast<std::int32_t>(part.sub_stripes),
                                  part.overlap);
        std::vector<std::int32_t> ids;
        std::string fn;
        auto arity = [&](bool ok, std::string_view shape) -> sql_status {
            if (ok) return ::qproxy::ok();
            return sql_error{4110, "Proxy", fmt::format("Query processing error: wrong number of arguments to qserv_areaspec_{}", shape)};
        };
        switch (c.area_) {
        case sql::area_shape::box: {
            BOOST_OUTCOME_TRY(arity(a.size() == 4, "box"));
            ids = chunker.chunks_in_box({a[0], a[1], a[2], a[3]});
            fn = "scisql_s2PtInBox";
            break;
        }
        case sql::area_shape::circle: {
            BOOST_OUTCOME_TRY(arity(a.size() == 3, "circle"));
            ids = chunker.chunks_in_circle(a[0], a[1], a[2]);
            fn = "scisql_s2PtInCircle";
            break;
        }
        case sql::area_shape::ellipse: {
            BOOST_OUTCOME_TRY(arity(a.size() == 5, "ellipse"));
            ids = chunker.chunks_in_ellipse(a[0], a[1], a[2], a[3], a[4]);
            fn = "scisql_s2PtInEllipse";
            break;
        }
        case sql::area_shape::poly: {
            BOOST_OUTCOME_TRY(arity(a.size() >= 6 && a.size() % 2 == 0, "poly"));
            std::vector<std::pair<double, double>> v;
            for (std::size_t i = 0; i < a.size(); i += 2) v.emplace_back(a[i], a[i + 1]);
            ids = chunker.chunks_in_polygon(v);
            fn = "scisql_s2PtInCPoly";
            break;
        }
        case sql::area_shape::hull: return unsupported("qserv_areaspec_hull");
        }
        // The row predicate on each director instance's position columns (Qserv
        // restricts every instance); the chunks are the first instance's.
        std::optional<expr> restriction;
        for (const auto* instance : {t_.director, t_.neighbour}) {
            if (!instance) continue;
            expr call;
            call.kind_ = expr_kind::func;
            call.name_ = fn;
            call.canonical_ = fn;
            for (auto& ch : call.canonical_) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            for (const auto* column : {&part.lon, &part.lat}) {
                expr ref;
                ref.kind_ = expr_kind::column;
                ref.table_ = instance->alias;
                ref.name_ = *column;
                call.args_.push_back(std::move(ref));
            }
            call.args_.insert(call.args_.end(), c.args_.begin(), c.args_.end());
            expr one;
            one.kind_ = expr_kind::int_lit;
            one.text_ = "1";
            expr eq;
            eq.kind_ = expr_kind::binary;
            eq.op_ = sql::op::eq;
            eq.args_ = {std::move(call), std::move(one)};
            if (!restriction) {
                restriction = std::move(eq);
                continue;
            }
            expr both;
            both.kind_ = expr_kind::binary;
            both.op_ = sql::op::and_;
            both.args_ = {std::move(*restriction), std::move(eq)};
            restriction = std::move(both);
        }
        c = std::move(*restriction);
        return std::optional<chunk_set>(chunk_set(ids.begin(), ids.end()));
    }

    const partitioned_tables& t_;
    const chunk_index& index_;
};

}  // namespace

std::vector<expr*> and_terms(expr& e) {
    if (e.kind_ != expr_kind::binary || e.op_ != sql::op::and_) return {&e};
    auto out = and_terms(e.args_[0]);
    for (auto* t : and_terms(e.args_[1])) out.push_back(t);
    return out;
}

std::optional<double> numeric_literal(const expr& e) {
    if (e.kind_ == expr_kind::unary && (e.op_ == sql::op::neg || e.op_ == sql::op::plus) && e.args_.size() == 1) {
        auto v = numeric_literal(e.args_[0]);
        return v && e.op_ == sql::op::neg ? std::optional<double>(-*v) : v;
    }
    if (e.kind_ != expr_kind::int_lit && e.kind_ != expr_kind::decimal_lit && e.kind_ != expr_kind::float_lit)
        return std::nullopt;
    return std::strtod(e.text_.c_str(), nullptr);
}

sql_result<std::vector<std::int32_t>> prune_chunks(std::optional<expr>& where, const partitioned_tables& tables,
                                                   const chunk_index& index) {
    const auto all = index.all_chunks(tables.db);
    chunk_set allowed(all.begin(), all.end());
    if (where) {
        pruner p(tables, index);
        for (auto* c : and_terms(*where)) {
            BOOST_OUTCOME_TRY(r, p.restrict(*c));
            if (!r) continue;
            chunk_set kept;
            std::set_intersection(allowed.begin(), allowed.end(), r->begin(), r->end(), std::inserter(kept, kept.end()));
            allowed = std::move(kept);
        }
    }
    // Areaspecs nested under OR/NOT restrict nothing Qserv can prune; MySQL has no such function.
    bool stray = false;
    if (where)
        sql::for_each_expr(*where, [&](const expr& e) { stray = stray || e.kind_ == expr_kind::areaspec; });
    if (stray) return sql_error{4110, "Proxy", "Query processing error: qserv_areaspec must be a top-level AND term of WHERE"};
    return std::vector<std::int32_t>(allowed.begin(), allowed.end());
}

}  // namespace qproxy::czar
