// The AUFS branches a task sees, read as CRIU's original AUFS design meant: every aufs mount of
// the task's mountinfo names its branch set by its si= option, listed in /sys/fs/aufs/si_<id>/br<N>;
// each mount's branches map to that mount's own mount point (a task may see several unions).
#pragma once

#include <string>
#include <sys/types.h>

#include "img/rewrite/branch_map.h"
#include "img/support/error.h"

namespace img {

// From /proc/PID/mountinfo; an Error when the task sees no aufs mount.
Expected<void> add_task_aufs_branches(BranchMap& map, pid_t pid);
// The same from mountinfo text, with the si_<id> folders looked for under `sys_aufs`.
Expected<void> add_aufs_branches_from_mountinfo(BranchMap& map, const std::string& mountinfo, const std::string& sys_aufs);

}  // namespace img
