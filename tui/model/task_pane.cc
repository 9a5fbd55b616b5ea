#include "model/task_pane.h"

#include "img/views/views.h"

namespace img::tui {

Expected<std::unique_ptr<TaskPane>> TaskPane::build(Checkpoint& dump) {
    auto t = view_overview(dump, ViewOptions{});
    if (!t) return std::move(t.error());
    return std::make_unique<TaskPane>(std::move(*t));
}

TaskPane::TaskPane(Table overview) : table_(std::move(overview)) {
    // ppid, pgid and sid are in the overview tab; the pane keeps what tells tasks apart.
    format_ = std::make_unique<TableFormat>(table_, std::vector<std::string_view>{"ppid", "pgid", "sid"});
    for (size_t r = 0; r < table_.row_count(); ++r) {
        Task t;
        t.pid = static_cast<uint32_t>(format_->number(r, "pid").value_or(0));
        t.depth = static_cast<int>(format_->number(r, "depth").value_or(0));
        tasks_.push_back(t);
    }
    for (size_t i = 0; i + 1 < tasks_.size(); ++i) tasks_[i].has_children = tasks_[i + 1].depth > tasks_[i].depth;
    rebuild();
}

void TaskPane::rebuild() {
    shown_.clear();
    int hide_below = -1;   // depth of a folded ancestor, -1 when none
    for (size_t i = 0; i < tasks_.size(); ++i) {
        const Task& t = tasks_[i];
        if (hide_below >= 0 && t.depth > hide_below) continue;
        hide_below = t.folded ? t.depth : -1;
        if (!filter_.empty() && !contains_any_case(format_->row(i), filter_)) continue;
        shown_.push_back(i);
    }
}

StyledLine TaskPane::row(size_t i) const {
    const Task& t = tasks_[shown_[i]];
    std::string fold = !t.has_children ? "  " : t.folded ? "+ " : "- ";
    StyledLine line(std::string(1, t.mark) + fold + format_->row(shown_[i]),
                    t.mark == ' ' ? Style::Normal : Style::Changed);
    return line;
}

std::optional<StyledLine> TaskPane::header() const { return StyledLine("   " + format_->header(), Style::Header); }

void TaskPane::set_filter(std::string_view text) {
    filter_ = text;
    rebuild();
}

bool TaskPane::toggle_fold(size_t i) {
    if (i >= shown_.size() || !tasks_[shown_[i]].has_children) return false;
    tasks_[shown_[i]].folded = !tasks_[shown_[i]].folded;
    rebuild();
    return true;
}

std::optional<size_t> TaskPane::row_of(uint32_t pid) {
    for (size_t i = 0; i < tasks_.size(); ++i) {
        if (tasks_[i].pid != pid) continue;
        // Unfold every ancestor: the nearest shallower task before it, up to the root.
        int depth = tasks_[i].depth;
        for (size_t a = i; a-- > 0 && depth > 0;)
            if (tasks_[a].depth < depth) {
                tasks_[a].folded = false;
                depth = tasks_[a].depth;
            }
        if (!filter_.empty()) filter_.clear();
        rebuild();
        for (size_t s = 0; s < shown_.size(); ++s)
            if (shown_[s] == i) return s;
    }
    return std::nullopt;
}

Table TaskPane::overview_of(uint32_t pid) const {
    Table t;
    t.name = table_.name;
    t.columns = table_.columns;
    t.warnings = table_.warnings;
    for (size_t i = 0; i < tasks_.size(); ++i)
        if (tasks_[i].pid == pid) t.add_row(table_.row(i));
    return t;
}

void TaskPane::mark(uint32_t pid, char m) {
    for (auto& t : tasks_)
        if (t.pid == pid) t.mark = m;
}

}  // namespace img::tui
