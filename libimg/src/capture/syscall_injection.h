// SyscallInjector: runs a system call inside a seized, stopped thread (what only the task itself
// can report: signal handlers, the alternate stack, itimers, the clear-tid address, brk). It
// points the thread at an existing `syscall` instruction and steps it with PTRACE_SYSCALL: no
// code is written into the task. Output buffers live in a scratch area below the thread's
// stack red zone, saved first and put back by finish().
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <sys/user.h>
#include <vector>

#include "img/support/error.h"

namespace img {

struct MappedArea;

class SyscallInjector {
public:
    // `regs`: the thread's registers when it was seized; `areas`: its process's memory map.
    static Expected<SyscallInjector> start(pid_t tid, const user_regs_struct& regs, const std::vector<MappedArea>& areas);

    // The call's return value (a negative errno on failure, as the kernel returns it).
    Expected<long> call(long nr, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0, uint64_t a4 = 0);
    uint64_t scratch() const { return scratch_; }
    static constexpr size_t kScratchSize = 256;
    // Bytes the last calls wrote into the scratch area.
    Expected<std::string> read_scratch(size_t n) const;

    // Puts the scratch bytes back and leaves the thread with registers to resume from.
    Expected<void> finish();

private:
    SyscallInjector(pid_t tid, const user_regs_struct& regs, uint64_t ip, uint64_t scratch, std::string saved)
        : tid_(tid), regs_(regs), syscall_ip_(ip), scratch_(scratch), saved_(std::move(saved)) {}
    pid_t tid_;
    user_regs_struct regs_;
    uint64_t syscall_ip_;
    uint64_t scratch_;
    std::string saved_;
};

// Reads / writes another process's memory (process_vm_readv/writev, /proc/PID/mem as fallback).
Expected<void> read_task_memory(pid_t pid, uint64_t addr, void* buf, size_t n);
Expected<void> write_task_memory(pid_t pid, uint64_t addr, const void* buf, size_t n);

}  // namespace img
