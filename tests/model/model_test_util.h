// What the model's tests share: opening a capture, testdata/captured/NAME (always there) or the
// shared corpus's criu-images/NAME (nullptr, and the test skips, without it); a task list's pids.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro
#include "img/model/checkpoint.h"
#include "img/model/task_tree.h"
#include "harness/paths.h"

namespace img::test {

inline std::unique_ptr<Checkpoint> open_checkpoint(const std::string& dir) {
    auto d = Checkpoint::open(dir);
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message());
    return d.ok() ? std::move(*d) : nullptr;
}

inline std::unique_ptr<Checkpoint> open_captured(const std::string& name) {
    return open_checkpoint(captured_dir() + "/" + name);
}

inline std::unique_ptr<Checkpoint> open_shared(const std::string& name) {
    if (!shared_dir()) return nullptr;
    return open_checkpoint(*shared_dir() + "/criu-images/" + name);
}

// (pid, depth) of each task, in order.
inline std::vector<std::pair<uint32_t, int>> pids_and_depths(const std::vector<TaskRef>& ts) {
    std::vector<std::pair<uint32_t, int>> v;
    for (const auto& t : ts) v.emplace_back(t.pid(), t.depth);
    return v;
}

}  // namespace img::test
