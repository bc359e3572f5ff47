// libFuzzer target for proxy/protocol: the input goes through the packet
// assembler (in chunks whose size the input picks) and through every
// deserializer; what parses must re-serialize to something that parses the
// same. Crashes, sanitizer reports and broken invariants (__builtin_trap) are
// findings. Build and run: see tests/fuzz/CMakeLists.txt.
#include "proxy/protocol/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

using namespace qproxy;
using namespace qproxy::protocol;

namespace {

void fuzz_assert(bool ok) {
    if (!ok) __builtin_trap();
}

void fuzz_assembler(std::span<const std::uint8_t> in) {
    if (in.empty()) return;
    const std::size_t chunk = in[0] % 13 + 1;
    const std::size_t max_payload = (in[0] & 0x80) ? 64 : 0x1000000;
    packet_assembler a(max_payload);
    std::vector<std::uint8_t> payload;
    std::uint8_t seq = 0;
    for (std::size_t pos = 1; pos < in.size(); pos += chunk) {
        a.feed(in.subspan(pos, std::min(chunk, in.size() - pos)));
        error_code ec;
        while (!(ec = a.next(payload, seq))) fuzz_assert(payload.size() <= max_payload);
        if (!is_need_more(ec)) return;  // fatal and sticky
        fuzz_assert(a.buffered() <= in.size());
    }
}

template <class T>
void roundtrip_equal(std::span<const std::uint8_t> in) {
    T a;
    if (deserialize(in, a)) return;
    T b;
    fuzz_assert(!deserialize(serialize(a), b));
    fuzz_assert(a == b);
}

void fuzz_messages(std::span<const std::uint8_t> in) {
    roundtrip_equal<handshake_v10>(in);
    roundtrip_equal<ssl_request>(in);
    roundtrip_equal<auth_switch_request>(in);
    roundtrip_equal<auth_more_data>(in);
    roundtrip_equal<eof_packet>(in);
    roundtrip_equal<stmt_prepare_ok>(in);
    {
        handshake_response r;
        if (!deserialize(in, r)) {
            handshake_response again;
            fuzz_assert(!deserialize(serialize(r), again));
            fuzz_assert(again == r);
        }
        (void)deserialize(in, r, capability::protocol_41 | capability::secure_connection);
    }
    {
        ok_packet ok;
        if (!deserialize(in, ok)) {
            ok_packet again;
            fuzz_assert(!deserialize(serialize(ok), again));
            fuzz_assert(again.affected_rows == ok.affected_rows && again.info == ok.info);
        }
        err_packet err;
        (void)deserialize(in, err);
    }
    for (const std::uint32_t caps : {0x00bea28cu, 0u}) {
        change_user_request cu;
        (void)deserialize(in, cu, caps);
    }
    {
        column_meta col;
        if (!deserialize_column_definition(in, col)) {
            column_meta again;
            fuzz_assert(!deserialize_column_definition(serialize_column_definition(col), again));
            fuzz_assert(again == col);
        }
        std::optional<std::string> def;
        (void)deserialize_field_list_column(in, col, def);
    }
    if (!in.empty()) {
        const std::size_t columns = in[0] % 8;
        row r;
        if (!deserialize_text_row(in.subspan(1), columns, r)) {
            row again;
            fuzz_assert(!deserialize_text_row(serialize_text_row(r), columns, again));
            fuzz_assert(again == r);
        }
    }
}

// Column/parameter types chosen by the input, for the binary codecs.
field_type pick_type(std::uint8_t b) {
    static constexpr field_type types[] = {
        field_type::tiny,      field_type::short_,     field_type::long_,     field_type::float_,
        field_type::double_,   field_type::null,       field_type::timestamp, field_type::longlong,
        field_type::int24,     field_type::date,       field_type::time,      field_type::datetime,
        field_type::year,      field_type::varchar,    field_type::bit,       field_type::json,
        field_type::newdecimal, field_type::enum_,     field_type::set,       field_type::blob,
        field_type::var_string, field_type::string,    field_type::geometry,  field_type::decimal,
    };
    return types[b % std::size(types)];
}

void fuzz_binary(std::span<const std::uint8_t> in) {
    if (in.size() < 2) return;
    // Binary rows: first byte = column count, next bytes = types.
    const std::size_t n = in[0] % 12;
    if (in.size() < 1 + n) return;
    std::vector<column_meta> cols(n);
    for (std::size_t i = 0; i < n; ++i) {
        cols[i].type = pick_type(in[1 + i]);
        if (in[1 + i] & 0x80) cols[i].flags = column_flag::unsigned_;
    }
    const auto rest = in.subspan(1 + n);
    row r;
    if (!deserialize_binary_row(rest, cols, r)) {
        // Canonical text from the wire encodes again unless a field was out
        // of range (e.g. month 13): then it must be refused, not crash.
        std::vector<std::uint8_t> out;
        if (!serialize_binary_row(cols, r, out)) {
            row again;
            fuzz_assert(!deserialize_binary_row(out, cols, again));
            fuzz_assert(again == r);
        }
    }
    // Text -> binary for arbitrary text.
    for (std::size_t i = 0; i < n; ++i) {
        writer w;
        (void)write_binary_value(w, cols[i].type, cols[i].flags != 0, as_string_view(rest));
    }
}

void fuzz_commands(std::span<const std::uint8_t> in) {
    if (in.empty()) return;
    // COM_STMT_EXECUTE with a parameter count, bound types and long-data marks
    // derived from the input's first byte.
    const std::size_t num_params = in[0] % 10;
    std::vector<param_type> bound;
    std::vector<bool> long_data;
    for (std::size_t i = 0; i < num_params; ++i) {
        bound.push_back({pick_type(static_cast<std::uint8_t>(in[0] + i * 7)), (i & 1) != 0});
        long_data.push_back(((in[0] >> (i % 8)) & 1) != 0 && i % 3 == 0);
    }
    stmt_execute_request ex;
    const auto payload = in.subspan(1);
    if (!deserialize(payload, ex, num_params, bound, long_data)) {
        for (const auto& p : ex.params) (void)param_to_sql_literal(p);
    }
    (void)deserialize(payload, ex, num_params);

    stmt_send_long_data ld;
    stmt_close sc;
    stmt_reset sr;
    stmt_fetch sf;
    field_list_request fl;
    set_option so;
    process_kill pk;
    std::uint32_t id = 0;
    std::string_view text;
    (void)deserialize(in, ld);
    (void)deserialize(in, sc);
    (void)deserialize(in, sr);
    (void)deserialize(in, sf);
    (void)deserialize(in, fl);
    (void)deserialize(in, so);
    (void)deserialize(in, pk);
    (void)peek_statement_id(in, id);
    (void)deserialize_text_command(in, command::query, text);
    frame_header h;
    (void)deserialize_header(in.first(std::min<std::size_t>(4, in.size())), h);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> in(data, size);
    fuzz_assembler(in);
    fuzz_messages(in);
    fuzz_binary(in);
    fuzz_commands(in);
    return 0;
}
