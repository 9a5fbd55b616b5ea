// write_core_file: one task's ELF64 x86_64 ET_CORE, streamed from the dump to its path: the
// notes, one PT_LOAD per VMA holding the pages the dump has (absent pages are holes or lie past
// p_filesz, never written as data), and a CRIU-IMG note listing what is absent. Written beside
// the path, fsynced and renamed: a core is whole or not there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "img/coredump/elf_note.h"
#include "img/model/dump_source.h"
#include "img/model/process_memory.h"
#include "img/support/error.h"
#include "img/support/progress.h"

namespace img {

// A range of a VMA whose pages the dump does not hold.
struct AbsentRange {
    uint64_t start = 0, end = 0;
    bool file_backed = false;   // the mapped file holds them (gdb reads it through NT_FILE)
};

// What went into one core file.
struct CoreFileStats {
    size_t segments = 0;              // PT_LOADs, one per VMA
    uint64_t data_bytes = 0;          // bytes of pages written
    uint64_t file_size = 0;           // the core's length (holes included)
    std::vector<AbsentRange> absent;  // in address order
};

// Writes the core of the task whose memory is `mem` (in the dump `src`) and whose notes are
// `notes` to `path` (replacing a core already there). Pages are copied from their pages files
// with copy_file_range where the file systems allow it. Progress counts page bytes from
// `done_before`.
Expected<CoreFileStats> write_core_file(const std::string& path, const ElfNotes& notes, const ProcessMemory& mem,
                                        const DumpSource& src, const ProgressFn& progress, uint64_t done_before,
                                        uint64_t total);

}  // namespace img
