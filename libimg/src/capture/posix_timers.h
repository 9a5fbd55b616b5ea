// PosixTimerState: one POSIX timer of a process (timer_create) as CRIU's core keeps it: what
// /proc/PID/timers says of it, with its interval, time left and overrun asked in the task.
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

#include "img/support/error.h"

namespace img {

class SyscallInjector;

struct PosixTimerState {
    uint32_t id = 0, clock_id = 0, signo = 0;
    uint32_t notify = 0;          // SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD, | SIGEV_THREAD_ID
    uint64_t sival = 0;           // the value the signal carries
    int32_t notify_tid = 0;       // the thread signalled, with SIGEV_THREAD_ID
    uint32_t overrun = 0;
    uint64_t isec = 0, insec = 0, vsec = 0, vnsec = 0;   // interval, then time left
};

// The timers listed in the text of /proc/PID/timers (`path` names it in errors), in its order;
// the times are not in it.
Expected<std::vector<PosixTimerState>> parse_proc_timers(const std::string& text, const std::string& path);

// The process's timers, each with its times and overrun asked by injected timer_gettime and
// timer_getoverrun.
Expected<std::vector<PosixTimerState>> ask_posix_timers(pid_t pid, SyscallInjector& inj);

}  // namespace img
