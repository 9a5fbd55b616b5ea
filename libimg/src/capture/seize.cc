#include "seize.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include <fmt/format.h>

#include "proc_task.h"

namespace img {
namespace {

bool have_cap_sys_ptrace() {
    auto t = read_proc_text("/proc/self/status");
    if (!t) return false;
    auto s = parse_proc_status(*t);
    return s && (s->cap_eff >> CAP_SYS_PTRACE) & 1;
}

Error seize_error(pid_t tid, int err) {
    char st = task_state(tid);
    if (err == ESRCH || st == '\0') return make_error(fmt::format("task {}: no such task (it exited or never existed)", tid));
    if (st == 'Z' || st == 'X') return make_error(fmt::format("task {}: is a zombie (it has exited; nothing left to dump)", tid));
    if (err == EPERM) return make_error(fmt::format("task {}: ptrace refused (EPERM): {}", tid, ptrace_permission_hint()));
    return make_error(fmt::format("task {}: PTRACE_SEIZE failed: {}", tid, std::strerror(err)));
}

}  // namespace

std::string ptrace_permission_hint() {
    std::string why;
    if (auto y = read_proc_text("/proc/sys/kernel/yama/ptrace_scope"); y && !y->empty() && (*y)[0] != '0')
        why = fmt::format("kernel.yama.ptrace_scope is {} (0 lets a process trace others of its user; 3 forbids ptrace)", (*y)[0]);
    if (!have_cap_sys_ptrace())
        why += std::string(why.empty() ? "" : "; ") + "img-dump lacks CAP_SYS_PTRACE (run it as root or as the task's owner)";
    return why.empty() ? "the task belongs to another user or is not dumpable" : why;
}

Expected<int> wait_stop(pid_t tid) {
    for (;;) {
        int status = 0;
        pid_t r = ::waitpid(tid, &status, __WALL);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return make_error(fmt::format("thread {}: waitpid failed: {}", tid, std::strerror(errno)));
        if (WIFEXITED(status) || WIFSIGNALED(status)) return make_error(fmt::format("thread {}: exited while being dumped", tid));
        return status;
    }
}

Expected<void> seize_thread(pid_t tid) {
    char st = task_state(tid);
    if (st == 'Z' || st == 'X' || st == '\0') return seize_error(tid, st == '\0' ? ESRCH : 0);
    if (st == 'T' || st == 't')
        return make_error(fmt::format("task {}: is stopped (state {}); img-dump dumps running or sleeping tasks only", tid, st));
    if (::ptrace(PTRACE_SEIZE, tid, nullptr, (void*)(long)PTRACE_O_TRACESYSGOOD) != 0) return seize_error(tid, errno);
    if (::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr) != 0) {
        int err = errno;
        ::ptrace(PTRACE_DETACH, tid, nullptr, nullptr);
        return seize_error(tid, err);
    }
    auto s = wait_stop(tid);
    if (!s) return s.error();
    int status = *s;
    if (WIFSTOPPED(status) && (status >> 16) == PTRACE_EVENT_STOP && WSTOPSIG(status) == SIGTRAP) return {};
    // A signal was being delivered (or the thread stopped): give it back and refuse.
    int sig = WIFSTOPPED(status) && (status >> 16) == 0 ? WSTOPSIG(status) : 0;
    release_thread(tid, sig);
    return make_error(fmt::format("thread {}: stopped with signal {} instead of the interrupt; retry the dump", tid, WSTOPSIG(status)));
}

void release_thread(pid_t tid, int signal) {
    ::ptrace(PTRACE_DETACH, tid, nullptr, (void*)(long)signal);
}

Expected<std::vector<pid_t>> seize_process(pid_t pid) {
    std::vector<pid_t> seized;
    auto fail = [&](Error e) { for (pid_t t : seized) release_thread(t); return e; };
    if (auto r = seize_thread(pid); !r) return r.error();
    seized.push_back(pid);
    for (bool grew = true; grew;) {
        grew = false;
        for (int tid : list_proc_numbers(proc_path(pid, "task"))) {
            if (std::find(seized.begin(), seized.end(), tid) != seized.end()) continue;
            auto r = seize_thread(tid);
            if (!r) {
                if (task_state(tid) == '\0') continue;   // a thread that exited meanwhile
                return fail(r.error());
            }
            seized.push_back(tid);
            grew = true;
        }
    }
    return seized;
}

}  // namespace img
