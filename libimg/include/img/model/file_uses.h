// FileUse: which tasks hold a file object and how (an fd number, cwd, root, exe, or a
// mapping), over every task of a checkpoint in tree order.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/support/error.h"

namespace img {

// One use of a file object by a task: "fd 3", "cwd", "root", "exe", "map".
struct FileUse {
    uint32_t pid = 0;
    std::string what;    // "3", "cwd", "root", "exe", "map"
    std::string label() const { return std::to_string(pid) + ":" + what; }
};

// file id -> its uses, over every task, in tree order; a use is listed once.
Expected<std::map<uint32_t, std::vector<FileUse>>> file_uses(Checkpoint& d);
// "PID:WHAT" of each use, in order.
std::vector<std::string> use_labels(const std::vector<FileUse>& uses);
// True when task `pid` is among the uses.
bool used_by(const std::vector<FileUse>& uses, uint32_t pid);

}  // namespace img
