// DiffPanel: img-diff's results in the TUI's diff tab: the selected task's differences (threads,
// registers, VMAs, fds, ...) and its VMAs whose pages differ, then those of the dump as a whole
// (images, files, tasks on one side only); each row marked ~ changed, + added (in B), - removed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "img/diff/diff_result.h"
#include "model/panel.h"

namespace img::tui {

// The pid a difference's `where` names ("task 13438 (bigmem) thread 13438" -> 13438), if any.
std::optional<uint32_t> task_of(const std::string& where);

class DiffPanel final : public Panel {
public:
    DiffPanel(std::shared_ptr<const DiffResult> diff, uint32_t pid);
    std::string title() const override { return "diff"; }
    size_t size() const override { return shown_.size(); }
    StyledLine row(size_t i) const override { return lines_[shown_[i]]; }
    void set_filter(std::string_view text) override;

private:
    void add_heading(std::string text);
    void add_difference(const Difference& d, bool of_task);
    void add_pages(const VmaPages& p);

    std::shared_ptr<const DiffResult> diff_;
    std::vector<StyledLine> lines_;
    std::vector<bool> heading_;
    std::vector<size_t> shown_;
};

}  // namespace img::tui
