// ProcessMemory: a task's address space as the dump holds it. Each VMA reads
// from the task's pagemap, or from the shared object's pagemap-shmem-* (SysV
// shm, shared anonymous memory, memfd), through the parent chain. Without
// an mm image, the task's pagemap alone gives the regions (no VMA details).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "img/support/bulk_memory.h"
#include "img/model/checkpoint.h"
#include "img/model/pagemap_reader.h"

namespace img {

// VMA status bits (part of CRIU's image ABI).
inline constexpr uint32_t kVmaRegular = 1u << 0, kVmaStack = 1u << 1, kVmaVsyscall = 1u << 2, kVmaVdso = 1u << 3,
                          kVmaHeap = 1u << 5, kVmaFilePrivate = 1u << 6, kVmaFileShared = 1u << 7,
                          kVmaAnonShared = 1u << 8, kVmaAnonPrivate = 1u << 9, kVmaSysvipc = 1u << 10,
                          kVmaSocket = 1u << 11, kVmaVvar = 1u << 12, kVmaAioring = 1u << 13, kVmaMemfd = 1u << 14,
                          kVmaShstk = 1u << 15, kVmaGuard = 1u << 16, kVmaUprobes = 1u << 17;

class ProcessMemory {
public:
    struct Region {
        uint64_t start = 0, end = 0;
        const cimg::VmaEntry* vma = nullptr;
        PagemapReader* reader = nullptr;   // nullptr: the dump holds no pages for it
        int64_t delta = 0;                 // reader address = address + delta
        bool shared = false;               // reads from a shared object's pagemap
    };

    // The memory of task `pid` (an Error if its images are unreadable; no regions for zombies).
    static Expected<ProcessMemory> open(Checkpoint& dump, uint32_t pid);

    // What the dump lacks for this task, in words ("mm-42.img is missing: ..."), or "" when
    // nothing is: a zombie has no memory and lacks nothing.
    const std::string& missing() const { return missing_; }

    using Regions = std::vector<Region, BulkAllocator<Region>>;   // one per VMA: populated at once
    const Regions& regions() const { return regions_; }
    const Region* region_at(uint64_t addr) const;

    // Copies [addr, addr+len) into out; what the dump lacks is zero-filled and listed in `absent`.
    Expected<void> read(uint64_t addr, size_t len, std::byte* out, std::vector<AddressSpan>& absent) const;

    // How for_each_present walks the bytes.
    struct Scan {
        // When set: a hole of a pages file (zeros that occupy no disk) longer than twice this is
        // reported only as its first and last `hole_margin` bytes, so a search for bytes that
        // are not all zeros skips it; on_skip is told which addresses were passed over.
        std::optional<uint64_t> hole_margin;
        std::function<void(uint64_t from, uint64_t to)> on_skip;
    };
    // Calls fn for every run of bytes the dump holds, in address order, with the region it
    // belongs to, in pieces of at most 8 MiB; the mapped pages behind each piece leave memory
    // after it. Runs are never copied: `data` points into the mmapped pages file. An Error when
    // a pages file lacks bytes its pagemap describes.
    using PresentFn = std::function<bool(uint64_t addr, Bytes data, const Region&)>;
    Expected<void> for_each_present(const PresentFn& fn, const Scan& scan) const;
    Expected<void> for_each_present(const PresentFn& fn) const { return for_each_present(fn, Scan{}); }

    // For a reader of read() that goes up in address order: lets the mapped pages that reads below
    // `addr` touched leave memory (the task's own pages file; parents keep theirs), so memory stays
    // bounded as in for_each_present.
    void release_before(uint64_t addr) const;

    // Bytes of the regions the dump holds, from the pagemaps alone (no pages file is read).
    uint64_t present_bytes() const;

private:
    // Calls fn(reader, run, lo, hi) for each stretch [lo, hi) of reader addresses held by a present
    // run, through the parent chain, in address order.
    using RunFn = std::function<bool(const Region&, const PagemapReader&, const PageRun&, uint64_t, uint64_t)>;
    void for_each_present_run(const RunFn& fn) const;

    Regions regions_;
    std::string missing_;
};

}  // namespace img
