// BranchMapSources: every source a BranchMap may be read from (--branch-map FILE, --aufs-si DIR,
// --dump-log FILE, --map OLD=NEW, --aufs of a live task); build_branch_map reads them into one map.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "img/rewrite/branch_map.h"
#include "img/support/error.h"

namespace img {

struct BranchMapSources {
    std::vector<std::string> map_files;     // "BRANCH TARGET" lines
    std::vector<std::string> aufs_si_dirs;  // si_<id> folders, each branch to "/"
    std::vector<std::string> dump_logs;     // CRIU dump logs naming branches
    std::vector<std::string> assignments;   // "OLD=NEW"
    std::optional<pid_t> aufs_task;         // the branch sets of this task's aufs mounts
};

// The map, or what was wrong: every bad line of every map file, else the first bad other source.
struct BranchMapBuild {
    BranchMap map;
    std::vector<Error> errors;
    bool ok() const { return errors.empty(); }
};

BranchMapBuild build_branch_map(const BranchMapSources& sources);

}  // namespace img
