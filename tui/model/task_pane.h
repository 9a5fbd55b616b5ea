// TaskPane: the process tree of a checkpoint (pid, comm, state, threads, VMAs, resident pages, fds,
// exe), one row per task in tree order, each task with children foldable.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/output/table.h"
#include "img/support/error.h"
#include "model/panel.h"
#include "model/table_format.h"

namespace img::tui {

class TaskPane final : public Panel {
public:
    // From the overview view of `dump`: an Error when it has no readable process tree.
    static Expected<std::unique_ptr<TaskPane>> build(Checkpoint& dump);
    explicit TaskPane(Table overview);

    std::string title() const override { return "Tasks"; }
    size_t size() const override { return shown_.size(); }
    StyledLine row(size_t i) const override;
    std::optional<StyledLine> header() const override;
    void set_filter(std::string_view text) override;
    bool toggle_fold(size_t i) override;

    size_t task_count() const { return tasks_.size(); }
    uint32_t pid_at(size_t i) const { return tasks_[shown_[i]].pid; }
    // The shown row of `pid` (unfolding its ancestors), nullopt when it is not a task here.
    std::optional<size_t> row_of(uint32_t pid);
    // The overview view's row of `pid` as a table of its own (the overview tab shows it: the
    // resident pages of a 20,000-VMA task are not counted twice).
    Table overview_of(uint32_t pid) const;
    // Marks a task's row ("changed" in a diff); changed rows are drawn in Style::Changed.
    void mark(uint32_t pid, char mark);

private:
    struct Task {
        uint32_t pid = 0;
        int depth = 0;
        bool has_children = false;
        bool folded = false;
        char mark = ' ';
    };
    void rebuild();

    Table table_;
    std::unique_ptr<TableFormat> format_;
    std::vector<Task> tasks_;
    std::vector<size_t> shown_;   // indexes into tasks_ (= table rows)
};

}  // namespace img::tui
