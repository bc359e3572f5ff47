#include "czar/chunk_rewrite.hpp"

#include "parser/parser.hpp"

#include <fmt/format.h>

#include <charconv>
#include <strings.h>

namespace qproxy::czar {

namespace {

using sql::expr;
using sql::expr_kind;

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

expr column_ref(std::size_t i) {
    expr e;
    e.kind_ = expr_kind::column;
    e.name_ = merge_column(i);
    return e;
}

expr call(std::string upper, std::vector<expr> args) {
    expr e;
    e.kind_ = expr_kind::func;
    e.name_ = e.canonical_ = std::move(upper);
    e.args_ = std::move(args);
    return e;
}

expr int_literal(std::uint64_t v) {
    expr e;
    e.kind_ = expr_kind::int_lit;
    e.text_ = std::to_string(v);
    return e;
}

bool is_aggregate(const expr& e) { return e.kind_ == expr_kind::func && sql::is_aggregate_function(e.canonical_); }

bool contains_aggregate(const expr& e) {
    if (is_aggregate(e)) return true;
    for (const auto& a : e.args_)
        if (contains_aggregate(a)) return true;
    return false;
}

// Exact from per-chunk partial results: the Qserv decomposition applies.
bool decomposable(const expr& call) {
    const auto& n = call.canonical_;
    if (n == "MIN" || n == "MAX") return true;
    return !call.distinct_ && (n == "COUNT" || n == "SUM" || n == "AVG");
}

bool decomposable_everywhere(const expr& e) {
    if (is_aggregate(e)) return decomposable(e);
    for (const auto& a : e.args_)
        if (!decomposable_everywhere(a)) return false;
    return true;
}

bool has_subquery(const expr& e) {
    if (e.query_) return true;
    for (const auto& a : e.args_)
        if (has_subquery(a)) return true;
    return false;
}

sql_result<std::optional<std::uint64_t>> literal_count(const std::optional<expr>& e) {
    if (!e) return std::optional<std::uint64_t>();
    if (e->kind_ != expr_kind::int_lit) return unsupported("a LIMIT that is not a number on partitioned tables");
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(e->text_.data(), e->text_.data() + e->text_.size(), v);
    if (ec != std::errc()) v = UINT64_MAX;  // beyond 2^64: no limit in practice
    return std::optional<std::uint64_t>(v);
}

// The chunk query's select list, each entry named c<i>; equal expressions share a column.
class chunk_columns {
public:
    explicit chunk_columns(std::vector<sql::select_item>& items) : items_(items) {}

    std::size_t index(const expr& e, bool share = true) {
        if (share)
            for (std::size_t i = 0; i < items_.size(); ++i)
                if (items_[i].expr_ == e) return i;
        sql::select_item item;
        item.expr_ = e;
        item.alias_ = merge_column(items_.size());
        item.name_ = *item.alias_;
        items_.push_back(std::move(item));
        return items_.size() - 1;
    }
    expr add(const expr& e) { return column_ref(index(e)); }

private:
    std::vector<sql::select_item>& items_;
};

// Rewrites a merge-side expression of an aggregated query: group keys and
// aggregates become (functions of) chunk columns.
class aggregate_merge {
public:
    aggregate_merge(chunk_columns& columns, const std::vector<expr>& keys, bool raw)
        : columns_(columns), keys_(keys), raw_(raw) {}

    sql_result<expr> rewrite(const expr& e) {
        for (std::size_t j = 0; j < keys_.size(); ++j)
            if (keys_[j] == e) return column_ref(j);
        if (is_aggregate(e)) return raw_ ? over_rows(e) : combine(e);
        if (e.query_) return unsupported("subqueries outside WHERE in an aggregate query on partitioned tables");
        if (e.kind_ == expr_kind::column) {
            // Not grouped: any row's value, as MySQL without ONLY_FULL_GROUP_BY.
            auto c = columns_.add(e);
            return raw_ ? c : call("ANY_VALUE", {std::move(c)});
        }
        expr out = e;
        for (auto& a : out.args_) {
            BOOST_OUTCOME_TRY(r, rewrite(a));
            a = std::move(r);
        }
        return out;
    }

private:
    // The chunks return the aggregate's inputs row by row; it runs at the merge.
    expr over_rows(const expr& e) {
        expr out = e;
        for (auto& a : out.args_) a = columns_.add(a);
        for (auto& o : out.order_by_) o.expr_ = columns_.add(o.expr_);
        return out;
    }

    // Qserv's decomposition: partial aggregates per chunk, combined at the merge.
    expr combine(const expr& e) {
        const auto& n = e.canonical_;
        if (n == "COUNT") return call("COALESCE", {call("SUM", {columns_.add(e)}), int_literal(0)});
        if (n == "AVG") {
            auto sum = columns_.add(call("SUM", e.args_));
            auto count = columns_.add(call("COUNT", e.args_));
            expr div;
            div.kind_ = expr_kind::binary;
            div.op_ = sql::op::div;
            div.args_ = {call("SUM", {std::move(sum)}), call("NULLIF", {call("SUM", {std::move(count)}), int_literal(0)})};
            return div;
        }
        return call(n, {columns_.add(e)});  // SUM of sums, MIN of minima, MAX of maxima
    }

    chunk_columns& columns_;
    const std::vector<expr>& keys_;
    bool raw_;
};

// A select-list alias used in GROUP BY / HAVING / ORDER BY stands for its expression.
const expr* alias_target(const expr& e, const std::vector<sql::select_item>& items) {
    if (e.kind_ != expr_kind::column || !e.table_.empty()) return nullptr;
    for (const auto& item : items)
        if (item.alias_ && same_name(*item.alias_, e.name_)) return &item.expr_;
    return nullptr;
}

const expr& position_target(const expr& e, const std::vector<sql::select_item>& items) {
    if (e.kind_ != expr_kind::int_lit) return e;
    const auto n = std::strtoull(e.text_.c_str(), nullptr, 10);
    return n >= 1 && n <= items.size() ? items[n - 1].expr_ : e;  // the resolver has checked the range
}

expr substitute_aliases(const expr& e, const std::vector<sql::select_item>& items,
                        const std::function<bool(const expr&)>& is_table_column) {
    if (const auto* t = alias_target(e, items); t && !is_table_column(e)) return *t;
    expr out = e;
    for (auto& a : out.args_) a = substitute_aliases(a, items, is_table_column);
    return out;
}

}  // namespace

std::string merge_column(std::size_t i) { return fmt::format("c{}", i); }

sql_result<chunk_rewrite> rewrite_for_chunks(const sql::select_stmt& s,
                                            const std::function<bool(const expr&)>& is_table_column) {
    if (s.nested_ || !s.unions_.empty()) return unsupported("UNION over partitioned tables");
    if (s.with_rollup_) return unsupported("WITH ROLLUP over partitioned tables");
    if (s.sql_calc_found_rows_) return unsupported("SQL_CALC_FOUND_ROWS over partitioned tables");
    const auto& items = s.items_;

    // ORDER BY names and positions of the select list, GROUP BY positions and
    // aliases: every key becomes the expression it stands for.
    std::vector<sql::order_item> order = s.order_by_;
    for (auto& o : order) {
        if (const auto* t = alias_target(o.expr_, items)) o.expr_ = *t;
        else o.expr_ = position_target(o.expr_, items);
    }
    std::vector<expr> keys;
    for (const auto& g : s.group_by_) {
        const auto* t = alias_target(g.expr_, items);
        keys.push_back(t && !is_table_column(g.expr_) ? *t : position_target(g.expr_, items));
    }
    std::optional<expr> having;
    if (s.having_) having = substitute_aliases(*s.having_, items, is_table_column);

    BOOST_OUTCOME_TRY(limit, literal_count(s.limit_ ? std::optional<expr>(s.limit_->count_) : std::nullopt));
    BOOST_OUTCOME_TRY(offset, literal_count(s.limit_ ? s.limit_->offset_ : std::nullopt));

    chunk_rewrite out;
    out.chunk = s;
    out.chunk.items_.clear();
    out.chunk.group_by_.clear();
    out.chunk.having_.reset();
    out.chunk.order_by_.clear();
    out.chunk.limit_.reset();
    out.visible = items.size();
    chunk_columns columns(out.chunk.items_);

    bool aggregated = !keys.empty() || having.has_value();
    for (const auto& i : items) aggregated = aggregated || contains_aggregate(i.expr_);
    for (const auto& o : order) aggregated = aggregated || contains_aggregate(o.expr_);

    sql::select_stmt merge;
    sql::table_ref from;
    from.name_ = merge_table;
    merge.from_.push_back(std::move(from));
    merge.distinct_ = s.distinct_;
    merge.limit_ = s.limit_;

    if (!aggregated) {
        for (const auto& i : items) (void)columns.index(i.expr_, false);
        for (std::size_t i = 0; i < items.size(); ++i) merge.items_.push_back({column_ref(i), {}, merge_column(i)});
        for (std::size_t k = 0; k < order.size(); ++k) {
            const auto key = columns.index(order[k].expr_);
            if (s.distinct_ && key >= items.size())
                return sql_error{3065, "HY000",
                                 fmt::format("Expression #{} of ORDER BY clause is not in SELECT list; this is "
                                             "incompatible with DISTINCT", k + 1)};
            merge.order_by_.push_back({column_ref(key), order[k].desc_});
        }
        if (limit) {
            // The first offset+limit rows of each chunk hold the first offset+limit of all.
            const auto n = *limit > UINT64_MAX - offset.value_or(0) ? UINT64_MAX : *limit + offset.value_or(0);
            out.chunk.order_by_ = order;
            out.chunk.limit_ = sql::limit_clause{int_literal(n), std::nullopt};
        }
        if (order.empty() && !s.distinct_) {
            out.offset = offset.value_or(0);
            out.limit = limit;
            out.chunk.order_by_.clear();
            return out;
        }
        out.merge = std::move(merge);
        return out;
    }

    bool raw = false;
    for (const auto& i : items) raw = raw || !decomposable_everywhere(i.expr_);
    for (const auto& o : order) raw = raw || !decomposable_everywhere(o.expr_);
    if (having) raw = raw || !decomposable_everywhere(*having);
    for (const auto& k : keys) {
        if (contains_aggregate(k)) return sql_error{1056, "42000", "Can't group on an aggregate"};
        (void)columns.index(k, false);
        // Keys are columns 0…k-1 of the chunk rows; decomposed aggregates group per chunk too.
        if (!raw) out.chunk.group_by_.push_back({k, false});
    }
    aggregate_merge rewriter(columns, keys, raw);
    for (const auto& i : items) {
        BOOST_OUTCOME_TRY(e, rewriter.rewrite(i.expr_));
        merge.items_.push_back({std::move(e), {}, i.name_});
    }
    for (std::size_t j = 0; j < keys.size(); ++j) merge.group_by_.push_back({column_ref(j), false});
    if (having) {
        BOOST_OUTCOME_TRY(h, rewriter.rewrite(*having));
        merge.having_ = std::move(h);
    }
    for (const auto& o : order) {
        BOOST_OUTCOME_TRY(e, rewriter.rewrite(o.expr_));
        merge.order_by_.push_back({std::move(e), o.desc_});
    }
    for (const auto& i : items)
        if (has_subquery(i.expr_)) return unsupported("subqueries in the select list of an aggregate query on partitioned tables");
    out.merge = std::move(merge);
    return out;
}

}  // namespace qproxy::czar
