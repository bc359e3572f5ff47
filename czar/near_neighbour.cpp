#include "czar/near_neighbour.hpp"

#include "storage/chunk_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace qproxy::czar {

namespace {

using sql::expr;
using sql::expr_kind;
using sql::op;

// Positions whose latitudes differ by more than r are more than r apart; the
// band is this much wider (degrees, about 4 µas) so that rounding in
// scisql_angSep never finds a pair within r outside it.
constexpr double band_margin = 1e-9;

expr column(std::string_view table, std::string_view name) {
    expr e;
    e.kind_ = expr_kind::column;
    e.table_ = table;
    e.name_ = name;
    return e;
}

expr binary(op o, expr a, expr b) {
    expr e;
    e.kind_ = expr_kind::binary;
    e.op_ = o;
    e.args_ = {std::move(a), std::move(b)};
    return e;
}

bool names(const expr& e, const scope_table& t, std::string_view name) {
    return e.kind_ == expr_kind::column && iequals(e.table_, t.alias) && iequals(e.name_, name) &&
           (e.db_.empty() || e.db_ == t.info.db);
}

// scisql_angSep of the two instances' positions, in either order.
bool is_distance(const expr& e, const scope_table& a, const scope_table& b) {
    if (e.kind_ != expr_kind::func || e.canonical_ != "SCISQL_ANGSEP" || e.args_.size() != 4) return false;
    const auto& p = a.info.part;
    const auto from = [&](const scope_table& x, const scope_table& y) {
        return names(e.args_[0], x, p.lon) && names(e.args_[1], x, p.lat) && names(e.args_[2], y, p.lon) &&
               names(e.args_[3], y, p.lat);
    };
    return from(a, b) || from(b, a);
}

// r when the term bounds the distance from above by the constant r.
std::optional<double> distance_bound(const expr& term, const scope_table& a, const scope_table& b) {
    if (term.kind_ == expr_kind::binary && term.args_.size() == 2) {
        if ((term.op_ == op::lt || term.op_ == op::le) && is_distance(term.args_[0], a, b))
            return numeric_literal(term.args_[1]);
        if ((term.op_ == op::gt || term.op_ == op::ge) && is_distance(term.args_[1], a, b))
            return numeric_literal(term.args_[0]);
    }
    if (term.kind_ == expr_kind::between && !term.negated_ && is_distance(term.args_[0], a, b))
        return numeric_literal(term.args_[2]);
    return std::nullopt;
}

// Which director instances each child table is joined to by its key:
// `child.key = instance.key` among the AND terms of WHERE and of every ON,
// and USING (key) between a child and an instance.
class child_links {
public:
    explicit child_links(const partitioned_tables& t) : t_(t), links_(t.children.size()) {}

    void scan(sql::select_stmt& s) {
        if (s.where_) terms(*s.where_);
        for (auto& r : s.from_) from(r);
    }
    const std::vector<const scope_table*>& of(std::size_t child) const { return links_[child]; }

private:
    std::vector<const scope_table*> instances() const { return {t_.director, t_.neighbour}; }

    void link(std::size_t child, const scope_table* instance) {
        auto& l = links_[child];
        if (std::find(l.begin(), l.end(), instance) == l.end()) l.push_back(instance);
    }

    void terms(expr& e) {
        for (const auto* term : and_terms(e)) {
            if (term->kind_ != expr_kind::binary || term->op_ != op::eq) continue;
            for (std::size_t c = 0; c < t_.children.size(); ++c)
                for (const auto* instance : instances())
                    for (int side = 0; side < 2; ++side)
                        if (names(term->args_[side], *t_.children[c], t_.children[c]->info.part.key) &&
                            names(term->args_[1 - side], *instance, instance->info.part.key))
                            link(c, instance);
        }
    }

    // The scope tables a FROM tree holds.
    void leaves(const sql::table_ref& r, std::vector<const scope_table*>& out) const {
        if (r.kind_ == sql::table_ref_kind::table) {
            const std::string& alias = r.alias_.empty() ? r.name_ : r.alias_;
            for (const auto* t : instances())
                if (iequals(t->alias, alias)) out.push_back(t);
            for (const auto* t : t_.children)
                if (iequals(t->alias, alias)) out.push_back(t);
        }
        for (const auto& o : r.operands_) leaves(o, out);
    }

    void from(sql::table_ref& r) {
        if (r.on_) terms(*r.on_);
        for (auto& o : r.operands_) from(o);
        if (r.kind_ != sql::table_ref_kind::join || r.using_.empty()) return;
        std::vector<const scope_table*> sides[2];
        leaves(r.operands_[0], sides[0]);
        leaves(r.operands_[1], sides[1]);
        for (const auto& name : r.using_)
            for (std::size_t c = 0; c < t_.children.size(); ++c)
                for (const auto* instance : instances())
                    for (int side = 0; side < 2; ++side) {
                        const auto& here = sides[side];
                        const auto& there = sides[1 - side];
                        if (std::find(here.begin(), here.end(), t_.children[c]) != here.end() &&
                            std::find(there.begin(), there.end(), instance) != there.end() &&
                            iequals(name, t_.children[c]->info.part.key) && iequals(name, instance->info.part.key))
                            link(c, instance);
                    }
    }

    const partitioned_tables& t_;
    std::vector<std::vector<const scope_table*>> links_;  // per child
};

sql_error refused(std::string text) { return {4110, "Proxy", "Query processing error: " + std::move(text)}; }

// The children's instance becomes the first: child rows are the chunk's own.
sql_status order_instances(sql::select_stmt& s, partitioned_tables& t) {
    child_links links(t);
    links.scan(s);
    const auto& d = t.director->info;
    const scope_table* joined = nullptr;
    for (std::size_t c = 0; c < t.children.size(); ++c) {
        const auto& l = links.of(c);
        if (l.empty())
            return refused(fmt::format("in a near-neighbour join of {}.{} with itself, child table '{}' must be joined "
                                       "to one of the two by its key ({}.{} = <instance>.{})",
                                       d.db, d.name, t.children[c]->alias, t.children[c]->alias,
                                       t.children[c]->info.part.key, d.part.key));
        if (l.size() > 1 || (joined && joined != l.front()))
            return refused(fmt::format("in a near-neighbour join of {}.{} with itself, child tables may join only one "
                                       "of the two: qproxy keeps no overlap for child tables", d.db, d.name));
        joined = l.front();
    }
    if (joined == t.neighbour) std::swap(t.director, t.neighbour);
    return ok();
}

bool to_overlap(sql::table_ref& r, const scope_table& neighbour) {
    if (r.kind_ == sql::table_ref_kind::table) {
        const std::string alias = r.alias_.empty() ? r.name_ : r.alias_;
        if (!iequals(alias, neighbour.alias)) return false;
        r.alias_ = alias;
        r.name_ = storage::overlap_table(r.name_);
        return true;
    }
    return std::any_of(r.operands_.begin(), r.operands_.end(), [&](auto& o) { return to_overlap(o, neighbour); });
}

}  // namespace

sql_status plan_near_neighbour(sql::select_stmt& s, partitioned_tables& tables) {
    BOOST_OUTCOME_TRY(order_instances(s, tables));
    const scope_table& a = *tables.director;
    const scope_table& b = *tables.neighbour;
    const auto& part = a.info.part;
    std::optional<double> r;
    if (s.where_)
        for (const auto* term : and_terms(*s.where_))
            if (auto bound = distance_bound(*term, a, b)) r = std::min(r.value_or(*bound), *bound);
    if (!r)
        return refused(fmt::format(
            "a near-neighbour join of {}.{} with itself needs an AND term of WHERE bounding the distance between the "
            "two, scisql_angSep({}.{}, {}.{}, {}.{}, {}.{}) < r (or <= r) with a constant r of at most the table's "
            "overlap, {} degrees", a.info.db, a.info.name, a.alias, part.lon, a.alias, part.lat, b.alias, part.lon,
            b.alias, part.lat, part.overlap));
    if (!(*r <= part.overlap))
        return refused(fmt::format("the near-neighbour distance {} exceeds the overlap of {}.{}, {} degrees: pairs "
                                   "farther apart may lie in chunks that do not see each other's rows",
                                   *r, a.info.db, a.info.name, part.overlap));
    const double width = std::max(*r, 0.0) + band_margin;
    expr w;
    w.kind_ = expr_kind::float_lit;
    w.text_ = fmt::format("{}e0", width);  // the shortest text of the value, as a DOUBLE literal
    expr band;
    band.kind_ = expr_kind::between;
    band.args_ = {column(b.alias, part.lat), binary(op::sub, column(a.alias, part.lat), w),
                  binary(op::add, column(a.alias, part.lat), w)};
    s.where_ = binary(op::and_, std::move(*s.where_), std::move(band));
    return ok();
}

sql_result<sql::select_stmt> with_overlap(const sql::select_stmt& chunk, const partitioned_tables& tables) {
    sql::select_stmt own = chunk;
    own.order_by_.clear();
    own.limit_.reset();
    sql::select_stmt overlap = own;
    if (!std::any_of(overlap.from_.begin(), overlap.from_.end(), [&](auto& r) { return to_overlap(r, *tables.neighbour); }))
        return unsupported("a near-neighbour join whose second table is not in FROM");
    sql::select_stmt out = std::move(own);
    // DISTINCT chunk rows stay distinct across the two halves: a LIMIT then counts distinct rows.
    out.unions_.push_back({!chunk.distinct_, std::move(overlap)});
    // A compound orders by its columns: each key is a column of the chunk rows.
    for (const auto& o : chunk.order_by_) {
        const auto item = std::find_if(chunk.items_.begin(), chunk.items_.end(), [&](auto& i) { return i.expr_ == o.expr_; });
        if (item == chunk.items_.end() || !item->alias_) return unsupported("ORDER BY a hidden expression in a near-neighbour join");
        out.order_by_.push_back({column({}, *item->alias_), o.desc_});
    }
    out.limit_ = chunk.limit_;
    return out;
}

}  // namespace qproxy::czar
