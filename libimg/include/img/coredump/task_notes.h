// TaskNotes: the PT_NOTE contents of one task's core, in the order Linux writes them: for the
// leader NT_PRSTATUS, NT_PRPSINFO, [NT_SIGINFO], NT_AUXV, NT_FILE, NT_FPREGSET, NT_X86_XSTATE;
// then NT_PRSTATUS, NT_FPREGSET, NT_X86_XSTATE for every other thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "img/coredump/elf_note.h"
#include "img/model/checkpoint.h"
#include "img/model/process_memory.h"
#include "img/support/error.h"

namespace img {

struct TaskNotes {
    ElfNotes notes;
    std::vector<uint32_t> threads;   // thread ids, the leader first (the thread gdb selects)
    uint32_t signal = 0;             // the signal it stopped with (NT_SIGINFO), 0 when none is known
    size_t file_mappings = 0;        // NT_FILE's entries
    size_t xstate_size = 0;          // bytes of each NT_X86_XSTATE, 0 when the dump has no xsave state
    std::string args;                // NT_PRPSINFO's pr_psargs ("" when the dump lacks those bytes)
};

// Every note of `task`'s core. File names in NT_FILE are the recorded paths, under `root` when it
// is not empty. An Error when a thread's core image is missing or unreadable, or not x86_64.
Expected<TaskNotes> task_notes(Checkpoint& dump, const cimg::PstreeEntry& task, const ProcessMemory& mem,
                               const std::string& root);

}  // namespace img
