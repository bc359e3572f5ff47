#include "czar/partial_pack.hpp"

#include "czar/chunk_rewrite.hpp"

namespace qproxy::czar {

namespace {

using sql::expr;

bool plain_aggregate(const expr& e, std::string_view name) {
    return e.kind_ == sql::expr_kind::func && e.canonical_ == name && !e.distinct_;
}
bool is_count_star(const expr& e) { return plain_aggregate(e, "COUNT") && e.star_; }
bool is_count_of(const expr& e) { return plain_aggregate(e, "COUNT") && !e.star_ && e.args_.size() == 1; }
bool is_sum(const expr& e) { return plain_aggregate(e, "SUM") && e.args_.size() == 1; }

// The SUM argument an item can be packed with: SUM(x) and COUNT(x) of an x summed elsewhere.
const expr* packable_argument(const expr& e, const std::vector<sql::select_item>& items) {
    if (is_sum(e)) return &e.args_[0];
    if (!is_count_of(e)) return nullptr;
    for (const auto& i : items)
        if (is_sum(i.expr_) && i.expr_.args_[0] == e.args_[0]) return &e.args_[0];
    return nullptr;
}

}  // namespace

packed_items pack_partial_aggregates(const std::vector<sql::select_item>& items) {
    // Group members by argument; COUNT(*) joins the first group.
    std::vector<const expr*> arguments;  // per group
    std::vector<std::size_t> members;    // per group
    std::vector<std::optional<std::size_t>> group_of(items.size());
    std::optional<std::size_t> count_star;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (is_count_star(items[i].expr_) && !count_star) {
            count_star = i;
            continue;
        }
        const expr* a = packable_argument(items[i].expr_, items);
        if (!a) continue;
        std::size_t g = 0;
        while (g < arguments.size() && !(*arguments[g] == *a)) ++g;
        if (g == arguments.size()) {
            arguments.push_back(a);
            members.push_back(0);
        }
        ++members[g];
        group_of[i] = g;
    }
    if (count_star && !arguments.empty()) {
        group_of[*count_star] = 0;
        ++members[0];
    }
    bool any = false;
    for (auto m : members) any = any || m > 1;
    if (!any) return {items, {}};

    packed_items out;
    std::vector<std::optional<std::size_t>> packed_column(arguments.size());
    auto add = [&](expr e) {
        sql::select_item item;
        item.expr_ = std::move(e);
        item.alias_ = item.name_ = merge_column(out.items.size());
        out.items.push_back(std::move(item));
        return out.items.size() - 1;
    };
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto g = group_of[i];
        if (!g || members[*g] < 2) {
            out.sources.push_back({add(items[i].expr_), std::nullopt});
            continue;
        }
        if (!packed_column[*g]) {
            expr call;
            call.kind_ = sql::expr_kind::func;
            call.name_ = call.canonical_ = "QPROXY_PARTIAL";
            call.args_ = {*arguments[*g]};
            packed_column[*g] = add(std::move(call));
        }
        const auto& e = items[i].expr_;
        const auto field = is_count_star(e) ? partial_source::rows : is_sum(e) ? partial_source::sum : partial_source::count;
        out.sources.push_back({*packed_column[*g], field});
    }
    return out;
}

}  // namespace qproxy::czar
