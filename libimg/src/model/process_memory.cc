#include "img/process_memory.h"

#include <algorithm>
#include <cstring>

namespace img {

namespace {

// Present runs of `r` (and, for PE_PARENT runs, of its parent chain) inside [lo, hi).
void present_runs(const PagemapReader& pm, uint64_t lo, uint64_t hi,
                  const std::function<bool(uint64_t, Bytes)>& fn, bool& stop) {
    const auto& runs = pm.runs();
    auto it = std::upper_bound(runs.begin(), runs.end(), lo, [](uint64_t a, const PageRun& r) { return a < r.start; });
    if (it != runs.begin()) --it;
    for (; it != runs.end() && it->start < hi && !stop; ++it) {
        if (it->end() <= lo) continue;
        uint64_t s = std::max(lo, it->start), e = std::min(hi, it->end());
        if (it->flags & kPePresent) {
            Bytes b = pm.run_bytes(*it);
            uint64_t off = s - it->start;
            if (off >= b.size()) continue;
            size_t n = std::min<uint64_t>(e - s, b.size() - off);
            if (!fn(s, b.subspan(off, n))) stop = true;
        }
    }
}

}  // namespace

Expected<ProcessMemory> ProcessMemory::open(Dump& dump, uint32_t pid) {
    ProcessMemory pmem;
    auto mm = dump.mm(pid);
    if (!mm) return std::move(mm).error();
    if (!*mm) return pmem;
    auto task_pm = dump.pagemap(pid);
    if (!task_pm) return std::move(task_pm).error();
    pmem.regions_.reserve(static_cast<size_t>((*mm)->vmas_size()));
    for (const auto& v : (*mm)->vmas()) {
        if (v.status() & kVmaGuard) continue;
        if (v.end() <= v.start()) continue;
        Region r;
        r.start = v.start();
        r.end = v.end();
        r.vma = &v;
        r.reader = *task_pm;
        uint64_t shmid = 0;
        bool shared = false;
        if ((v.status() & kVmaSysvipc) || ((v.status() & kVmaAnonShared) && !(v.status() & kVmaMemfd))) {
            shmid = v.shmid(); shared = true;
        } else if ((v.status() & kVmaMemfd) && (v.status() & kVmaFileShared)) {
            auto files = dump.files();
            auto inodes = dump.memfd_inodes();
            if (files && inodes && *inodes) {
                if (const cimg::FileEntry* f = (*files)->find(static_cast<uint32_t>(v.shmid())); f && f->has_memfd())
                    for (const auto& ino : **inodes)
                        if (ino.inode_id() == f->memfd().inode_id()) { shmid = ino.shmid(); shared = true; }
            }
        } else if (v.status() & kVmaFileShared) {
            r.reader = nullptr;   // the file holds the data, not the dump
        }
        if (shared) {
            auto sp = dump.shmem_pagemap(shmid);
            if (!sp) return std::move(sp).error();
            r.reader = *sp;
            r.shared = true;
            r.delta = static_cast<int64_t>(v.pgoff()) - static_cast<int64_t>(v.start());
        }
        pmem.regions_.push_back(r);
    }
    std::sort(pmem.regions_.begin(), pmem.regions_.end(), [](const Region& a, const Region& b) { return a.start < b.start; });
    return pmem;
}

const ProcessMemory::Region* ProcessMemory::region_at(uint64_t addr) const {
    auto it = std::upper_bound(regions_.begin(), regions_.end(), addr, [](uint64_t a, const Region& r) { return a < r.start; });
    if (it == regions_.begin()) return nullptr;
    --it;
    return addr < it->end ? &*it : nullptr;
}

Expected<void> ProcessMemory::read(uint64_t addr, size_t len, std::byte* out, std::vector<AddressSpan>& absent) const {
    auto add_absent = [&](uint64_t s, uint64_t e) {
        if (s >= e) return;
        if (!absent.empty() && absent.back().end == s) absent.back().end = e;
        else absent.push_back(AddressSpan{s, e});
    };
    uint64_t pos = addr, end = addr + len;
    while (pos < end) {
        const Region* r = region_at(pos);
        if (!r) {
            auto next = std::upper_bound(regions_.begin(), regions_.end(), pos, [](uint64_t a, const Region& x) { return a < x.start; });
            uint64_t stop = next == regions_.end() ? end : std::min(end, next->start);
            std::memset(out + (pos - addr), 0, stop - pos);
            add_absent(pos, stop);
            pos = stop;
            continue;
        }
        uint64_t stop = std::min(end, r->end);
        if (!r->reader) {
            std::memset(out + (pos - addr), 0, stop - pos);
            add_absent(pos, stop);
        } else {
            std::vector<AddressSpan> sub;
            auto ok = r->reader->read(pos + r->delta, stop - pos, out + (pos - addr), sub);
            if (!ok) return ok;
            for (auto& s : sub) add_absent(s.start - r->delta, s.end - r->delta);
        }
        pos = stop;
    }
    return {};
}

void ProcessMemory::for_each_present(const std::function<bool(uint64_t, Bytes, const Region&)>& fn) const {
    bool stop = false;
    for (const Region& r : regions_) {
        if (!r.reader || stop) continue;
        const PagemapReader* pm = r.reader;
        // Walk this reader and, for PE_PARENT holes, its parents (through read-only recursion).
        std::function<void(const PagemapReader&, uint64_t, uint64_t)> walk = [&](const PagemapReader& p, uint64_t lo, uint64_t hi) {
            const auto& runs = p.runs();
            auto it = std::upper_bound(runs.begin(), runs.end(), lo, [](uint64_t a, const PageRun& x) { return a < x.start; });
            if (it != runs.begin()) --it;
            for (; it != runs.end() && it->start < hi && !stop; ++it) {
                if (it->end() <= lo) continue;
                uint64_t s = std::max(lo, it->start), e = std::min(hi, it->end());
                if (it->flags & kPePresent) {
                    present_runs(p, s, e, [&](uint64_t a, Bytes b) { return fn(a - r.delta, b, r); }, stop);
                } else if ((it->flags & kPeParent) && p.parent()) {
                    walk(*p.parent(), s, e);
                }
            }
        };
        walk(*pm, r.start + r.delta, r.end + r.delta);
    }
}

uint64_t ProcessMemory::present_bytes() const {
    uint64_t n = 0;
    for_each_present([&](uint64_t, Bytes b, const Region&) { n += b.size(); return true; });
    return n;
}

}  // namespace img
