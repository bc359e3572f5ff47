// Prepared statements (binary protocol). EXECUTE substitutes the bound
// values as SQL literals at the `?` markers and runs the text through the
// same statement path as COM_QUERY, sending binary rows.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html
#include "proxy/session/session.hpp"

#include "parser/lexer.hpp"
#include "parser/parser.hpp"
#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/resultset.hpp"
#include "proxy/protocol/statement.hpp"
#include "proxy/session/response_writer.hpp"
#include "proxy/session/statement_executor.hpp"

namespace qproxy::session {

namespace {

constexpr std::uint16_t er_unsupported_ps = 1295;  // HY000

// Offsets of the `?` markers, in order.
std::vector<std::size_t> placeholder_offsets(std::string_view sql) {
    std::vector<std::size_t> out;
    sql::lexer lex(sql, 0, sql.size());
    for (auto t = lex.next(); t.kind_ != sql::tok::end && t.kind_ != sql::tok::error; t = lex.next())
        if (t.kind_ == sql::tok::param) out.push_back(t.offset_);
    return out;
}

std::string substitute(std::string_view sql, const std::vector<std::string>& literals) {
    std::string out;
    std::size_t from = 0, i = 0;
    for (auto off : placeholder_offsets(sql)) {
        out.append(sql.substr(from, off - from));
        // Spaced, so that `5-?` with -3 cannot become the comment `5--3`.
        out += ' ';
        out += i < literals.size() ? literals[i++] : std::string("NULL");
        out += ' ';
        from = off + 1;
    }
    out.append(sql.substr(from));
    return out;
}

bool produces_rows(const sql::statement& s) {
    return std::holds_alternative<sql::select_stmt>(s) || std::holds_alternative<sql::show_stmt>(s) ||
           std::holds_alternative<sql::describe_stmt>(s);
}

column_meta param_column() {
    column_meta c;
    c.name = "?";
    c.type = field_type::var_string;
    c.charset = charset::binary;
    return c;
}

}  // namespace

io_action session::com_stmt_prepare(std::string_view sql) {
    auto parsed = sql::parse(sql);
    if (parsed.has_error()) return error(parsed.error());
    // As MySQL: the file exchange of LOAD DATA has no place in COM_STMT_EXECUTE.
    if (std::holds_alternative<sql::load_data_stmt>(parsed.value()))
        return error({er_unsupported_ps, "HY000", "This command is not supported in the prepared statement protocol yet"});
    prepared_statement ps;
    ps.id = state_.next_statement_id++;
    ps.sql = sql;
    ps.params = static_cast<std::uint16_t>(sql::placeholder_count(parsed.value()));
    if (produces_rows(parsed.value())) {
        // The result's shape: run it once with NULL parameters (SELECT/SHOW have no side effects).
        auto probe = sql::parse(substitute(sql, {}));
        if (probe.has_error()) return error(probe.error());
        executor_->set_describe_only(true);
        auto o = executor_->execute(probe.value(), sql);
        executor_->set_describe_only(false);
        if (auto* e = std::get_if<sql_error>(&o)) return error(*e);
        if (auto* rs = std::get_if<result_set>(&o)) ps.columns = rs->columns;
    }
    auto w = writer();
    w.raw(protocol::serialize(protocol::stmt_prepare_ok{ps.id, static_cast<std::uint16_t>(ps.columns.size()), ps.params, 0}));
    if (ps.params) {
        std::vector<column_meta> params(ps.params, param_column());
        w.columns(params);
    }
    if (!ps.columns.empty()) w.columns(ps.columns);
    state_.statements.emplace(ps.id, std::move(ps));
    return respond(std::move(w));
}

io_action session::com_stmt_execute(std::span<const std::uint8_t> body) {
    std::uint32_t id = 0;
    if (protocol::peek_statement_id(body, id)) return error({er::wrong_arguments, "HY000", "Incorrect arguments to mysqld_stmt_execute"});
    auto it = state_.statements.find(id);
    if (it == state_.statements.end())
        return error({er::unknown_stmt_handler, "HY000",
                      "Unknown prepared statement handler (" + std::to_string(id) + ") given to mysqld_stmt_execute"});
    auto& ps = it->second;
    std::vector<bool> has_long_data(ps.params, false);
    for (auto& [param, data] : ps.long_data)
        if (param < ps.params) has_long_data[param] = true;
    protocol::stmt_execute_request req;
    if (protocol::deserialize(body, req, ps.params, ps.param_types, has_long_data))
        return error({er::wrong_arguments, "HY000", "Incorrect arguments to mysqld_stmt_execute"});
    ps.param_types = req.types;
    std::vector<std::string> literals;
    for (std::uint16_t i = 0; i < ps.params; ++i) {
        auto& v = req.params[i];
        if (v.long_data) {
            v.text = ps.long_data[i];
            v.is_null = false;
        }
        literals.push_back(protocol::param_to_sql_literal(v));
    }
    ps.long_data.clear();
    auto text = substitute(ps.sql, literals);
    auto w = writer();
    auto parsed = sql::parse(text);
    if (parsed.has_error()) {
        executor_->write_outcome(parsed.error(), w, false, true);
        return respond(std::move(w));
    }
    state_.warnings.clear();
    auto o = executor_->execute(parsed.value(), text);
    auto next = executor_->deliver(o, w);
    return respond(std::move(w), next);
}

io_action session::com_stmt_send_long_data(std::span<const std::uint8_t> body) {
    protocol::stmt_send_long_data req;
    if (!protocol::deserialize(body, req)) {
        auto it = state_.statements.find(req.statement_id);
        if (it != state_.statements.end()) it->second.long_data[req.param_id].append(req.data);
    }
    return {{}, io_action::next_step::read};  // no response, by protocol
}

io_action session::com_stmt_close(std::span<const std::uint8_t> body) {
    protocol::stmt_close req;
    if (!protocol::deserialize(body, req)) state_.statements.erase(req.statement_id);
    return {{}, io_action::next_step::read};  // no response, by protocol
}

io_action session::com_stmt_reset(std::span<const std::uint8_t> body) {
    protocol::stmt_reset req;
    if (protocol::deserialize(body, req)) return error({er::wrong_arguments, "HY000", "Malformed COM_STMT_RESET"});
    auto id = req.statement_id;
    auto it = state_.statements.find(id);
    if (it == state_.statements.end())
        return error({er::unknown_stmt_handler, "HY000",
                      "Unknown prepared statement handler (" + std::to_string(id) + ") given to mysqld_stmt_reset"});
    it->second.long_data.clear();
    return ok_response();
}

}  // namespace qproxy::session
