// hexdump reads through ProcessMemory::read in 64 KiB blocks (bounded memory
// for any length) and splits each block at the absent spans it reports.
#include "img/memory/hexdump.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <vector>

namespace img {

namespace {

Expected<uint64_t> parse_number(std::string_view s, int base, const char* what) {
    if (base == 16 && (s.starts_with("0x") || s.starts_with("0X"))) s.remove_prefix(2);
    if (s.empty()) return make_error(fmt::format("{} is empty", what));
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec == std::errc::result_out_of_range) return make_error(fmt::format("{} '{}' is too large", what, s));
    if (ec != std::errc() || p != s.data() + s.size())
        return make_error(fmt::format("{} '{}' is not a {} number", what, s, base == 16 ? "hex" : "decimal"));
    return v;
}

char printable(std::byte b) {
    auto c = static_cast<unsigned char>(b);
    return c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.';
}

std::string hex_bytes(Bytes b, bool gap) {
    std::string s;
    for (size_t i = 0; i < b.size(); ++i) {
        if (i) s += (gap && i == 8) ? "  " : " ";
        s += fmt::format("{:02x}", static_cast<unsigned>(b[i]));
    }
    return s;
}

}  // namespace

Expected<MemorySpec> parse_memory_spec(std::string_view text) {
    auto bad = [&](std::string why) {
        return make_error(fmt::format("bad memory range '{}': {} (expected PID:ADDR[+LEN], e.g. 42:7f4a1b58e000+4096)",
                                      text, why));
    };
    auto colon = text.find(':');
    if (colon == std::string_view::npos) return bad("no ':' after the pid");
    MemorySpec m;
    auto pid = parse_number(text.substr(0, colon), 10, "pid");
    if (!pid) return bad(pid.error().what);
    if (*pid == 0 || *pid > UINT32_MAX) return bad("pid out of range");
    m.pid = static_cast<uint32_t>(*pid);
    std::string_view rest = text.substr(colon + 1);
    std::string_view addr_s = rest, len_s;
    if (auto plus = rest.find('+'); plus != std::string_view::npos) {
        addr_s = rest.substr(0, plus);
        len_s = rest.substr(plus + 1);
        if (len_s.empty()) return bad("no length after '+'");
    }
    auto addr = parse_number(addr_s, 16, "address");
    if (!addr) return bad(addr.error().what);
    m.addr = *addr;
    if (!len_s.empty()) {
        bool hex = len_s.starts_with("0x") || len_s.starts_with("0X");
        auto len = parse_number(len_s, hex ? 16 : 10, "length");
        if (!len) return bad(len.error().what);
        if (*len == 0) return bad("length is 0");
        m.len = *len;
    }
    if (m.len > UINT64_MAX - m.addr) return bad("the range runs past the end of the address space");
    return m;
}

Expected<ProcessMemory> open_task_memory(Checkpoint& dump, uint32_t pid) {
    auto t = dump.task(pid);
    if (!t) return std::move(t).error();
    if (!*t) {
        Error e;
        e.file = dump.label();
        e.what = fmt::format("no task {} in the dump", pid);
        return e;
    }
    return ProcessMemory::open(dump, pid);
}

Expected<void> hexdump(const ProcessMemory& mem, uint64_t addr, uint64_t len, HexdumpSink& out) {
    constexpr uint64_t kBlock = 64 * 1024;
    std::vector<std::byte> buf;
    std::vector<AddressSpan> absent;
    uint64_t pending_absent = 0, pending_at = 0;   // absent bytes not yet reported (they join across blocks)
    auto flush_absent = [&] {
        if (pending_absent) out.absent(pending_at, pending_absent);
        pending_absent = 0;
    };
    const auto& regions = mem.regions();
    for (uint64_t pos = addr, end = addr + len; pos < end;) {
        // Unmapped space, and mappings whose bytes the dump does not hold, are skipped in one step:
        // a range may span terabytes of nothing.
        const ProcessMemory::Region* reg = mem.region_at(pos);
        if (!reg || !reg->reader) {
            uint64_t stop = end;
            if (reg) stop = std::min(end, reg->end);
            else {
                auto next = std::upper_bound(regions.begin(), regions.end(), pos,
                                             [](uint64_t a, const ProcessMemory::Region& r) { return a < r.start; });
                if (next != regions.end()) stop = std::min(end, next->start);
            }
            if (!pending_absent) pending_at = pos;
            pending_absent += stop - pos;
            pos = stop;
            continue;
        }
        uint64_t n = std::min({kBlock, end - pos, reg->end - pos});
        buf.resize(n);
        absent.clear();
        auto r = mem.read(pos, n, buf.data(), absent);
        if (!r) return r;
        uint64_t at = pos;
        auto present = [&](uint64_t s, uint64_t e) {
            if (s >= e) return;
            flush_absent();
            for (uint64_t a = s; a < e; a += 16)
                out.line(a, Bytes(buf.data() + (a - pos), std::min<uint64_t>(16, e - a)));
        };
        for (const auto& gap : absent) {
            present(at, gap.start);
            if (!pending_absent) pending_at = gap.start;
            pending_absent += gap.end - gap.start;
            at = gap.end;
        }
        present(at, pos + n);
        pos += n;
    }
    flush_absent();
    return {};
}

void HexdumpTextSink::line(uint64_t addr, Bytes b) {
    if (squeeze_ && b.size() == 16 && prev_.size() == 16 && std::memcmp(prev_.data(), b.data(), 16) == 0) {
        if (!squeezing_) buf_ += "*\n";
        squeezing_ = true;
        return;
    }
    squeezing_ = false;
    prev_.assign(reinterpret_cast<const char*>(b.data()), b.size());
    std::string ascii;
    for (std::byte c : b) ascii.push_back(printable(c));
    // Pad a short line so that its ASCII column lines up with full ones.
    buf_ += fmt::format("{:08x}  {:<48}  |{}|\n", addr, hex_bytes(b, true), ascii);
    if (out_ && buf_.size() > (1u << 16)) flush();
}

void HexdumpTextSink::absent(uint64_t addr, uint64_t len) {
    squeezing_ = false;
    prev_.clear();
    buf_ += fmt::format("{:08x}  <absent: {} bytes not in the dump>\n", addr, len);
}

void HexdumpTextSink::finish(uint64_t end_addr) {
    buf_ += fmt::format("{:08x}\n", end_addr);
    squeezing_ = false;
    prev_.clear();
    flush();
}

void HexdumpTextSink::flush() {
    if (!out_ || buf_.empty()) return;
    out_(buf_);
    buf_.clear();
}

void HexdumpJsonSink::begin(const MemorySpec& spec) {
    out_.begin_object();
    out_.key("pid"); out_.number(uint64_t{spec.pid});
    out_.key("address"); out_.number(spec.addr);
    out_.key("length"); out_.number(spec.len);
    out_.key("lines");
    out_.begin_array();
}

void HexdumpJsonSink::end() {
    out_.end_array();
    out_.end_object();
}

void HexdumpJsonSink::line(uint64_t addr, Bytes b) {
    std::string ascii;
    for (std::byte c : b) ascii.push_back(printable(c));
    out_.begin_object();
    out_.key("address"); out_.number(addr);
    out_.key("hex"); out_.string(hex_bytes(b, false));
    out_.key("ascii"); out_.string(ascii);
    out_.end_object();
}

void HexdumpJsonSink::absent(uint64_t addr, uint64_t len) {
    out_.begin_object();
    out_.key("address"); out_.number(addr);
    out_.key("absent"); out_.number(len);
    out_.end_object();
}

}  // namespace img
