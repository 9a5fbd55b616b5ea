// FrozenTasks: every thread a dump has seized, with the registers it had then, and the one place
// they are let go: resumed exactly where they were (on any error, on cancel, --leave-running) or
// killed (CRIU's default once the dump is whole). Dropping it resumes whatever is still held.
#pragma once

#include <sys/types.h>
#include <vector>

#include "img/support/error.h"
#include "thread_regs.h"

namespace img {

class FrozenTasks {
public:
    struct Thread {
        pid_t pid;
        pid_t tid;
        ThreadRegs regs;
    };

    FrozenTasks() = default;
    FrozenTasks(const FrozenTasks&) = delete;
    FrozenTasks& operator=(const FrozenTasks&) = delete;
    ~FrozenTasks() { resume_all(); }

    // Seizes every thread of `pid` and reads its registers.
    Expected<void> freeze_process(pid_t pid);
    bool holds(pid_t pid) const;

    const std::vector<Thread>& threads() const { return threads_; }
    std::vector<const Thread*> threads_of(pid_t pid) const;
    const std::vector<pid_t>& processes() const { return processes_; }

    void resume_all();
    void kill_all();

private:
    std::vector<pid_t> processes_;
    std::vector<Thread> threads_;
};

}  // namespace img
