#include "img/model/vma_description.h"

#include <charconv>

#include <fmt/format.h>

#include "img/model/file_label.h"
#include "img/model/process_memory.h"

namespace img {

namespace {

// A file mapping: the file's label, its offset when not 0, "(s)" when shared.
void append_file_mapping(std::string& s, Checkpoint& d, const cimg::VmaEntry& v) {
    append_file_label(s, d, static_cast<uint32_t>(v.shmid()));
    if (v.pgoff()) {
        char buf[24];
        s += " + 0x";
        s.append(buf, std::to_chars(buf, buf + sizeof buf, v.pgoff(), 16).ptr);
    }
    if (v.status() & kVmaFileShared) s += " (s)";
}

// The special areas the kernel names: "[stack]", "[vdso]", ...; nothing for plain anonymous memory.
void append_special_area(std::string& s, const cimg::MmEntry& mm, const cimg::VmaEntry& v) {
    uint32_t st = v.status();
    if (st & kVmaStack) s += "[stack]";
    else if (st & kVmaVsyscall) s += "[vsyscall]";
    else if (st & kVmaVdso) s += "[vdso]";
    else if (st & kVmaVvar) s += "[vvar]";
    else if (st & kVmaHeap) s += "[heap]";
    else if (st & kVmaAioring) s += "[aio]";
    else if (st & kVmaShstk) s += "[shadow stack]";
    else if (st & kVmaUprobes) s += "[uprobes]";
    else if (st & kVmaGuard) s += "[guard]";
    else if (v.flags() & 0x100) {   // MAP_GROWSDOWN
        bool main_stack = mm.mm_start_stack() >= v.start() && mm.mm_start_stack() < v.end();
        s += main_stack ? "[stack]" : "[stack?]";
    }
}

}  // namespace

void append_vma_description(std::string& s, Checkpoint& d, const cimg::MmEntry& mm, const cimg::VmaEntry& v) {
    uint32_t st = v.status();
    size_t begin = s.size();
    if (st & kVmaSysvipc) s += fmt::format("sysvshm[{}]", v.shmid());
    else if ((st & kVmaAnonShared) && !(st & kVmaMemfd)) s += fmt::format("shmem[{}]", v.shmid());
    else if (st & kVmaSocket) {
        s += "packet[";
        append_file_label(s, d, static_cast<uint32_t>(v.shmid()));
        s += "]";
    } else if (st & (kVmaFilePrivate | kVmaFileShared)) append_file_mapping(s, d, v);
    else append_special_area(s, mm, v);
    if (!(st & kVmaRegular)) s += s.size() == begin ? "*" : " *";
}

std::string vma_description(Checkpoint& d, const cimg::MmEntry& mm, const cimg::VmaEntry& v) {
    std::string s;
    append_vma_description(s, d, mm, v);
    return s;
}

std::string prot_string(uint32_t prot) {
    std::string s;
    s += (prot & 1) ? 'r' : '-';
    s += (prot & 2) ? 'w' : '-';
    s += (prot & 4) ? 'x' : '-';
    return s;
}

}  // namespace img
