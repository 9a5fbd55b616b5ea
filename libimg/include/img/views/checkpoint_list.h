// The checkpoints of several paths side by side, one row each (img-show --list): what
// `checkpointctl list DIR` and `checkpointctl show A.tar B.tar` tell about each container checkpoint.
#pragma once

#include <string>
#include <vector>

#include "img/output/table.h"

namespace img {

// The checkpoints `paths` name: a dump (a checkpoint archive, a container checkpoint directory or a
// dump directory) is itself; a directory that holds no dump stands for the checkpoint archives in
// it (its regular files that is_dump_path takes for archives), by name; a path that cannot be
// opened is kept, so that its row tells why.
std::vector<std::string> checkpoints_named(const std::vector<std::string>& paths);

// One row per checkpoint of checkpoints_named(paths), in that order: engine, Kubernetes namespace
// and pod, container name, checkpointed time, sizes, task count, image, and the path last. A checkpoint that
// cannot be read is a row with only its path and "error" (the message, naming the file; blank in text).
Table checkpoint_list(const std::vector<std::string>& paths);

// The errors of a checkpoint_list table's rows, in row order.
std::vector<std::string> checkpoint_list_errors(const Table& t);

}  // namespace img
