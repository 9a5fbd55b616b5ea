// VmaPlan: how one mapping of /proc/PID/maps becomes a CRIU VMA (status, flags, madvise bits)
// and which of its pages the dump copies; areas CRIU 4.2 could not restore as recorded are
// refused here with the kind named.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "img/support/error.h"
#include "proc_maps.h"

namespace img {

enum class PagePolicy {
    None,          // nothing to copy (shared file mappings, vvar, vsyscall)
    AnonPrivate,   // every present or swapped page
    FilePrivate,   // only pages copied on write (present and no longer the file's)
    Vdso,          // every page (a forked child that never called into it has none present, and
                   // CRIU's restorer reads the dumped vDSO's ELF header), never lazy
};

struct VmaPlan {
    MappedArea area;
    uint32_t status = 0;    // VMA_AREA_* / VMA_*_PRIVATE / ... (CRIU's vma status bits)
    uint32_t flags = 0;     // MAP_PRIVATE / MAP_SHARED / MAP_ANONYMOUS / MAP_GROWSDOWN
    uint32_t prot = 0;
    uint64_t madv = 0;      // 1 << MADV_* for each madvise the kernel shows in VmFlags
    PagePolicy pages = PagePolicy::None;
    bool file_backed = false;
    bool writable_shared = false;   // the file entry must be opened O_RDWR
    bool shared_anon = false;       // MAP_SHARED|MAP_ANONYMOUS: a memfd entry, as CRIU 4.2 writes it
};

// Every area planned in order ([vvar] and [vvar_vclock] joined into one VVAR area, as CRIU
// sees them); `pid` only names the task in errors.
Expected<std::vector<VmaPlan>> plan_vmas(const std::vector<MappedArea>& areas, int pid);

}  // namespace img
