// CapturedProcess: everything a dump keeps of one seized process (a core per thread, mm with its
// VMAs and page runs, fs, ids, descriptors), gathered from /proc, ptrace and injected calls.
#pragma once

#include <cstdint>
#include <memory>
#include <sys/types.h>
#include <vector>

#include "core.pb.h"
#include "fdinfo.pb.h"
#include "fs.pb.h"
#include "img/support/error.h"
#include "mm.pb.h"
#include "page_copy.h"
#include "proc_task.h"
#include "pstree.pb.h"
#include "vma_plan.h"

namespace img {

class FileCollector;
class FrozenTasks;

struct CapturedProcess {
    pid_t pid = 0;
    ProcStat stat;
    std::vector<pid_t> tids;                              // leader first
    std::vector<std::unique_ptr<cimg::CoreEntry>> cores;  // one per tid, same order
    cimg::MmEntry mm;
    cimg::FsEntry fs;
    cimg::TaskKobjIdsEntry ids;
    std::vector<cimg::FdinfoEntry> fds;
    std::vector<PageRun> runs;
    uint64_t pages() const;
};

// `object_id`: this process's vm/files/fs/sighand id (distinct per process; threads share it).
Expected<CapturedProcess> capture_process(const FrozenTasks& frozen, pid_t pid, FileCollector& files, uint32_t object_id);

// The namespace ids every task and the inventory carry (img-dump dumps tasks in its own
// namespaces only); an Error naming the namespace a task does not share.
Expected<void> check_same_namespaces(pid_t pid);
void fill_namespace_ids(cimg::TaskKobjIdsEntry& ids);

}  // namespace img
