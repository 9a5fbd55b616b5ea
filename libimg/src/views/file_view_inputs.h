// FileViewInputs: what the file views (files, pipes, sockets) start from: the file table,
// every file's uses, and the task --pid selects. Private to libimg/src/views.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/model/file_uses.h"
#include "img/output/table.h"
#include "img/support/error.h"
#include "img/views/views.h"

namespace img {

struct FileViewInputs {
    const FileTable* files = nullptr;
    std::map<uint32_t, std::vector<FileUse>> uses;
    std::optional<uint32_t> pid;   // the task o.pid selects; nullopt: all tasks
    std::map<uint32_t, size_t> tree_rank;   // pid -> its place in process-tree order

    // Where a file sorts when rows go by the fd that holds it: (the first holder's place in the
    // tree, its fd number); files no fd holds after all others.
    std::pair<size_t, uint64_t> fd_order(const std::vector<FileUse>& uses) const;
};

// What the dump lacks for them (files.img, a task's descriptor images) goes to t's warnings.
Expected<FileViewInputs> file_view_inputs(Checkpoint& d, const ViewOptions& o, Table& t);

}  // namespace img
