#include "common/diff_text.h"

#include <fmt/format.h>

#include "img/support/display.h"

namespace img {

namespace {

std::string styled(Change c, const std::string& s, const TermStyle& st) {
    switch (c) {
    case Change::Added: return st.green(s);
    case Change::Removed: return st.red(s);
    case Change::Changed: break;
    }
    return st.yellow(s);
}

void print_difference(const Difference& d, std::FILE* out, const TermStyle& st) {
    const char* mark = d.change == Change::Added ? "+" : d.change == Change::Removed ? "-" : "~";
    std::string path = d.path.empty() ? "" : " " + d.path;
    std::string line;
    if (d.change == Change::Changed) line = fmt::format("  {} {}{}: {} -> {}", mark, d.aspect, path, d.a, d.b);
    else line = fmt::format("  {} {}{}: {}", mark, d.aspect, path, d.change == Change::Added ? d.b : d.a);
    fmt::print(out, "{}\n", styled(d.change, line, st));
}

void print_pages(const DiffResult& r, const DiffTextOptions& o, std::FILE* out, const TermStyle& st) {
    uint32_t pid = 0;
    for (const auto& v : r.pages) {
        if (v.pid != pid) { pid = v.pid; fmt::print(out, "{}\n", st.bold(fmt::format("memory of task {}", pid))); }
        std::string counts = fmt::format("{} changed, {} added, {} removed", v.changed, v.added, v.removed);
        if (!o.ranges) {
            fmt::print(out, "  ~ pages {:x}-{:x} {} {}: {}\n", v.start, v.end, v.description, v.prot, counts);
            continue;
        }
        // Named without addresses: the page runs below are the only addresses printed.
        fmt::print(out, "  ~ pages of {} {} ({} pages): {}\n", v.description, v.prot, (v.end - v.start) / 4096, counts);
        for (const auto& p : v.ranges) {
            // A run as its first and last page (both included), a single page as its address.
            uint64_t last = p.end - 4096;
            std::string run = last == p.start ? fmt::format("{:x}", p.start) : fmt::format("{:x}-{:x}", p.start, last);
            uint64_t n = (p.end - p.start) / 4096;
            fmt::print(out, "{}\n", styled(p.change, fmt::format("      {} {} ({} page{})", run, change_name(p.change), n, n == 1 ? "" : "s"), st));
        }
    }
}

}  // namespace

void print_diff_text(const DiffResult& r, const DiffTextOptions& o, std::FILE* out, const TermStyle& st) {
    if (!o.stat) {
        fmt::print(out, "{}\n{}\n", st.red("--- " + display_text(r.a)), st.green("+++ " + display_text(r.b)));
        const std::string* where = nullptr;
        for (const auto& d : r.differences) {
            if (!where || *where != d.where) { where = &d.where; fmt::print(out, "{}\n", st.bold(display_text(d.where))); }
            print_difference(d, out, st);
        }
        print_pages(r, o, out, st);
    }
    if (r.identical()) {
        fmt::print(out, "identical ({} pages compared)\n", r.pages_compared);
        return;
    }
    std::string s;
    for (const auto& [aspect, n] : r.stat()) s += fmt::format("{}{} {}", s.empty() ? "" : ", ", aspect, n);
    fmt::print(out, "different: {} ({} pages compared)\n", s, r.pages_compared);
}

void print_hexdiff_text(const std::vector<HexDiffRow>& rows, std::FILE* out, const TermStyle& st) {
    auto hex = [&](const std::array<int, 16>& v, const std::array<int, 16>& other, int n) {
        std::string s;
        for (int i = 0; i < 16; ++i) {
            int x = i < n ? v[static_cast<size_t>(i)] : -2;
            std::string cell = x == -2 ? "  " : x < 0 ? "--" : fmt::format("{:02x}", x);
            s += (i ? " " : "") + (i < n && x != other[static_cast<size_t>(i)] ? st.bold(st.yellow(cell)) : cell);
        }
        return s;
    };
    fmt::print(out, "{:<16}  {:<47}   {}\n", "address", "A", "B");
    for (const auto& r : rows) {
        fmt::print(out, "{:016x}  {} | {}{}\n", r.addr, hex(r.a, r.b, r.count), hex(r.b, r.a, r.count),
                   r.differs() ? "  *" : "");
    }
}

}  // namespace img
