// The seccomp BPF filters of the dumped threads, read with PTRACE_SECCOMP_GET_FILTER while they
// are seized, as seccomp.img keeps them: each filter once (a chain inherited or shared by
// threads is not repeated), linked by prev in the order CRIU 4.2 lays them out; each thread's
// core names the first filter of its chain.
#pragma once

#include <vector>

#include "img/support/error.h"
#include "task_capture.h"

namespace cimg { class SeccompEntry; }

namespace img {

// Fills `out` and the seccomp_filter of every thread whose core says filter mode.
Expected<void> collect_seccomp_filters(std::vector<CapturedProcess>& procs, cimg::SeccompEntry& out);

}  // namespace img
