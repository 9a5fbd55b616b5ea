#include "img/diff/hexdiff.h"

#include <fmt/format.h>

#include "img/model/process_memory.h"

namespace img {

bool HexDiffRow::differs() const {
    for (int i = 0; i < count; ++i)
        if (a[static_cast<size_t>(i)] != b[static_cast<size_t>(i)]) return true;
    return false;
}

bool any_differs(const std::vector<HexDiffRow>& rows) {
    for (const auto& r : rows)
        if (r.differs()) return true;
    return false;
}

namespace {

constexpr uint64_t kMaxHexdiff = 64ull << 20;   // bytes one --hexdiff may show

// The bytes of [addr, addr + len) on one side, -1 where the dump does not hold them.
Expected<std::vector<int>> side_bytes(Checkpoint& d, uint32_t pid, uint64_t addr, uint64_t len) {
    std::vector<int> out(len, -1);
    auto t = d.task(pid);
    if (!t) return std::move(t).error();
    if (!*t) return out;
    auto mem = ProcessMemory::open(d, pid);
    if (!mem) return std::move(mem).error();
    std::vector<std::byte> buf(len);
    std::vector<AddressSpan> absent;
    auto ok = mem->read(addr, len, buf.data(), absent);
    if (!ok) return std::move(ok).error();
    for (uint64_t i = 0; i < len; ++i) out[i] = std::to_integer<int>(buf[i]);
    for (const auto& s : absent)
        for (uint64_t p = std::max(s.start, addr); p < std::min(s.end, addr + len); ++p) out[p - addr] = -1;
    return out;
}

}  // namespace

Expected<std::vector<HexDiffRow>> hexdiff(Checkpoint& a, Checkpoint& b, const MemorySpec& spec) {
    if (spec.len > kMaxHexdiff) return make_error(fmt::format("--hexdiff shows at most {} MiB", kMaxHexdiff >> 20));
    auto ta = a.task(spec.pid), tb = b.task(spec.pid);
    if (!ta) return std::move(ta).error();
    if (!tb) return std::move(tb).error();
    if (!*ta && !*tb) return make_error(fmt::format("no task {} in {} or {}", spec.pid, a.label(), b.label()));
    auto ba = side_bytes(a, spec.pid, spec.addr, spec.len);
    if (!ba) return std::move(ba).error();
    auto bb = side_bytes(b, spec.pid, spec.addr, spec.len);
    if (!bb) return std::move(bb).error();
    std::vector<HexDiffRow> rows;
    for (uint64_t off = 0; off < spec.len; off += 16) {
        HexDiffRow row;
        row.addr = spec.addr + off;
        row.count = static_cast<int>(std::min<uint64_t>(16, spec.len - off));
        for (int i = 0; i < row.count; ++i) {
            row.a[static_cast<size_t>(i)] = (*ba)[off + static_cast<uint64_t>(i)];
            row.b[static_cast<size_t>(i)] = (*bb)[off + static_cast<uint64_t>(i)];
        }
        rows.push_back(row);
    }
    return rows;
}

void write(const MemorySpec& spec, const std::vector<HexDiffRow>& rows, ValueSink& out) {
    auto side = [&](const std::array<int, 16>& v, int n) {
        out.begin_array();
        for (int i = 0; i < n; ++i) {
            int x = v[static_cast<size_t>(i)];
            if (x < 0) out.null();
            else out.number(uint64_t(x));
        }
        out.end_array();
    };
    out.begin_object();
    out.key("pid"); out.number(uint64_t{spec.pid});
    out.key("address"); out.number(spec.addr);
    out.key("length"); out.number(spec.len);
    out.key("rows");
    out.begin_array();
    for (const auto& r : rows) {
        out.begin_object();
        out.key("address"); out.number(r.addr);
        out.key("a"); side(r.a, r.count);
        out.key("b"); side(r.b, r.count);
        out.key("differs"); out.boolean(r.differs());
        out.end_object();
    }
    out.end_array();
    out.end_object();
}

}  // namespace img
