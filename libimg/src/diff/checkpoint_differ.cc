#include "img/diff/checkpoint_differ.h"

#include <vector>

#include <fmt/format.h>

#include "diff_context.h"

namespace img {

struct CheckpointDiffer::State {
    State(Checkpoint& a, Checkpoint& b, const DiffOptions& o) : cx{a, b, o, result, {}} {
        result.a = a.label();
        result.b = b.label();
    }
    DiffResult result;
    diff::Context cx;
    std::vector<diff::TaskPair> pairs;   // matched in the first step
    std::vector<diff::TaskPair> paged;   // the pairs with both sides, for their pages
    std::unique_ptr<diff::PagesJob> pages;   // the current pair's pages, compared in pieces
};

namespace {
constexpr uint64_t kPagesPerStep = 16u << 20;   // bytes of address space a step compares
}

CheckpointDiffer::CheckpointDiffer(Checkpoint& a, Checkpoint& b, const DiffOptions& o)
    : s_(std::make_unique<State>(a, b, o)) {}

CheckpointDiffer::~CheckpointDiffer() = default;

// Step 0: the files and the task matching; then a step per task, one per task pair's pages, and
// the images no task owns last.
size_t CheckpointDiffer::steps_total() const { return 2 + s_->pairs.size() + s_->paged.size(); }

std::string CheckpointDiffer::next_step() const {
    size_t i = done_;
    if (i == 0) return "the files";
    i -= 1;
    if (i < s_->pairs.size()) return fmt::format("task {}", s_->pairs[i].a ? s_->pairs[i].a : s_->pairs[i].b);
    i -= s_->pairs.size();
    if (i < s_->paged.size()) {
        const auto* job = s_->pages.get();
        uint64_t pct = job && job->total() ? job->done() * 100 / job->total() : 0;
        return fmt::format("the pages of task {} ({}%)", s_->paged[i].a, pct);
    }
    return "the images";
}

Expected<bool> CheckpointDiffer::step() {
    State& s = *s_;
    size_t i = done_;
    if (i >= steps_total() && i > 0) return false;
    if (i == 0) {
        auto files = diff::diff_files(s.cx);
        if (!files) return std::move(files).error();
        auto pairs = diff::match_tasks(s.cx.a, s.cx.b, s.cx.opt.match_comm);
        if (!pairs) return std::move(pairs).error();
        s.pairs = std::move(*pairs);
        for (const auto& t : s.pairs)
            if (t.a && t.b) s.paged.push_back(t);
    } else if (i - 1 < s.pairs.size()) {
        if (auto ok = diff::diff_task(s.cx, s.pairs[i - 1]); !ok) return std::move(ok).error();
    } else if (i - 1 - s.pairs.size() < s.paged.size()) {
        if (!s.pages) {
            auto job = diff::PagesJob::open(s.cx, s.paged[i - 1 - s.pairs.size()]);
            if (!job) return std::move(job).error();
            s.pages = std::move(*job);
        }
        auto all = s.pages->step(kPagesPerStep);
        if (!all) return std::move(all).error();
        if (!*all) return true;   // the same step goes on
        s.pages.reset();
    } else {
        if (auto ok = diff::diff_shared_images(s.cx); !ok) return std::move(ok).error();
    }
    ++done_;
    return done_ < steps_total();
}

DiffResult CheckpointDiffer::take() { return std::move(s_->result); }

}  // namespace img
