#include "model/browser.h"

#include <algorithm>

#include "model/detail_tabs.h"
#include "model/panel_view.h"

namespace img::tui {

Browser::Browser(Checkpoint& dump, std::unique_ptr<TaskPane> tasks) : dump_(dump), tasks_(std::move(tasks)) {
    for (const auto& t : detail_tabs()) tab_names_.emplace_back(t.name);
}

void Browser::add_tab(std::string name, PanelMaker make) {
    tab_names_.push_back(std::move(name));
    extra_tabs_.push_back(std::move(make));
}

uint32_t Browser::selected_pid() const {
    return tasks_->size() ? tasks_->pid_at(std::min(task_cursor_.pos, tasks_->size() - 1)) : 0;
}

Panel& Browser::detail() {
    uint32_t pid = selected_pid();
    if (!detail_ || detail_pid_ != pid || detail_tab_ != tab_) {
        const auto tabs = detail_tabs();
        detail_ = tab_ < tabs.size() ? build_tab_panel(dump_, tabs[tab_], pid, *tasks_, vma_marker_) : extra_tabs_[tab_ - tabs.size()](pid);
        detail_pid_ = pid;
        detail_tab_ = tab_;
        detail_cursor_ = {};
    }
    return *detail_;
}

Panel& Browser::focused() const {
    return focus_tasks_ || !detail_ ? static_cast<Panel&>(*tasks_) : *detail_;
}

size_t Browser::task_rows(size_t height) const {
    size_t most = std::max<size_t>(3, height > 2 ? (height - 2) / 3 : 1);
    return std::min(std::max<size_t>(tasks_->size(), 1), most);
}

StyledLine Browser::tab_bar(size_t width, std::vector<std::pair<size_t, size_t>>* spans) const {
    // Names one space apart, the current one in brackets: the eleven tabs fit in 80 columns. When
    // they do not (diff mode's extra tab), the first ones give way to "<" until the current fits.
    auto bar_from = [&](size_t first) {
        StyledLine bar;
        if (spans) spans->assign(tab_names_.size(), {0, 0});
        if (first > 0) bar.add("<", Style::Dim);
        for (size_t i = first; i < tab_names_.size(); ++i) {
            if (i > first || first > 0) bar.add(" ", Style::Tab);
            size_t begin = bar.width();
            if (i == tab_) bar.add("[" + tab_names_[i] + "]", Style::TabActive);
            else bar.add(tab_names_[i], Style::Tab);
            if (spans) (*spans)[i] = {begin, bar.width()};
        }
        return bar;
    };
    size_t first = 0;
    auto current_end = [&](size_t f) {
        size_t w = f > 0 ? 1 : 0;
        for (size_t i = f; i <= tab_ && i < tab_names_.size(); ++i) w += tab_names_[i].size() + (i > f || f > 0 ? 1 : 0);
        return w + 2;
    };
    while (first < tab_ && current_end(first) > width) ++first;
    return bar_from(first);
}

void Browser::layout(size_t height) {
    height_ = height;
    size_t th = task_rows(height) + 1;
    last_task_height_ = th - 1;
    last_detail_height_ = height > th + 1 ? panel_rows(detail(), height - th - 1) : 0;
}

void Browser::draw(std::vector<StyledLine>& out, size_t width, size_t height) {
    layout(height);
    width_ = width;
    size_t th = last_task_height_ + 1;
    draw_pane(out, *tasks_, task_cursor_, focus_tasks_, th, width);
    if (height <= th) return;
    out.push_back(tab_bar(width));
    draw_pane(out, detail(), detail_cursor_, !focus_tasks_, height - th - 1, width);
}

void Browser::draw_pane(std::vector<StyledLine>& out, Panel& p, ListCursor& c, bool focus, size_t height, size_t width) {
    size_t before = out.size();
    draw_panel(out, p, c, focus, height, width);
    while (out.size() < before + height) out.emplace_back();
}

void Browser::switch_tab(int delta) {
    size_t n = tab_names_.size();
    tab_ = (tab_ + n + static_cast<size_t>(delta + static_cast<int>(n))) % n;
}

std::optional<OpenTarget> Browser::command(Command c, std::string& status) {
    layout(height_);   // the pages of PgUp/PgDn as the panes are now (tab, task, filter)
    Panel& p = focused();
    ListCursor& cur = focus_tasks_ ? task_cursor_ : detail_cursor_;
    if (navigate(c, p, cur, focus_tasks_ ? last_task_height_ : last_detail_height_, status)) return std::nullopt;
    switch (c) {
        case Command::NextPane: focus_tasks_ = !focus_tasks_; detail(); break;
        case Command::NextTab: switch_tab(1); break;
        case Command::PrevTab: switch_tab(-1); break;
        case Command::Fold:
            if (!p.toggle_fold(cur.pos)) status = "nothing to fold here";
            break;
        case Command::Back:
            if (!focus_tasks_) focus_tasks_ = true;
            else status = "at the top: q quits";
            break;
        case Command::Open:
            if (focus_tasks_) {
                focus_tasks_ = false;
                detail();
                break;
            }
            if (auto t = detail().open(detail_cursor_.pos)) return t;
            status = "nothing to open on this row";
            break;
        default: break;
    }
    return std::nullopt;
}

void Browser::click(size_t line, size_t col) {
    layout(height_);
    size_t th = last_task_height_ + 1;
    if (line < th) {
        if (auto row = row_at(*tasks_, task_cursor_, line)) {
            task_cursor_.pos = *row;
            focus_tasks_ = true;
        }
    } else if (line == th) {
        std::vector<std::pair<size_t, size_t>> spans;
        tab_bar(width_, &spans);
        for (size_t i = 0; i < spans.size(); ++i)
            if (col >= spans[i].first && col < spans[i].second) tab_ = i;
    } else if (auto row = row_at(detail(), detail_cursor_, line - th - 1)) {
        detail_cursor_.pos = *row;
        focus_tasks_ = false;
    }
}

void Browser::wheel(size_t line, long delta) {
    layout(height_);
    size_t th = last_task_height_ + 1;
    if (line < th) task_cursor_.scroll(delta, tasks_->size(), last_task_height_);
    else if (line > th) detail_cursor_.scroll(delta, detail().size(), last_detail_height_);
}

void Browser::set_filter(const std::string& text) {
    Panel& p = focus_tasks_ ? static_cast<Panel&>(*tasks_) : detail();
    p.set_filter(text);
    (focus_tasks_ ? task_cursor_ : detail_cursor_) = {};
}

bool Browser::select_pid(uint32_t pid) {
    auto row = tasks_->row_of(pid);
    if (!row) return false;
    task_cursor_.pos = *row;
    return true;
}

bool Browser::select_tab(std::string_view name) {
    for (size_t i = 0; i < tab_names_.size(); ++i)
        if (tab_names_[i] == name) {
            tab_ = i;
            return true;
        }
    return false;
}

}  // namespace img::tui
