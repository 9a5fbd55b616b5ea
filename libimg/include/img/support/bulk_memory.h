// Bulk memory: large blocks that are written as soon as they are taken (a model's messages, a
// view's rows), mapped whole and populated in one system call rather than faulted in page by page.
#pragma once

#include <cstddef>

namespace img {

// The huge page of x86-64 and arm64 (4 KiB base pages): the unit of bulk blocks from 512 KiB.
inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// At least n bytes, aligned for any type. Below 256 KiB from the heap; from 256 KiB mapped; from
// 512 KiB rounded up to whole 2 MiB transparent huge pages; populated at once where the kernel allows
// (MADV_POPULATE_WRITE, Linux 5.14; elsewhere pages fault in as they are used). Throws
// std::bad_alloc when the system has no memory left, as operator new does.
void* bulk_alloc(size_t n);
// Frees what bulk_alloc(n) returned; n must be the size asked for.
void bulk_free(void* p, size_t n);

// Lets the heap's next `reserve` bytes come in 2 MiB transparent huge pages: for a tool that builds
// megabytes of small objects (a rewrite's changes, a verify's tables), where each small page faulted
// in costs microseconds on a virtual machine. Blocks up to 32 MiB then come from that heap, not from
// separate mappings. Memory is taken only as it is used, but in huge pages: resident size grows in
// 2 MiB steps, so a tool that must stay small (img-show's streaming decode) does not call it. Once
// per process; false when the system refused (the heap then stays as it was, and works as before).
bool use_huge_page_heap(size_t reserve = size_t{64} << 20);

// A standard allocator over bulk_alloc, for containers that reserve their size once.
template <class T>
struct BulkAllocator {
    using value_type = T;
    BulkAllocator() = default;
    template <class U>
    BulkAllocator(const BulkAllocator<U>&) {}
    T* allocate(size_t n) { return static_cast<T*>(bulk_alloc(n * sizeof(T))); }
    void deallocate(T* p, size_t n) { bulk_free(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const BulkAllocator<U>&) const { return true; }
};

}  // namespace img
