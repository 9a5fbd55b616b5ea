// Memory of one task on both sides, aligned by virtual address through each side's pagemap (never
// by pages-file offset): a page both hold is compared byte for byte; a page one side holds is
// added or removed, never compared as zeros. Read 1 MiB at a time on each side, the pages read
// leaving memory behind the reader.
#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "diff_context.h"
#include "img/model/process_memory.h"
#include "img/model/vma_description.h"

namespace img::diff {

namespace {

constexpr uint64_t kChunk = 1 << 20;

using Spans = std::vector<std::pair<uint64_t, uint64_t>>;

// The address ranges either side maps, merged.
Spans union_of(const ProcessMemory& a, const ProcessMemory& b) {
    Spans s;
    for (const auto* m : {&a, &b})
        for (const auto& r : m->regions()) s.emplace_back(r.start, r.end);
    std::sort(s.begin(), s.end());
    Spans out;
    for (const auto& [lo, hi] : s) {
        if (!out.empty() && lo <= out.back().second) out.back().second = std::max(out.back().second, hi);
        else out.emplace_back(lo, hi);
    }
    return out;
}

// Walks `absent` (sorted) alongside increasing page addresses.
class AbsentCursor {
public:
    explicit AbsentCursor(const std::vector<AddressSpan>& s) : s_(s) {}
    bool holds(uint64_t page) {   // true when the dump holds the page
        while (i_ < s_.size() && s_[i_].end <= page) ++i_;
        return !(i_ < s_.size() && s_[i_].start <= page);
    }

private:
    const std::vector<AddressSpan>& s_;
    size_t i_ = 0;
};

class PageComparer {
public:
    PageComparer(Context& cx, const TaskPair& t, const ProcessMemory& a, const ProcessMemory& b)
        : cx_(cx), t_(t), a_(a), b_(b), buf_a_(kChunk), buf_b_(kChunk) {}

    Expected<void> run(uint64_t& done, uint64_t total) {
        for (const auto& [lo, hi] : union_of(a_, b_))
            for (uint64_t at = lo; at < hi; at += kChunk) {
                auto ok = chunk(at, std::min(kChunk, hi - at));
                if (!ok) return ok;
                a_.release_before(at + std::min(kChunk, hi - at));
                b_.release_before(at + std::min(kChunk, hi - at));
                done += std::min(kChunk, hi - at);
                if (cx_.opt.progress) cx_.opt.progress(done, total);
            }
        for (auto& [start, v] : vmas_) cx_.result.pages.push_back(std::move(v));
        return {};
    }

private:
    Expected<void> chunk(uint64_t at, uint64_t len) {
        std::vector<AddressSpan> absent_a, absent_b;
        auto ra = a_.read(at, len, buf_a_.data(), absent_a);
        if (!ra) return ra;
        auto rb = b_.read(at, len, buf_b_.data(), absent_b);
        if (!rb) return rb;
        AbsentCursor ca(absent_a), cb(absent_b);
        for (uint64_t off = 0; off < len; off += kPageSize) {
            bool ha = ca.holds(at + off), hb = cb.holds(at + off);
            if (ha && hb) {
                ++cx_.result.pages_compared;
                if (std::memcmp(buf_a_.data() + off, buf_b_.data() + off, kPageSize) != 0) note(at + off, Change::Changed);
            } else if (ha != hb) {
                note(at + off, ha ? Change::Removed : Change::Added);
            }
        }
        return {};
    }

    void note(uint64_t page, Change c) {
        const ProcessMemory::Region* r = a_.region_at(page);
        Checkpoint* side = &cx_.a;
        uint32_t pid = t_.a;
        if (!r) { r = b_.region_at(page); side = &cx_.b; pid = t_.b; }
        uint64_t key = r ? r->start : page;
        auto [it, fresh] = vmas_.try_emplace(key);
        VmaPages& v = it->second;
        if (fresh) {
            v.pid = t_.a;
            v.start = r ? r->start : page;
            v.end = r ? r->end : page + kPageSize;
            v.description = r && r->vma ? vma_name(*side, pid, *r->vma) : "pages without a VMA";
            if (v.description.empty()) v.description = "anonymous";   // crit x mems leaves it blank
            v.prot = r && r->vma ? prot_string(r->vma->prot()) : "";
        }
        (c == Change::Changed ? v.changed : c == Change::Added ? v.added : v.removed) += 1;
        if (!v.ranges.empty() && v.ranges.back().end == page && v.ranges.back().change == c) v.ranges.back().end += kPageSize;
        else v.ranges.push_back(PageRange{page, page + kPageSize, c});
    }

    Context& cx_;
    const TaskPair& t_;
    const ProcessMemory& a_;
    const ProcessMemory& b_;
    std::vector<std::byte> buf_a_, buf_b_;
    std::map<uint64_t, VmaPages> vmas_;
};

}  // namespace

Expected<void> diff_pages(Context& cx, const TaskPair& t) {
    if (!cx.wants("pages")) return {};
    auto ma = ProcessMemory::open(cx.a, t.a);
    if (!ma) return std::move(ma).error();
    auto mb = ProcessMemory::open(cx.b, t.b);
    if (!mb) return std::move(mb).error();
    uint64_t total = 0, done = 0;
    for (const auto& [lo, hi] : union_of(*ma, *mb)) total += hi - lo;
    return PageComparer(cx, t, *ma, *mb).run(done, total);
}

}  // namespace img::diff
