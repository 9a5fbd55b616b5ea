#include "model/diff_job.h"

#include <fmt/format.h>

namespace img::tui {

DiffJob::DiffJob(Checkpoint& a, Checkpoint& b, std::string b_name)
    : b_name_(std::move(b_name)), differ_(a, b, options_) {}

Expected<bool> DiffJob::step() {
    if (done_) return true;
    auto more = differ_.step();
    if (!more) return std::move(more.error());
    done_ = !*more;
    return done_;
}

std::string DiffJob::progress() const {
    // The number of steps is known once the tasks are matched (the first step).
    std::string total = differ_.steps_done() ? fmt::format("{}", differ_.steps_total()) : "?";
    return fmt::format("comparing with {}: step {} of {}, {} (Esc cancels)", b_name_, differ_.steps_done() + 1, total,
                       differ_.next_step());
}

std::shared_ptr<const DiffResult> DiffJob::take() {
    if (!done_) return nullptr;
    return std::make_shared<const DiffResult>(differ_.take());
}

}  // namespace img::tui
