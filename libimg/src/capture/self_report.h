// What only a task can tell about itself, asked with system calls injected into it: signal
// handlers, itimers (and POSIX timers, posix_timers.h), brk, dumpable and THP flags (per process); the alternate signal stack, the
// clear-tid address, the parent-death signal and securebits (per thread).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "img/support/error.h"
#include "posix_timers.h"

namespace img {

class SyscallInjector;

struct SigactionState { uint64_t handler = 0, flags = 0, restorer = 0, mask = 0; };
struct ItimerState { uint64_t isec = 0, iusec = 0, vsec = 0, vusec = 0; };

struct ProcessSelfReport {
    std::array<SigactionState, 64> sigactions{};   // [i] is signal i + 1
    std::array<ItimerState, 3> itimers{};          // ITIMER_REAL, _VIRTUAL, _PROF
    std::vector<PosixTimerState> posix_timers;     // filled by ask_posix_timers
    uint64_t brk = 0;
    int32_t dumpable = 1;
    bool thp_disabled = false;
    bool child_subreaper = false;
};

struct ThreadSelfReport {
    uint64_t clear_tid_addr = 0;
    uint64_t sas_sp = 0, sas_size = 0;
    uint32_t sas_flags = 0;
    uint32_t pdeath_sig = 0;
    uint32_t securebits = 0;
};

Expected<ProcessSelfReport> ask_process(SyscallInjector& inj);
Expected<ThreadSelfReport> ask_thread(SyscallInjector& inj);

}  // namespace img
