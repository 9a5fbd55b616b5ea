// Seizing threads with PTRACE_SEIZE + PTRACE_INTERRUPT, and letting them go again: the only
// place img-dump stops or releases a task. A seized thread is detached by the kernel if
// img-dump dies (even by SIGKILL), and carries on where it was.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

#include "img/support/error.h"

namespace img {

// Seizes one thread and waits until it is stopped. Errors name the thread and say why
// (no permission, with kernel.yama.ptrace_scope or CAP_SYS_PTRACE; gone; a zombie; stopped).
Expected<void> seize_thread(pid_t tid);
// Seizes every thread of a process, listing /proc/PID/task again until no new thread appears
// (threads may be created while the first ones are stopped). The seized tids, leader first.
// On error every thread seized so far is released.
Expected<std::vector<pid_t>> seize_process(pid_t pid);
// Detaches one seized thread (it runs on, untraced), delivering `signal` when not 0.
void release_thread(pid_t tid, int signal = 0);
// Waits for the next stop of a seized thread; its wait status.
Expected<int> wait_stop(pid_t tid);

// Why ptrace may be refused here, in words naming the setting or the capability.
std::string ptrace_permission_hint();

}  // namespace img
