// CheckpointDiffer: diff_checkpoints in steps (the files, each task, each task's pages 16 MiB of
// address space at a time, the images no task owns), for a caller that must answer a user between
// them (img-tui --diff shows how far the comparison is); diff_checkpoints is its loop.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "img/diff/checkpoint_diff.h"
#include "img/diff/diff_result.h"
#include "img/model/checkpoint.h"
#include "img/support/error.h"

namespace img {

class CheckpointDiffer {
public:
    // `a`, `b` and `o` must outlive it.
    CheckpointDiffer(Checkpoint& a, Checkpoint& b, const DiffOptions& o);
    ~CheckpointDiffer();
    CheckpointDiffer(const CheckpointDiffer&) = delete;
    CheckpointDiffer& operator=(const CheckpointDiffer&) = delete;

    // Runs the next step: true while steps are left, false once the comparison is complete. An
    // Error ends it.
    Expected<bool> step();
    size_t steps_done() const { return done_; }
    size_t steps_total() const;     // known once the tasks are matched (after the first step)
    std::string next_step() const;  // "the files", "task 13438", "the pages of task 13438 (40%)", "the images"
    // The result, once step() said false.
    DiffResult take();

    struct State;   // the comparison's context, the matched tasks

private:
    std::unique_ptr<State> s_;
    size_t done_ = 0;
};

}  // namespace img
