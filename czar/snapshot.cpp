#include "czar/snapshot.hpp"

#include "storage/chunk_schema.hpp"

#include <fmt/format.h>

namespace qproxy::czar {

std::string read_up_to(const sql::sqlite_query& q,
                       const std::function<std::int64_t(const sql::sqlite_table_site&)>& load_of) {
    std::string out;
    std::size_t copied = 0;
    for (const auto& site : q.tables) {
        out.append(q.text, copied, site.offset - copied);
        out += fmt::format("(SELECT * FROM {} WHERE {} <= {})", std::string_view(q.text).substr(site.offset, site.length),
                           storage::load_column, load_of(site));
        if (!site.aliased) out += " AS " + sql::sqlite_quote_identifier(site.table);
        copied = site.offset + site.length;
    }
    out.append(q.text, copied);
    return out;
}

sql_result<bool> holds_newer_rows(chunk_connections::lease& conn, std::span<const std::int64_t> loads) {
    for (std::size_t i = 0; i < loads.size(); ++i) {
        BOOST_OUTCOME_TRY(load, conn.file_load(i));
        if (load > loads[i]) return true;
    }
    return false;
}

}  // namespace qproxy::czar
