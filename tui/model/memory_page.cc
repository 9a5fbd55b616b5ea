#include "model/memory_page.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "img/memory/hexdump.h"

namespace img::tui {

namespace {

constexpr uint64_t kRow = 16;

// Collects a hexdump's bytes into rows of 16 with a bit per byte the dump holds.
class RowSink final : public HexdumpSink {
public:
    RowSink(uint64_t top, size_t rows) : top_(top), bytes_(rows * kRow), present_(rows, 0) {}
    void line(uint64_t addr, Bytes b) override {
        for (size_t k = 0; k < b.size(); ++k) {
            uint64_t off = addr + k - top_;
            if (off >= bytes_.size()) continue;
            bytes_[off] = b[k];
            present_[off / kRow] |= 1u << (off % kRow);
        }
    }
    void absent(uint64_t, uint64_t) override {}
    const std::byte* row(size_t i) const { return bytes_.data() + i * kRow; }
    uint32_t present(size_t i) const { return present_[i]; }

private:
    uint64_t top_;
    std::vector<std::byte> bytes_;
    std::vector<uint32_t> present_;
};

std::optional<uint64_t> parse_hex(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s.starts_with("0x") || s.starts_with("0X")) s.remove_prefix(2);
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

Expected<std::string> parse_search_text(const std::string& text) {
    if (!text.starts_with("x:")) {
        if (text.empty()) return make_error("nothing to search for");
        return text;
    }
    std::string digits;
    for (char c : text.substr(2))
        if (c != ' ') digits += c;
    std::string out;
    for (size_t i = 0; i + 1 < digits.size(); i += 2) {
        auto b = parse_hex(digits.substr(i, 2));
        if (!b) return make_error("'" + digits.substr(i, 2) + "' is not a hex byte");
        out += static_cast<char>(*b);
    }
    if (out.empty() || digits.size() % 2) return make_error("x: takes hex bytes, two digits each (x:de ad be ef)");
    return out;
}

Expected<std::unique_ptr<MemoryPage>> MemoryPage::open(Checkpoint& dump, uint32_t pid, uint64_t addr) {
    auto mem = ProcessMemory::open(dump, pid);
    if (!mem) return std::move(mem.error());
    auto page = std::make_unique<MemoryPage>(dump, pid, std::move(*mem));
    if (auto err = page->go_to(fmt::format("{:x}", addr)); !err.empty()) return make_error(err);
    page->status_.clear();
    return page;
}

MemoryPage::MemoryPage(Checkpoint& dump, uint32_t pid, ProcessMemory mem) : dump_(dump), pid_(pid), mem_(std::move(mem)) {}

std::string MemoryPage::title() const {
    if (mem_.regions().empty()) return fmt::format("memory of task {}: no VMAs", pid_);
    const auto& r = mem_.regions()[region_];
    std::string what = r.vma ? describe_vma(dump_, *r.vma) : "pagemap";
    return fmt::format("task {}  {:x}-{:x}  {}  ({} KiB)", pid_, r.start, r.end, what, (r.end - r.start) >> 10);
}

void MemoryPage::go(size_t region, uint64_t addr) {
    const auto& r = mem_.regions()[region];
    region_ = region;
    cursor_ = std::clamp(addr, r.start, r.end - 1);
}

uint64_t MemoryPage::row_of(uint64_t addr) const {
    const auto& r = mem_.regions()[region_];
    return r.start + (addr - r.start) / kRow * kRow;
}

std::string MemoryPage::go_to(const std::string& text) {
    auto a = parse_hex(text);
    if (!a) return "goto: '" + text + "' is not a hex address";
    const auto& regs = mem_.regions();
    for (size_t i = 0; i < regs.size(); ++i)
        if (*a >= regs[i].start && *a < regs[i].end) {
            go(i, *a);
            status_ = fmt::format("at {:x}", *a);
            return "";
        }
    return fmt::format("goto: {:x} is in no VMA of task {}", *a, pid_);
}

}  // namespace img::tui

namespace img::tui {

StyledLine MemoryPage::hex_row(uint64_t addr, const std::byte* bytes, uint32_t present) const {
    StyledLine line(fmt::format("{:012x} ", addr), Style::Dim);
    auto matched = [&](uint64_t a) { return match_ && a >= match_->addr && a < match_->addr + match_->len; };
    auto style_of = [&](size_t k) {
        if (addr + k == cursor_) return Style::Selected;
        return !(present >> k & 1) ? Style::Absent : matched(addr + k) ? Style::Match : Style::Normal;
    };
    for (size_t k = 0; k < kRow; ++k) {
        line.add(k == 8 ? "  " : " ");
        if (present >> k & 1) line.add(fmt::format("{:02x}", static_cast<unsigned>(bytes[k])), style_of(k));
        else line.add("--", style_of(k) == Style::Selected ? Style::Selected : Style::Absent);
    }
    line.add("  ");
    if (present == 0) {   // the note, in the ASCII column (the cursor's cell in it highlighted)
        std::string note = "<not in dump>   ";
        if (row_of(cursor_) != addr) return line.add(note, Style::Absent);
        size_t k = cursor_ - addr;
        line.add(note.substr(0, k), Style::Absent).add(note.substr(k, 1), Style::Selected);
        return line.add(note.substr(k + 1), Style::Absent);
    }
    for (size_t k = 0; k < kRow; ++k) {
        auto c = static_cast<unsigned char>(bytes[k]);
        char shown = !(present >> k & 1) ? ' ' : c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.';
        line.add(std::string(1, shown), style_of(k));
    }
    return line;
}

void MemoryPage::draw(std::vector<StyledLine>& out, size_t width, size_t height) {
    if (mem_.regions().empty() || height == 0) return;
    const auto& r = mem_.regions()[region_];
    // A cursor that left the screen by a step scrolls it by that step; one that jumped (goto, a
    // match) comes back in the middle. Rows below the VMA's end show only when it is that short.
    uint64_t screen = height * kRow, last = row_of(r.end - 1), row = row_of(cursor_);
    if (top_ < r.start || top_ >= r.end || row + screen < top_ || row >= top_ + 2 * screen)
        top_ = row >= r.start + screen / 2 ? row - height / 2 * kRow : r.start;
    if (row < top_) top_ = row;
    if (row >= top_ + screen) top_ = row - (height - 1) * kRow;
    if (top_ + screen > last + kRow) top_ = last + kRow >= r.start + screen ? last + kRow - screen : r.start;
    size_t rows = static_cast<size_t>(std::min<uint64_t>(height, (r.end - top_ + kRow - 1) / kRow));
    RowSink sink(top_, rows);
    if (auto ok = hexdump(mem_, top_, rows * kRow, sink); !ok) {
        out.push_back(StyledLine(ok.error().message(), Style::Error));
        return;
    }
    pulled_ += rows * kRow;
    for (size_t i = 0; i < rows; ++i) out.push_back(hex_row(top_ + i * kRow, sink.row(i), sink.present(i)));
}

bool MemoryPage::command(Command c, size_t height) {
    if (mem_.regions().empty()) return false;
    if (c == Command::Next || c == Command::Prev) {
        if (!pattern_) status_ = "no search yet: / first";
        else start_search(c == Command::Next);
        return true;
    }
    auto to = moved(c, height);
    if (!to) return false;
    cursor_ = *to;
    status_ = fmt::format("at {:x}", cursor_);
    return true;
}

// Where a move takes the cursor: rows keep its column, and it stays in the VMA.
std::optional<uint64_t> MemoryPage::moved(Command c, size_t height) const {
    const auto& r = mem_.regions()[region_];
    uint64_t page = std::max<size_t>(height, 1) * kRow, last = row_of(r.end - 1), col = cursor_ - row_of(cursor_);
    switch (c) {
        case Command::ByteLeft: return cursor_ > r.start ? cursor_ - 1 : cursor_;
        case Command::ByteRight: return cursor_ + 1 < r.end ? cursor_ + 1 : cursor_;
        case Command::Up: return cursor_ >= r.start + kRow ? cursor_ - kRow : cursor_;
        case Command::Down: return cursor_ + kRow < r.end ? cursor_ + kRow : cursor_;
        case Command::PageUp: return cursor_ >= r.start + page ? cursor_ - page : r.start + col;
        case Command::PageDown: return std::min(last + col, cursor_ + page);
        case Command::Home: return r.start;
        case Command::End: return last;
        default: return std::nullopt;
    }
}

std::string MemoryPage::search(const std::string& text) {
    auto bytes = parse_search_text(text);
    if (!bytes) return "search: " + bytes.error().what;
    auto p = SearchPattern::literal(*bytes);
    if (!p) return "search: " + p.error().message();
    pattern_ = std::move(*p);
    pattern_text_ = text;
    match_.reset();
    start_search(true);
    return "";
}

void MemoryPage::start_search(bool forward) {
    uint64_t from = match_ ? (forward ? match_->addr + 1 : match_->addr) : cursor_;
    job_ = std::make_unique<MemorySearchJob>(mem_, *pattern_, from, forward);
    status_ = "searching for " + pattern_text_ + " ... (Esc cancels)";
}

void MemoryPage::work(uint64_t budget) {
    if (!job_) return;
    auto r = job_->step(budget);
    if (!r) {
        status_ = "search: " + r.error().message();
        job_.reset();
        return;
    }
    if (!*r) {
        uint64_t pct = job_->total() ? job_->scanned() * 100 / job_->total() : 100;
        status_ = fmt::format("searching for {} ... {}% of {} MiB (Esc cancels)", pattern_text_, pct, job_->total() >> 20);
        return;
    }
    finish_search();
}

void MemoryPage::finish_search() {
    auto m = job_->match();
    bool forward = job_->forward();
    job_.reset();
    if (!m) {
        status_ = fmt::format("{} not found {} the cursor", pattern_text_, forward ? "after" : "before");
        return;
    }
    match_ = *m;
    const auto& regs = mem_.regions();
    for (size_t i = 0; i < regs.size(); ++i)
        if (m->addr >= regs[i].start && m->addr < regs[i].end) go(i, m->addr);
    status_ = fmt::format("{} at {:x} (n: next, N: previous)", pattern_text_, m->addr);
}

void MemoryPage::cancel() {
    if (!job_) return;
    job_.reset();
    status_ = "search cancelled";
}

}  // namespace img::tui
