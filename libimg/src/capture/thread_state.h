// The core image's task and thread parts outside the registers: creds, scheduling, signal mask
// and queues, rseq and robust futex list (from /proc and ptrace), joined with what the task
// reported about itself (sigactions, itimers, alternate stack...).
#pragma once

#include <sys/types.h>

#include "core.pb.h"
#include "img/support/error.h"
#include "self_report.h"

namespace img {

// `leader`: the signal mask then lives in the task part (tc), as CRIU keeps it.
Expected<void> fill_thread_core(pid_t tid, const ThreadSelfReport& self, bool leader, cimg::ThreadCoreEntry& out);
Expected<void> fill_task_core(pid_t pid, const ProcessSelfReport& self, cimg::TaskCoreEntry& out);

}  // namespace img
