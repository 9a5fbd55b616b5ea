// PagesFiles: where a run of present bytes lies in its pages file (the task's, a shared-memory
// object's, or a parent dump's), opened once each, so that a core's segments are copied file to
// file (copy_file_range) instead of through the mapping: on these VMs every page-table change
// costs, and a copy through the mapped pages faulted in every page.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "img/model/dump_source.h"
#include "img/model/process_memory.h"

namespace img::coredump_detail {

struct FileSpan {
    int fd = -1;
    uint64_t offset = 0;
};

class PagesFiles {
public:
    explicit PagesFiles(const DumpSource& src) : src_(src) {}
    ~PagesFiles();
    PagesFiles(const PagesFiles&) = delete;
    PagesFiles& operator=(const PagesFiles&) = delete;

    // The file and offset of `data`, handed over by ProcessMemory::for_each_present for region
    // `r`; nullopt when it lies in none of the region's pages files or the file cannot be opened
    // (the caller then writes the bytes from the mapping).
    std::optional<FileSpan> locate(const ProcessMemory::Region& r, Bytes data);

private:
    const DumpSource& src_;
    std::map<std::string, int> fds_;   // path -> descriptor (-1: could not be opened)
};

}  // namespace img::coredump_detail
