// Memory of one task on both sides, aligned by virtual address through each side's pagemap (never
// by pages-file offset): a page both hold is compared byte for byte (a MiB at a time read with
// pread where it lies in one run of a pages file, else in place in the mapped file); a page one
// side holds is added or removed, never compared as zeros. Memory stays bounded: buffers of a MiB,
// and mapped pages released behind the reader.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

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

// The addresses whose pages side m's pagemaps say the dump holds (present here or in a parent),
// inside its VMAs: only these are read, so a huge mapping with a few pages costs a few pages.
void add_present(const ProcessMemory& m, Spans& out) {
    for (const auto& r : m.regions()) {
        if (!r.reader) continue;
        const auto lo = static_cast<uint64_t>(static_cast<int64_t>(r.start) + r.delta);
        const auto hi = static_cast<uint64_t>(static_cast<int64_t>(r.end) + r.delta);
        const auto& runs = r.reader->runs();
        auto it = std::upper_bound(runs.begin(), runs.end(), lo, [](uint64_t a, const PageRun& x) { return a < x.start; });
        if (it != runs.begin()) --it;
        for (; it != runs.end() && it->start < hi; ++it) {
            if (!(it->flags & (kPePresent | kPeParent)) || it->end() <= lo) continue;
            uint64_t s = std::max(lo, it->start), e = std::min(hi, it->end());
            out.emplace_back(s - static_cast<uint64_t>(r.delta), e - static_cast<uint64_t>(r.delta));
        }
    }
}

// The addresses either side holds pages for, merged.
Spans union_of(const ProcessMemory& a, const ProcessMemory& b) {
    Spans s;
    add_present(a, s);
    add_present(b, s);
    std::sort(s.begin(), s.end());
    Spans out;
    for (const auto& [lo, hi] : s) {
        if (!out.empty() && lo <= out.back().second) out.back().second = std::max(out.back().second, hi);
        else out.emplace_back(lo, hi);
    }
    return out;
}

// The page at addr as side m holds it: a pointer into its mapped pages file when the task's own
// pagemap has it (no copy), else read through the parent chain into `buf`; nullptr when the dump
// does not hold it. An Error when a pages file lacks bytes its pagemap describes.
Expected<const std::byte*> page_of(const ProcessMemory& m, uint64_t addr, std::byte* buf) {
    const ProcessMemory::Region* r = m.region_at(addr);
    if (!r || !r->reader) return static_cast<const std::byte*>(nullptr);
    uint64_t at = static_cast<uint64_t>(static_cast<int64_t>(addr) + r->delta);
    const PageRun* run = r->reader->find(at);
    if (run && (run->flags & kPePresent) && !(run->flags & kPeParent)) {
        auto bytes = r->reader->run_bytes(*run);
        if (!bytes) return std::move(bytes).error();
        return bytes->data() + (at - run->start);
    }
    std::vector<AddressSpan> absent;
    auto ok = m.read(addr, kPageSize, buf, absent);
    if (!ok) return std::move(ok).error();
    return absent.empty() ? static_cast<const std::byte*>(buf) : nullptr;
}

// Maps in one call the pages of side m's own pages file that [addr, addr + len) will read (as far
// as the run at addr goes): a fault per 64 KiB of mapped file cost more than the comparison.
void populate(const ProcessMemory& m, uint64_t addr, uint64_t len) {
#ifdef MADV_POPULATE_READ
    const ProcessMemory::Region* r = m.region_at(addr);
    if (!r || !r->reader) return;
    uint64_t at = static_cast<uint64_t>(static_cast<int64_t>(addr) + r->delta);
    const PageRun* run = r->reader->find(at);
    if (!run || !(run->flags & kPePresent) || (run->flags & kPeParent)) return;
    auto bytes = r->reader->run_bytes(*run);
    if (!bytes) return;   // page_of reports it
    uint64_t n = std::min(len, std::min(run->end(), r->end + static_cast<uint64_t>(r->delta)) - at);
    auto p = reinterpret_cast<uintptr_t>(bytes->data() + (at - run->start));
    uintptr_t lo = p & ~uintptr_t{kPageSize - 1};
    ::madvise(reinterpret_cast<void*>(lo), p + n - lo, MADV_POPULATE_READ);   // a hint: errors do not matter
#endif
}

// One side's memory read with pread(2) where a stretch lies wholly in one run of the task's own
// pages file: a streaming pass without mapping, as cmp reads (on the VMs we run on, mapping the
// pages cost more than comparing them). Anything else goes through page_of.
class BulkReader {
public:
    BulkReader(Checkpoint& d, const ProcessMemory& m) : d_(d), m_(m), buf_(kChunk) {}
    ~BulkReader() {
        for (auto& [pm, fd] : fds_)
            if (fd >= 0) ::close(fd);
    }
    BulkReader(const BulkReader&) = delete;
    BulkReader& operator=(const BulkReader&) = delete;

    // The bytes of [addr, addr + len) (len <= kChunk), or nullptr when that stretch is not in one
    // present run of the task's own pages file (or the file reads short: page_of then says why).
    Expected<const std::byte*> read(uint64_t addr, uint64_t len) {
        const ProcessMemory::Region* r = m_.region_at(addr);
        if (!r || !r->reader || addr + len > r->end) return none();
        uint64_t at = static_cast<uint64_t>(static_cast<int64_t>(addr) + r->delta);
        const PageRun* run = r->reader->find(at);
        if (!run || !(run->flags & kPePresent) || (run->flags & kPeParent) || at + len > run->end()) return none();
        auto fd = fd_of(*r->reader);
        if (!fd) return std::move(fd).error();
        if (*fd < 0) return none();
        uint64_t off = run->file_offset + (at - run->start), got = 0;
        while (got < len) {
            ssize_t n = ::pread(*fd, buf_.data() + got, len - got, static_cast<off_t>(off + got));
            if (n <= 0) return none();
            got += static_cast<uint64_t>(n);
        }
        return static_cast<const std::byte*>(buf_.data());
    }

private:
    static Expected<const std::byte*> none() { return static_cast<const std::byte*>(nullptr); }
    Expected<int> fd_of(const PagemapReader& pm) {
        auto it = fds_.find(&pm);
        if (it != fds_.end()) return it->second;
        auto pages = pm.pages();   // unpacks an archive's member first; names a missing file
        if (!pages) return std::move(pages).error();
        int fd = ::open(d_.source().path_of(pm.pages_file()).c_str(), O_RDONLY | O_CLOEXEC);
        fds_[&pm] = fd;
        return fd;
    }

    Checkpoint& d_;
    const ProcessMemory& m_;
    std::vector<std::byte> buf_;
    std::map<const PagemapReader*, int> fds_;
};

class PageComparer {
public:
    PageComparer(Context& cx, const TaskPair& t, const ProcessMemory& a, const ProcessMemory& b)
        : cx_(cx), t_(t), a_(a), b_(b), bulk_a_(cx.a, a), bulk_b_(cx.b, b), buf_a_(kPageSize), buf_b_(kPageSize),
          spans_(union_of(a, b)) {
        for (const auto& [lo, hi] : spans_) total_ += hi - lo;
    }

    // Compares about `budget` more bytes of address space (whole chunks); true once all is.
    Expected<bool> step(uint64_t budget) {
        for (uint64_t spent = 0; span_ < spans_.size() && spent < budget;) {
            auto [lo, hi] = spans_[span_];
            at_ = std::max(at_, lo);
            uint64_t n = std::min(kChunk, hi - at_);
            if (auto ok = chunk(at_, n); !ok) return std::move(ok).error();
            a_.release_before(at_ + n);
            b_.release_before(at_ + n);
            at_ += n;
            done_ += n;
            spent += n;
            if (cx_.opt.progress) cx_.opt.progress(done_, total_);
            if (at_ >= hi) ++span_;
        }
        if (span_ < spans_.size()) return false;
        for (auto& [start, v] : vmas_) cx_.result.pages.push_back(std::move(v));
        vmas_.clear();
        return true;
    }
    uint64_t done() const { return done_; }
    uint64_t total() const { return total_; }

private:
    Expected<void> chunk(uint64_t at, uint64_t len) {
        auto ba = bulk_a_.read(at, len);
        if (!ba) return std::move(ba).error();
        auto bb = bulk_b_.read(at, len);
        if (!bb) return std::move(bb).error();
        if (!*ba) populate(a_, at, len);
        if (!*bb) populate(b_, at, len);
        for (uint64_t page = at; page < at + len; page += kPageSize) {
            auto pa = *ba ? Expected<const std::byte*>(*ba + (page - at)) : page_of(a_, page, buf_a_.data());
            if (!pa) return std::move(pa).error();
            auto pb = *bb ? Expected<const std::byte*>(*bb + (page - at)) : page_of(b_, page, buf_b_.data());
            if (!pb) return std::move(pb).error();
            if (*pa && *pb) {
                ++cx_.result.pages_compared;
                if (std::memcmp(*pa, *pb, kPageSize) != 0) note(page, Change::Changed);
            } else if (*pa || *pb) {
                note(page, *pa ? Change::Removed : Change::Added);
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
    BulkReader bulk_a_, bulk_b_;
    std::vector<std::byte> buf_a_, buf_b_;
    std::map<uint64_t, VmaPages> vmas_;
    Spans spans_;
    size_t span_ = 0;
    uint64_t at_ = 0, done_ = 0, total_ = 0;
};

}  // namespace

struct PagesJob::Impl {
    Impl(Context& cx, const TaskPair& t, ProcessMemory a, ProcessMemory b)
        : mem_a(std::move(a)), mem_b(std::move(b)), comparer(cx, t, mem_a, mem_b) {}
    ProcessMemory mem_a, mem_b;
    PageComparer comparer;
};

PagesJob::PagesJob() = default;
PagesJob::~PagesJob() = default;

Expected<std::unique_ptr<PagesJob>> PagesJob::open(Context& cx, const TaskPair& t) {
    auto job = std::unique_ptr<PagesJob>(new PagesJob());
    if (!cx.wants("pages")) return job;
    auto ma = ProcessMemory::open(cx.a, t.a);
    if (!ma) return std::move(ma).error();
    auto mb = ProcessMemory::open(cx.b, t.b);
    if (!mb) return std::move(mb).error();
    job->impl_ = std::make_unique<Impl>(cx, t, std::move(*ma), std::move(*mb));
    return job;
}

Expected<bool> PagesJob::step(uint64_t budget) { return impl_ ? impl_->comparer.step(budget) : true; }
uint64_t PagesJob::done() const { return impl_ ? impl_->comparer.done() : 0; }
uint64_t PagesJob::total() const { return impl_ ? impl_->comparer.total() : 0; }

Expected<void> diff_pages(Context& cx, const TaskPair& t) {
    auto job = PagesJob::open(cx, t);
    if (!job) return std::move(job).error();
    for (;;) {
        auto done = (*job)->step(UINT64_MAX);
        if (!done) return std::move(done).error();
        if (*done) return {};
    }
}

}  // namespace img::diff
