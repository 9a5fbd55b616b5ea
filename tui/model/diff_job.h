// DiffJob: img-diff's comparison of the dump (A) with another (B), run a step at a time (the
// files, a task, a task's pages, the shared images) between key reads, saying how far it is.
#pragma once

#include <memory>
#include <string>

#include "img/diff/checkpoint_differ.h"
#include "img/diff/diff_result.h"
#include "img/model/checkpoint.h"
#include "img/support/error.h"

namespace img::tui {

class DiffJob {
public:
    // `a` and `b` must outlive it.
    DiffJob(Checkpoint& a, Checkpoint& b, std::string b_name);
    // One step of the comparison; true once it is complete.
    Expected<bool> step();
    // "comparing with mem-2: step 3 of 7, the pages of task 13438 (Esc cancels)"
    std::string progress() const;
    // The result, once complete.
    std::shared_ptr<const DiffResult> take();

private:
    std::string b_name_;
    DiffOptions options_;
    CheckpointDiffer differ_;
    bool done_ = false;
};

}  // namespace img::tui
