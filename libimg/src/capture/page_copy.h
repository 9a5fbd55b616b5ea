// Copying a stopped task's memory: which pages to keep (from /proc/PID/pagemap and each VMA's
// page policy) as runs, then the runs' bytes read with process_vm_readv straight into pages-N.img.
#pragma once

#include <cstdint>
#include <sys/types.h>
#include <vector>

#include "img/support/error.h"
#include "img/support/progress.h"
#include "vma_plan.h"

namespace img {

struct PageRun {
    uint64_t vaddr = 0;
    uint64_t nr_pages = 0;
    uint32_t flags = 0;   // CRIU's PE_PRESENT, PE_LAZY
};

// Which page of an area is kept, from its pagemap word (bit 63 present, 62 swapped, 61 file).
bool keep_page(PagePolicy policy, uint64_t pagemap_word);
// The runs to copy from pagemap words: words[i] describes the page at plan.area.start + i*4096.
// Appends to `runs`, joining a run that continues the last one with the same flags.
void add_page_runs(const VmaPlan& plan, const std::vector<uint64_t>& words, std::vector<PageRun>& runs);

// Reads /proc/PID/pagemap for every planned area: the runs, in address order.
Expected<std::vector<PageRun>> find_page_runs(pid_t pid, const std::vector<VmaPlan>& plans);
// Copies the runs' pages to `out_fd` in order (a bounded buffer, 4 MiB), reporting progress in
// bytes against `total` from `done_before`.
Expected<void> copy_page_runs(pid_t pid, const std::vector<PageRun>& runs, int out_fd, const ProgressFn& progress,
                              uint64_t done_before, uint64_t total);

}  // namespace img
