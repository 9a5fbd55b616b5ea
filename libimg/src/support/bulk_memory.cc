#include "img/support/bulk_memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace img {

namespace {

constexpr size_t kMappedFrom = 256 << 10;

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   // Linux 5.14; older kernels answer EINVAL and pages fault in as used
#endif

// From a quarter of a huge page on, a block takes whole huge pages: on a virtual machine the
// first touch of each small page can cost microseconds even when the kernel has populated it
// (measured: about 2.5 ms to fill a 960 KiB block). The price is memory: a block of 512 KiB takes
// 2 MiB, so bulk memory is for the big, few blocks of a model or a view.
constexpr size_t kHugeFrom = kHugePageBytes / 4;

size_t mapped_size(size_t n) {
    static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    if (n >= kHugeFrom) return (n + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    return (n + page - 1) / page * page;
}

}  // namespace

void* bulk_alloc(size_t n) {
    if (n < kMappedFrom) return ::operator new(n);
    size_t len = mapped_size(n);
    if (len < kHugePageBytes) {
        void* p = ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        ::madvise(p, len, MADV_POPULATE_WRITE);
        return p;
    }
    // A huge page needs a 2 MiB-aligned range: map one huge page more, then unmap the slack.
    size_t span = len + kHugePageBytes;
    void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    auto base = reinterpret_cast<uintptr_t>(raw);
    uintptr_t aligned = (base + kHugePageBytes - 1) & ~(uintptr_t{kHugePageBytes} - 1);
    if (aligned > base) ::munmap(raw, aligned - base);
    if (uintptr_t tail = base + span - (aligned + len)) ::munmap(reinterpret_cast<void*>(aligned + len), tail);
    auto* p = reinterpret_cast<void*>(aligned);
    ::madvise(p, len, MADV_HUGEPAGE);
    ::madvise(p, len, MADV_POPULATE_WRITE);
    return p;
}

bool use_huge_page_heap(size_t reserve) {
    static const bool done = [reserve] {
        constexpr size_t kFromHeapUpTo = size_t{32} << 20;
        if (reserve < kHugePageBytes || reserve > (size_t{512} << 20)) return false;
        if (::mallopt(M_MMAP_THRESHOLD, static_cast<int>(kFromHeapUpTo)) != 1) return false;   // not glibc's heap
        // The heap grows by `reserve` at once and keeps it when blocks are freed (no trimming
        // back and growing again), so the range marked below is the one the heap goes on using.
        ::mallopt(M_TOP_PAD, static_cast<int>(reserve));
        ::mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * reserve));
        // A block one page larger than the heap's free top makes it grow. Nothing may be written
        // in the range to be marked before it is marked: a small page there would keep its huge
        // page from forming. So the block stays small and the range starts well past it.
        const size_t top = ::mallinfo2().keepcost;
        auto start = reinterpret_cast<uintptr_t>(::sbrk(0));
        void* grow = std::malloc(top + 4096);
        const auto grow_at = reinterpret_cast<uintptr_t>(grow);
        auto end = reinterpret_cast<uintptr_t>(::sbrk(0));
        uintptr_t from = (start + (64 << 10) + kHugePageBytes - 1) & ~(uintptr_t{kHugePageBytes} - 1);
        uintptr_t to = end & ~(uintptr_t{kHugePageBytes} - 1);
        bool ok = grow != nullptr && to > from && grow_at < from &&
                  ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE) == 0;
        std::free(grow);
        if (!ok) return false;
        // The heap below `from` is small pages: a block never freed covers it, so what is allocated
        // next starts in the huge pages (the block is never touched past its header).
        static void* below = std::malloc(from - grow_at);
        return below != nullptr;
    }();
    return done;
}

void bulk_free(void* p, size_t n) {
    if (n < kMappedFrom) ::operator delete(p);
    else ::munmap(p, mapped_size(n));
}

}  // namespace img
