// MappedArea: one line of /proc/PID/maps with the VmFlags of its smaps block, the raw facts the
// mm image's VMAs and the page copy are made from. Parsed from text, so tests feed recorded data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "img/support/error.h"

namespace img {

struct MappedArea {
    uint64_t start = 0, end = 0, pgoff = 0;
    bool read = false, write = false, exec = false, shared = false;
    uint32_t dev_major = 0, dev_minor = 0;
    uint64_t inode = 0;
    std::string path;                  // "" for anonymous memory, "[heap]", "[vdso]", a file path
    std::vector<std::string> vm_flags; // two-letter VmFlags of smaps ("rd", "gd", "dd", ...)

    bool has_flag(std::string_view f) const;
    bool is_file() const { return inode != 0 && !path.empty() && path[0] == '/'; }
    uint64_t pages() const { return (end - start) / 4096; }
};

// /proc/PID/smaps (or maps) text; VmFlags lines are attached to the area above them.
Expected<std::vector<MappedArea>> parse_proc_maps(const std::string& text);

}  // namespace img
