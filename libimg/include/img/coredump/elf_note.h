// ElfNotes: the contents of a PT_NOTE segment, built note by note (owner name, type, payload,
// each padded to 4 bytes as the ELF gABI lays notes out), and the note types a core carries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace img {

// Note types of Linux cores (owner "CORE", or "LINUX" for the x86 extended state).
inline constexpr uint32_t kNtPrstatus = 1, kNtFpregset = 2, kNtPrpsinfo = 3, kNtAuxv = 6,
                          kNtSiginfo = 0x53494749, kNtFile = 0x46494c45, kNtX86Xstate = 0x202;
// Ours (owner "CRIU-IMG"): the address ranges of the task's VMAs whose pages the dump does not
// hold, as a u64 count then (start, end, backing) u64 triples (img-coredump(1)). Its number is
// none of Linux's: BFD reads every core note by its type alone, whatever its owner.
inline constexpr uint32_t kNtCimgAbsent = 0x41425345;
inline constexpr std::string_view kCimgNoteOwner = "CRIU-IMG";

class ElfNotes {
public:
    void add(std::string_view owner, uint32_t type, std::string_view desc);
    const std::string& bytes() const { return bytes_; }
    size_t size() const { return bytes_.size(); }

private:
    std::string bytes_;
};

}  // namespace img
