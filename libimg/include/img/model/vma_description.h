// What backs a VMA, as crit x mems names it (section 3.2 of the format notes), with [heap],
// [vvar] and memfd names added, and its protection as "rwx".
#pragma once

#include <cstdint>
#include <string>

#include "img/model/checkpoint.h"

namespace img {

// "/usr/lib/libc.so.6 + 0x26000", "... (s)", "[stack]", "shmem[5]", "packet[...]"; " *" (or "*"
// alone) marks a VMA that is not regular.
std::string vma_description(Checkpoint& d, const cimg::MmEntry& mm, const cimg::VmaEntry& v);
void append_vma_description(std::string& out, Checkpoint& d, const cimg::MmEntry& mm, const cimg::VmaEntry& v);
// "rw-", "r-x", ... of PROT_* bits.
std::string prot_string(uint32_t prot);

}  // namespace img
