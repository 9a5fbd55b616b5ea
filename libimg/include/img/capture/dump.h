// dump_tasks: img-dump's library call. Seizes a task (and with `tree` its descendants), copies
// its state into CRIU 4.2 images in a new folder, then kills or resumes the tasks.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <sys/types.h>

#include "img/rewrite/branch_map.h"
#include "img/support/error.h"
#include "img/support/progress.h"

namespace img {

struct DumpOptions {
    pid_t pid = 0;
    std::string dir;              // created by the dump (renamed into place when whole)
    bool tree = false;            // the task's descendants too
    bool leave_running = false;   // resume the tasks after the dump instead of killing them
    const BranchMap* branches = nullptr;   // paths rewritten once per file (--aufs, --branch-map)
    ProgressFn progress;          // bytes of memory copied so far out of the total
    std::function<void(const std::string&)> log;   // -v: one line per step, never required
    // Checked between steps: when it answers true the dump stops, the tasks are released
    // running and untraced and the folder is not made (a tool sets it from SIGINT/SIGTERM/SIGHUP).
    std::function<bool()> cancelled;
};

struct DumpResult {
    size_t tasks = 0;
    size_t threads = 0;
    size_t files = 0;
    uint64_t pages = 0;           // pages written to pages-*.img
    uint64_t frozen_us = 0;       // from the first seize to the release of the last task
    uint64_t total_us = 0;
};

Expected<DumpResult> dump_tasks(const DumpOptions& opt);

}  // namespace img
