// The detail pane's tabs: which views of the library each tab shows for the selected task (the
// images tab lists the dump's image files instead), and the panel a tab makes for one task.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "img/model/checkpoint.h"
#include "model/panel.h"
#include "model/task_pane.h"

namespace img::tui {

struct TabInfo {
    std::string_view name;                    // the tab bar's label: "vmas"
    std::array<std::string_view, 2> views;    // img-show view names, "" when unused
    bool images = false;                      // the dump's image files instead of views
};

std::span<const TabInfo> detail_tabs();
// The index of the tab named `name`, or -1.
int find_tab(std::string_view name);

// The mark of task pid's VMA at `start` in the vmas tab (' ' for none): diff mode marks VMAs whose
// pages differ.
using VmaMarker = std::function<char(uint32_t pid, uint64_t start)>;

// The panel of tab `tab` for task `pid` (the images tab ignores the pid). Views that fail show
// their error in place. The overview view's row comes from the task pane, which has it.
std::unique_ptr<Panel> build_tab_panel(Checkpoint& dump, const TabInfo& tab, uint32_t pid, const TaskPane& tasks,
                                       const VmaMarker& vma_marks = {});

}  // namespace img::tui
