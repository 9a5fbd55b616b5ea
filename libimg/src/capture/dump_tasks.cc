// dump_tasks: the order of a dump. The folder is made first (so a bad -D costs the task nothing),
// the tasks are frozen, read, their memory copied, the images written and the folder renamed into
// place; only then are the tasks killed (or resumed). Any error or cancel on the way resumes
// every task exactly where it was, untraced, and removes the unfinished folder.
#include "img/capture/dump.h"

#include <chrono>

#include <fmt/format.h>

#include "dump_folder.h"
#include "file_collector.h"
#include "seccomp.pb.h"
#include "seccomp_filters.h"
#include "frozen_tasks.h"
#include "image_assembly.h"
#include "proc_task.h"
#include "task_capture.h"

namespace img {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t micros_since(Clock::time_point t) {
    return uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t).count());
}

void say(const DumpOptions& opt, const std::string& line) {
    if (opt.log) opt.log(line);
}

Expected<void> check_cancel(const DumpOptions& opt) {
    if (opt.cancelled && opt.cancelled()) return make_error("interrupted: the tasks were left running and untraced");
    return {};
}

// Freezes the task and, with --tree, its descendants, parents before children (a child cannot
// then be reparented away while it is looked for).
Expected<void> freeze_all(const DumpOptions& opt, FrozenTasks& frozen) {
    std::vector<pid_t> todo{opt.pid};
    while (!todo.empty()) {
        pid_t pid = todo.front();
        todo.erase(todo.begin());
        if (frozen.holds(pid)) continue;
        if (auto r = frozen.freeze_process(pid); !r) return r;
        if (auto r = check_same_namespaces(pid); !r) return r;
        say(opt, fmt::format("seized task {} ({} threads)", pid, frozen.threads_of(pid).size()));
        if (auto r = check_cancel(opt); !r) return r;
        if (opt.tree)
            for (pid_t c : task_children(pid)) todo.push_back(c);
    }
    return {};
}

Expected<std::vector<CapturedProcess>> capture_all(const DumpOptions& opt, const FrozenTasks& frozen, FileCollector& files) {
    std::vector<CapturedProcess> procs;
    uint32_t object_id = 2;   // 1 is img-dump's own, as CRIU's root ids
    for (pid_t pid : frozen.processes()) {
        auto p = capture_process(frozen, pid, files, object_id++);
        if (!p) return p.error();
        say(opt, fmt::format("task {}: {} threads, {} VMAs, {} fds, {} pages to copy", pid, p->tids.size(),
                             p->mm.vmas_size(), p->fds.size(), p->pages()));
        procs.push_back(std::move(*p));
        if (auto r = check_cancel(opt); !r) return r.error();
    }
    return procs;
}

void fill_result(DumpResult& res, const std::vector<CapturedProcess>& procs, const FileCollector& files) {
    res.tasks = procs.size();
    for (const auto& p : procs) { res.threads += p.tids.size(); res.pages += p.pages(); }
    res.files = files.entries().size();
}

}  // namespace

Expected<DumpResult> dump_tasks(const DumpOptions& opt) {
    auto t0 = Clock::now();
    if (opt.pid <= 0) return make_error(fmt::format("bad pid {}", opt.pid));
    auto folder = DumpFolder::create(opt.dir);
    if (!folder) return folder.error();
    FrozenTasks frozen;   // dropping it (any return below) resumes every task still held
    auto frozen_at = Clock::now();
    if (auto r = freeze_all(opt, frozen); !r) return r.error();
    FileCollector files(opt.branches);
    auto procs = capture_all(opt, frozen, files);
    if (!procs) return procs.error();
    if (auto r = files.check_socket_peers(); !r) return r.error();
    cimg::SeccompEntry seccomp;
    if (auto r = collect_seccomp_filters(*procs, seccomp); !r) return r.error();
    if (auto r = write_memory_images(*folder, *procs, opt.progress); !r) return r.error();
    if (auto r = check_cancel(opt); !r) return r.error();
    if (auto r = write_task_images(*folder, *procs, files, seccomp); !r) return r.error();
    if (auto r = check_cancel(opt); !r) return r.error();
    if (auto r = folder->commit(); !r) return r.error();
    DumpResult res;
    fill_result(res, *procs, files);
    if (opt.leave_running) frozen.resume_all();
    else frozen.kill_all();
    res.frozen_us = micros_since(frozen_at);
    res.total_us = micros_since(t0);
    say(opt, fmt::format("dump written to {}; tasks {}", opt.dir, opt.leave_running ? "resumed" : "killed"));
    return res;
}

}  // namespace img
