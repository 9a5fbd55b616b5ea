// PagemapReader: the memory described by one pagemap image (a task's, or a
// shared-memory object's pagemap-shmem-*), with its pages file and the parent
// chain of incremental dumps. Lookup is a binary search; the pages file is
// opened only when bytes are asked for, and read from its mapping on demand,
// never loaded whole: sizes and counts come from the pagemap alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "img/model/dump_source.h"
#include "img/support/error.h"
#include "img/io/mapped_file.h"

namespace img {

inline constexpr uint64_t kPageSize = 4096;   // x86_64 and the usual arm64 configuration

inline constexpr uint32_t kPeParent = 1, kPeLazy = 2, kPePresent = 4;

struct PageRun {
    uint64_t start = 0;        // virtual address (or byte offset in a shared object)
    uint64_t nr_pages = 0;
    uint32_t flags = 0;        // normalised as CRIU does (in_parent -> PE_PARENT; absent -> PE_PRESENT)
    uint64_t file_offset = 0;  // in pages-<id>.img, for PE_PRESENT runs
    uint64_t end() const { return start + nr_pages * kPageSize; }
};

struct AddressSpan {
    uint64_t start = 0, end = 0;
};

class PagemapReader {
public:
    // Loads `name` (e.g. "pagemap-42.img") from src, which must outlive the reader. Pages are
    // looked up in src's pages file, and PE_PARENT runs in the same image of src's parent chain.
    static Expected<std::unique_ptr<PagemapReader>> open(const DumpSource& src, const std::string& name);

    const std::vector<PageRun>& runs() const { return runs_; }   // sorted by start
    uint32_t pages_id() const { return pages_id_; }
    const std::string& pages_file() const { return pages_name_; }
    uint64_t present_pages() const;
    // The pages file, opened on first use: an Error when it is missing or unreadable while
    // runs of this pagemap need it.
    Expected<const MappedFile*> pages() const;
    const std::string& name() const { return name_; }

    // The run containing addr, or nullptr.
    const PageRun* find(uint64_t addr) const;

    // Copies [addr, addr + len) into out. Bytes that the dump does not hold (no run, a lazy run
    // without data, a parent that lacks them) are zero-filled in out and listed in `absent`.
    // Bytes the pagemap says are in the pages file are an Error when the file lacks them (missing,
    // cut short): never shown as absent.
    Expected<void> read(uint64_t addr, size_t len, std::byte* out, std::vector<AddressSpan>& absent) const;

    const PagemapReader* parent() const { return parent_.get(); }
    bool sorted_in_file() const { return sorted_in_file_; }

    // The bytes of a present run inside this directory's pages file (empty if not present here);
    // an Error naming the pages file and the offset when the file does not hold all of them.
    Expected<Bytes> run_bytes(const PageRun& r) const;

    // Lets the mapped pages of the pages file before `upto` leave memory (MappedFile::release_before).
    void release_before(const std::byte* upto) const;

private:
    std::string name_;
    std::string pages_name_;
    uint32_t pages_id_ = 0;
    std::vector<PageRun> runs_;
    const DumpSource* src_ = nullptr;
    uint64_t described_bytes_ = 0;              // bytes of the pages file the present runs need
    mutable std::optional<MappedFile> pages_;   // opened on first use
    mutable std::optional<Error> pages_error_;
    std::unique_ptr<PagemapReader> parent_;   // same image in the parent dump, if any
    bool sorted_in_file_ = true;
};

}  // namespace img
