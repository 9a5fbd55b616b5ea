#include "frozen_tasks.h"

#include <algorithm>
#include <csignal>
#include <sys/ptrace.h>

#include "seize.h"

namespace img {

Expected<void> FrozenTasks::freeze_process(pid_t pid) {
    auto tids = seize_process(pid);
    if (!tids) return tids.error();
    processes_.push_back(pid);
    for (pid_t tid : *tids) {
        auto regs = read_thread_regs(tid);
        if (!regs) {
            // Not held with known registers: let it go as it is, the others through resume_all.
            release_thread(tid);
            for (pid_t t : *tids) if (t != tid && std::none_of(threads_.begin(), threads_.end(), [&](const Thread& x) { return x.tid == t; })) release_thread(t);
            return regs.error();
        }
        threads_.push_back({pid, tid, std::move(*regs)});
    }
    return {};
}

bool FrozenTasks::holds(pid_t pid) const {
    return std::find(processes_.begin(), processes_.end(), pid) != processes_.end();
}

std::vector<const FrozenTasks::Thread*> FrozenTasks::threads_of(pid_t pid) const {
    std::vector<const Thread*> out;
    for (const auto& t : threads_) if (t.pid == pid) out.push_back(&t);
    return out;
}

void FrozenTasks::resume_all() {
    for (const auto& t : threads_) {
        (void)write_gp_regs(t.tid, resume_regs(t.regs.gp));
        release_thread(t.tid);
    }
    threads_.clear();
    processes_.clear();
}

void FrozenTasks::kill_all() {
    for (pid_t p : processes_) ::kill(p, SIGKILL);
    for (const auto& t : threads_) release_thread(t.tid);
    threads_.clear();
    processes_.clear();
}

}  // namespace img
