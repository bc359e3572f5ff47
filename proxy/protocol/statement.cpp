#include "proxy/protocol/statement.hpp"

#include "proxy/protocol/binary_value.hpp"
#include "proxy/protocol/commands.hpp"
#include "proxy/protocol/constants.hpp"

namespace qproxy::protocol {
namespace {

constexpr std::uint8_t unsigned_flag = 0x80;

// COM_STMT_CLOSE / COM_STMT_RESET: command byte + statement id, nothing else.
error_code read_id_only(std::span<const std::uint8_t> payload, command cmd, std::uint32_t& id) {
    reader r(payload);
    if (auto ec = expect_command(r, cmd)) return ec;
    if (auto ec = r.get_u32(id)) return ec;
    return r.check_finished();
}

}  // namespace

// ---- COM_STMT_PREPARE_OK ------------------------------------------------------------

std::vector<std::uint8_t> serialize(const stmt_prepare_ok& ok) {
    writer w;
    w.put_u8(0x00);
    w.put_u32(ok.statement_id);
    w.put_u16(ok.num_columns);
    w.put_u16(ok.num_params);
    w.put_u8(0x00);
    w.put_u16(ok.warnings);
    return w.take();
}

error_code deserialize(std::span<const std::uint8_t> in, stmt_prepare_ok& out) {
    reader r(in);
    std::uint8_t header = 0, filler = 0;
    if (auto ec = r.get_u8(header)) return ec;
    if (header != 0x00) return make_error_code(errc::protocol_value_error);
    if (auto ec = r.get_u32(out.statement_id)) return ec;
    if (auto ec = r.get_u16(out.num_columns)) return ec;
    if (auto ec = r.get_u16(out.num_params)) return ec;
    if (auto ec = r.get_u8(filler)) return ec;
    if (auto ec = r.get_u16(out.warnings)) return ec;
    return r.check_finished();
}

error_code peek_statement_id(std::span<const std::uint8_t> payload, std::uint32_t& id) {
    reader r(payload);
    if (auto ec = r.skip(1)) return ec;
    return r.get_u32(id);
}

// ---- COM_STMT_EXECUTE ------------------------------------------------------------------

error_code deserialize(std::span<const std::uint8_t> payload, stmt_execute_request& out, std::size_t num_params,
                       std::span<const param_type> bound_types, const std::vector<bool>& long_data) {
    reader r(payload);
    if (auto ec = expect_command(r, command::stmt_execute)) return ec;
    if (auto ec = r.get_u32(out.statement_id)) return ec;
    if (auto ec = r.get_u8(out.flags)) return ec;
    if (auto ec = r.get_u32(out.iteration_count)) return ec;
    out.new_params_bound = false;
    out.types.clear();
    out.params.clear();
    if (num_params == 0) return r.check_finished();

    std::span<const std::uint8_t> null_bitmap;
    std::uint8_t bound = 0;
    if (auto ec = r.get_fixed((num_params + 7) / 8, null_bitmap)) return ec;
    if (auto ec = r.get_u8(bound)) return ec;
    if (bound == 1) {
        out.new_params_bound = true;
        out.types.reserve(num_params);
        for (std::size_t i = 0; i < num_params; ++i) {
            std::uint8_t type = 0, flag = 0;
            if (auto ec = r.get_u8(type)) return ec;
            if (auto ec = r.get_u8(flag)) return ec;
            out.types.push_back({static_cast<field_type>(type), (flag & unsigned_flag) != 0});
        }
    } else if (bound == 0 && bound_types.size() == num_params) {
        out.types.assign(bound_types.begin(), bound_types.end());
    } else {
        return make_error_code(errc::protocol_value_error);
    }

    out.params.reserve(num_params);
    for (std::size_t i = 0; i < num_params; ++i) {
        const param_type t = out.types[i];
        const binary_kind kind = kind_of(t.type);
        if (kind == binary_kind::unknown) return make_error_code(errc::protocol_value_error);
        param_value& p = out.params.emplace_back();
        p.type = t.type;
        p.is_unsigned = t.is_unsigned;
        if (i < long_data.size() && long_data[i]) {
            p.is_null = false;
            p.long_data = true;
            continue;
        }
        if ((null_bitmap[i / 8] & (1u << (i % 8))) || kind == binary_kind::null) continue;
        p.is_null = false;
        if (auto ec = read_binary_value(r, t.type, t.is_unsigned, p.text)) return ec;
    }
    return r.check_finished();
}

error_code serialize(const stmt_execute_request& req, std::vector<std::uint8_t>& out) {
    const std::size_t start = out.size();
    writer w(out);
    w.put_u8(static_cast<std::uint8_t>(command::stmt_execute));
    w.put_u32(req.statement_id);
    w.put_u8(req.flags);
    w.put_u32(req.iteration_count);
    const std::size_t n = req.params.size();
    if (n == 0) return {};
    const std::size_t bitmap = out.size();
    w.put_zeros((n + 7) / 8);
    w.put_u8(req.new_params_bound ? 1 : 0);
    if (req.new_params_bound) {
        for (const auto& p : req.params) {
            w.put_u8(static_cast<std::uint8_t>(p.type));
            w.put_u8(p.is_unsigned ? unsigned_flag : 0);
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto& p = req.params[i];
        if (p.long_data) continue;
        if (p.is_null || kind_of(p.type) == binary_kind::null) {
            out[bitmap + i / 8] |= static_cast<std::uint8_t>(1u << (i % 8));
            continue;
        }
        if (auto ec = write_binary_value(w, p.type, p.is_unsigned, p.text)) {
            out.resize(start);
            return ec;
        }
    }
    return {};
}

// ---- small statement commands ------------------------------------------------------------

error_code deserialize(std::span<const std::uint8_t> payload, stmt_send_long_data& out) {
    reader r(payload);
    if (auto ec = expect_command(r, command::stmt_send_long_data)) return ec;
    if (auto ec = r.get_u32(out.statement_id)) return ec;
    if (auto ec = r.get_u16(out.param_id)) return ec;
    out.data = r.get_eof_string();
    return {};
}

error_code deserialize(std::span<const std::uint8_t> payload, stmt_close& out) {
    return read_id_only(payload, command::stmt_close, out.statement_id);
}

error_code deserialize(std::span<const std::uint8_t> payload, stmt_reset& out) {
    return read_id_only(payload, command::stmt_reset, out.statement_id);
}

error_code deserialize(std::span<const std::uint8_t> payload, stmt_fetch& out) {
    reader r(payload);
    if (auto ec = expect_command(r, command::stmt_fetch)) return ec;
    if (auto ec = r.get_u32(out.statement_id)) return ec;
    if (auto ec = r.get_u32(out.num_rows)) return ec;
    return r.check_finished();
}

}  // namespace qproxy::protocol
