#include "img/model/process_memory.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace img {

namespace {

constexpr uint64_t kPiece = 8u << 20;   // what for_each_present hands over at most at once

// The regions of a task whose mm image is missing: its pagemap's runs, without VMA details.
void regions_from_pagemap(ProcessMemory::Regions& out, PagemapReader* pm) {
    for (const auto& run : pm->runs()) {
        if (run.nr_pages == 0) continue;
        if (!out.empty() && out.back().end == run.start) { out.back().end = run.end(); continue; }
        ProcessMemory::Region r;
        r.start = run.start;
        r.end = run.end();
        r.reader = pm;
        out.push_back(r);
    }
}

}  // namespace

Expected<ProcessMemory> ProcessMemory::open(Checkpoint& dump, uint32_t pid) {
    ProcessMemory pmem;
    auto mm = dump.mm(pid);
    if (!mm) return std::move(mm).error();
    auto task_pm = dump.pagemap(pid);
    if (!task_pm) return std::move(task_pm).error();
    if (!*mm) {
        auto zombie = dump.is_zombie(pid);
        if (zombie && *zombie) return pmem;   // a zombie has no memory
        if (!*task_pm) {
            pmem.missing_ = fmt::format("mm-{0}.img and pagemap-{0}.img are missing: task {0}'s memory is not in the dump", pid);
            return pmem;
        }
        pmem.missing_ = fmt::format("mm-{0}.img is missing: task {0}'s memory is shown from pagemap-{0}.img alone "
                                    "(no VMAs, no shared memory)", pid);
        regions_from_pagemap(pmem.regions_, *task_pm);
        return pmem;
    }
    if (!*task_pm)
        pmem.missing_ = fmt::format("pagemap-{0}.img is missing: task {0}'s private memory is not in the dump", pid);
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

void ProcessMemory::for_each_present_run(const RunFn& fn) const {
    bool stop = false;
    for (const Region& r : regions_) {
        if (!r.reader || stop) continue;
        // This reader's present runs and, for PE_PARENT runs, its parents' (read-only recursion).
        std::function<void(const PagemapReader&, uint64_t, uint64_t)> walk = [&](const PagemapReader& p, uint64_t lo, uint64_t hi) {
            const auto& runs = p.runs();
            auto it = std::upper_bound(runs.begin(), runs.end(), lo, [](uint64_t a, const PageRun& x) { return a < x.start; });
            if (it != runs.begin()) --it;
            for (; it != runs.end() && it->start < hi && !stop; ++it) {
                if (it->end() <= lo) continue;
                uint64_t s = std::max(lo, it->start), e = std::min(hi, it->end());
                if (it->flags & kPePresent) {
                    if (!fn(r, p, *it, s, e)) stop = true;
                } else if ((it->flags & kPeParent) && p.parent()) {
                    walk(*p.parent(), s, e);
                }
            }
        };
        walk(*r.reader, static_cast<uint64_t>(static_cast<int64_t>(r.start) + r.delta),
             static_cast<uint64_t>(static_cast<int64_t>(r.end) + r.delta));
    }
}

Expected<void> ProcessMemory::for_each_present(const PresentFn& fn, const Scan& scan) const {
    std::optional<Error> err;
    bool go = true;
    for_each_present_run([&](const Region& r, const PagemapReader& pm, const PageRun& run, uint64_t lo, uint64_t hi) {
        auto bytes = pm.run_bytes(run);
        if (!bytes) { err = std::move(bytes).error(); return false; }
        // [from, to) as offsets into the run's bytes, handed over in pieces.
        auto emit = [&](uint64_t from, uint64_t to) {
            for (uint64_t at = from; at < to && go; at += kPiece) {
                Bytes piece = bytes->subspan(at, std::min(kPiece, to - at));
                go = fn(run.start + at - static_cast<uint64_t>(r.delta), piece, r);
                pm.release_before(piece.data() + piece.size());
            }
        };
        uint64_t at = lo - run.start, end = hi - run.start;
        if (scan.hole_margin) {
            auto pages = pm.pages();   // opened by run_bytes above
            const auto& holes = (*pages)->holes();
            const uint64_t base = run.file_offset, m = *scan.hole_margin;
            auto h = std::upper_bound(holes.begin(), holes.end(), base + at,
                                      [](uint64_t off, const MappedFile::Hole& x) { return off < x.end; });
            for (; h != holes.end() && h->start < base + end && go; ++h) {
                uint64_t hs = std::max<uint64_t>(h->start, base + at) - base, he = std::min<uint64_t>(h->end, base + end) - base;
                emit(at, hs);
                if (he - hs > 2 * m) {
                    emit(hs, hs + m);
                    if (scan.on_skip) {
                        const uint64_t a = run.start - static_cast<uint64_t>(r.delta);
                        scan.on_skip(a + hs + m, a + he - m);
                    }
                    emit(he - m, he);
                } else {
                    emit(hs, he);
                }
                at = he;
            }
        }
        emit(at, end);
        return go;
    });
    if (err) return std::move(*err);
    return {};
}

uint64_t ProcessMemory::present_bytes() const {
    uint64_t n = 0;
    for_each_present_run([&](const Region&, const PagemapReader&, const PageRun&, uint64_t lo, uint64_t hi) {
        n += hi - lo;
        return true;
    });
    return n;
}

void ProcessMemory::release_before(uint64_t addr) const {
    const Region* r = addr ? region_at(addr - 1) : nullptr;
    if (!r || !r->reader) return;
    uint64_t at = static_cast<uint64_t>(static_cast<int64_t>(addr - 1) + r->delta);
    const PageRun* run = r->reader->find(at);
    if (!run || !(run->flags & kPePresent)) return;
    auto bytes = r->reader->run_bytes(*run);
    if (bytes) r->reader->release_before(bytes->data() + (at + 1 - run->start));
}

}  // namespace img
