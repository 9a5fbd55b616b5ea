// TaskRef and the task walk: a checkpoint's tasks in tree order (a parent, then its
// children in pstree order, depth first) with their depth, and the --pid selection.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/support/error.h"

namespace img {

struct TaskRef {
    const cimg::PstreeEntry* task = nullptr;
    int depth = 0;
    uint32_t pid() const { return task->pid(); }
};

// Every task of the checkpoint in tree order; roots are tasks whose parent is not in it.
// An Error when pstree.img is missing or unreadable.
Expected<std::vector<TaskRef>> task_tree(Checkpoint& d);
// The same, or only the task `pid` names (a pid or one of its thread ids); an unknown pid fails,
// listing the tasks there are.
Expected<std::vector<TaskRef>> select_tasks(Checkpoint& d, std::optional<uint32_t> pid);
// The task `pid` selects (a thread id resolves to its task), nullopt without a pid.
Expected<std::optional<uint32_t>> selected_task_pid(Checkpoint& d, std::optional<uint32_t> pid);
// For per-thread answers: the thread `pid` names when it is not the leader of the one selected task.
std::optional<uint32_t> selected_thread(const std::vector<TaskRef>& tasks, std::optional<uint32_t> pid);

}  // namespace img
