#include "parser/walk.hpp"

#include "parser/parser.hpp"

namespace qproxy::sql {

namespace {

using visit_fn = std::function<void(const expr&)>;

void walk(const std::optional<expr>& e, const visit_fn& fn) {
    if (e) for_each_expr(*e, fn);
}

void walk(const std::vector<expr>& es, const visit_fn& fn) {
    for (const expr& e : es) for_each_expr(e, fn);
}

void walk(const std::vector<order_item>& items, const visit_fn& fn) {
    for (const order_item& o : items) for_each_expr(o.expr_, fn);
}

void walk(const std::optional<limit_clause>& l, const visit_fn& fn) {
    if (!l) return;
    for_each_expr(l->count_, fn);
    walk(l->offset_, fn);
}

void walk(const std::vector<column_assignment>& as, const visit_fn& fn) {
    for (const column_assignment& a : as) {
        for_each_expr(a.column_, fn);
        for_each_expr(a.value_, fn);
    }
}

void walk(const table_ref& t, const visit_fn& fn) {
    walk(t.result_id_, fn);
    if (t.derived_) for_each_expr(*t.derived_, fn);
    for (const table_ref& o : t.operands_) walk(o, fn);
    walk(t.on_, fn);
}

struct statement_walker {
    const visit_fn& fn;

    void operator()(const select_stmt& s) const { for_each_expr(s, fn); }
    void operator()(const submit_stmt& s) const {
        if (s.select_) for_each_expr(*s.select_, fn);
    }
    void operator()(const cancel_stmt& s) const { for_each_expr(s.id_, fn); }
    void operator()(const kill_stmt& s) const { for_each_expr(s.id_, fn); }
    void operator()(const call_stmt& s) const { walk(s.args_, fn); }
    void operator()(const set_stmt& s) const {
        for (const set_assignment& a : s.assignments_) walk(a.value_, fn);
    }
    void operator()(const show_stmt& s) const {
        walk(s.where_, fn);
        walk(s.limit_, fn);
    }
    void operator()(const explain_stmt& s) const { for_each_expr(s.select_, fn); }
    void operator()(const create_table_stmt& s) const {
        for (const column_def& c : s.columns_) {
            walk(c.default_, fn);
            walk(c.on_update_, fn);
        }
        for (const key_def& k : s.keys_) walk(k.check_, fn);
        if (s.as_select_) for_each_expr(*s.as_select_, fn);
    }
    void operator()(const load_data_stmt& s) const {
        walk(s.columns_, fn);
        walk(s.set_, fn);
    }
    void operator()(const insert_stmt& s) const {
        for (const std::vector<expr>& row : s.rows_) walk(row, fn);
        if (s.select_) for_each_expr(*s.select_, fn);
        walk(s.set_, fn);
        walk(s.on_duplicate_, fn);
    }
    void operator()(const update_stmt& s) const {
        for (const table_ref& t : s.tables_) walk(t, fn);
        walk(s.set_, fn);
        walk(s.where_, fn);
        walk(s.order_by_, fn);
        walk(s.limit_, fn);
    }
    void operator()(const delete_stmt& s) const {
        walk(s.where_, fn);
        walk(s.order_by_, fn);
        walk(s.limit_, fn);
    }
    void operator()(const do_stmt& s) const { walk(s.exprs_, fn); }
    template <class T>
    void operator()(const T&) const {}  // statements without expressions
};

}  // namespace

void for_each_expr(const expr& e, const visit_fn& fn) {
    fn(e);
    walk(e.args_, fn);
    if (e.query_) for_each_expr(*e.query_, fn);
    walk(e.order_by_, fn);
}

void for_each_expr(const select_stmt& s, const visit_fn& fn) {
    for (const select_item& i : s.items_) for_each_expr(i.expr_, fn);
    for (const table_ref& t : s.from_) walk(t, fn);
    walk(s.where_, fn);
    walk(s.group_by_, fn);
    walk(s.having_, fn);
    if (s.nested_) for_each_expr(*s.nested_, fn);
    for (const union_member& u : s.unions_) for_each_expr(u.select_, fn);
    walk(s.order_by_, fn);
    walk(s.limit_, fn);
}

void for_each_expr(const statement& s, const visit_fn& fn) { std::visit(statement_walker{fn}, s); }

std::size_t placeholder_count(const statement& s) {
    std::size_t n = 0;
    for_each_expr(s, [&](const expr& e) { n += e.kind_ == expr_kind::placeholder; });
    return n;
}

}  // namespace qproxy::sql
