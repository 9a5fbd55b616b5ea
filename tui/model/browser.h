// Browser: the main screen, a task pane over a detail pane with tabs; which pane has the focus,
// each pane's cursor, and the detail panel of the selected task (made when first shown).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "img/model/checkpoint.h"
#include "model/detail_tabs.h"
#include "model/keymap.h"
#include "model/list_cursor.h"
#include "model/panel.h"
#include "model/styled_line.h"
#include "model/task_pane.h"

namespace img::tui {

class Browser {
public:
    Browser(Checkpoint& dump, std::unique_ptr<TaskPane> tasks);

    // Sizes the panes for `height` lines (draw does it too).
    void layout(size_t height);
    // Draws the panes into `height` lines.
    void draw(std::vector<StyledLine>& out, size_t width, size_t height);
    // A command for the browser; Enter on a row that opens something returns what to open.
    std::optional<OpenTarget> command(Command c, std::string& status);
    // The mouse on line `line` of the panes as draw() last laid them out: a click on a row selects
    // it and focuses its pane, on a tab's name switches to it; the wheel scrolls the pane under it.
    void click(size_t line, size_t col);
    void wheel(size_t line, long delta);
    // '/' on the focused pane.
    void set_filter(const std::string& text);
    const std::string& filter() const { return focused().filter(); }

    bool tasks_focused() const { return focus_tasks_; }
    uint32_t selected_pid() const;
    bool select_pid(uint32_t pid);
    bool select_tab(std::string_view name);
    const std::string& tab_name() const { return tab_names_[tab_]; }
    TaskPane& tasks() { return *tasks_; }
    // A tab after the detail tabs (diff mode adds its own), its panel made by `make` for a task.
    using PanelMaker = std::function<std::unique_ptr<Panel>(uint32_t pid)>;
    void add_tab(std::string name, PanelMaker make);
    // Marks VMAs in the vmas tab (diff mode).
    void set_vma_marker(VmaMarker m) { vma_marker_ = std::move(m); }

private:
    Panel& focused() const;
    Panel& detail();
    void draw_pane(std::vector<StyledLine>& out, Panel& p, ListCursor& c, bool focus, size_t height, size_t width);
    // The tab bar in `width` columns; `spans` (when given) gets each tab's columns [first, end),
    // {0, 0} for a tab scrolled off.
    StyledLine tab_bar(size_t width, std::vector<std::pair<size_t, size_t>>* spans = nullptr) const;
    size_t task_rows(size_t height) const;
    void switch_tab(int delta);

    Checkpoint& dump_;
    std::unique_ptr<TaskPane> tasks_;
    ListCursor task_cursor_, detail_cursor_;
    bool focus_tasks_ = true;
    std::vector<std::string> tab_names_;
    std::vector<PanelMaker> extra_tabs_;
    VmaMarker vma_marker_;
    size_t tab_ = 0;
    std::unique_ptr<Panel> detail_;
    uint32_t detail_pid_ = 0;
    size_t detail_tab_ = SIZE_MAX;
    size_t height_ = 22, width_ = 80;
    size_t last_task_height_ = 1, last_detail_height_ = 1;
};

}  // namespace img::tui
