#include "model/diff_panel.h"

#include <charconv>

#include <fmt/format.h>

namespace img::tui {

namespace {

char mark_of(Change c) { return c == Change::Added ? '+' : c == Change::Removed ? '-' : '~'; }
Style style_of(Change c) { return c == Change::Added ? Style::Added : c == Change::Removed ? Style::Removed : Style::Changed; }

}  // namespace

std::optional<uint32_t> task_of(const std::string& where) {
    if (!where.starts_with("task ")) return std::nullopt;
    uint32_t pid = 0;
    auto [p, ec] = std::from_chars(where.data() + 5, where.data() + where.size(), pid);
    if (ec != std::errc() || p == where.data() + 5) return std::nullopt;
    return pid;
}

DiffPanel::DiffPanel(std::shared_ptr<const DiffResult> diff, uint32_t pid) : diff_(std::move(diff)) {
    add_heading(fmt::format("task {} (A: {}, B: {})", pid, diff_->a, diff_->b));
    size_t first = lines_.size();
    for (const auto& d : diff_->differences)
        if (task_of(d.where) == pid) add_difference(d, true);
    for (const auto& p : diff_->pages)
        if (p.pid == pid) add_pages(p);
    if (lines_.size() == first) lines_.emplace_back("  no difference", Style::Dim), heading_.push_back(false);
    add_heading("the rest of the dumps");
    first = lines_.size();
    for (const auto& d : diff_->differences)
        if (!task_of(d.where) || *task_of(d.where) != pid) add_difference(d, false);
    if (lines_.size() == first) lines_.emplace_back("  no difference", Style::Dim), heading_.push_back(false);
    set_filter("");
}

void DiffPanel::add_heading(std::string text) {
    lines_.emplace_back(std::move(text), Style::Heading);
    heading_.push_back(true);
}

void DiffPanel::add_difference(const Difference& d, bool of_task) {
    StyledLine line(fmt::format("{} {:<10} ", mark_of(d.change), d.aspect), style_of(d.change));
    // Under the task's heading its "task PID (comm)" goes without saying.
    std::string where = d.where;
    if (auto close = where.find(") "); of_task && close != std::string::npos) where.erase(0, close + 2);
    else if (of_task && where.find(' ', 5) == std::string::npos) where.clear();
    std::string path = d.path.empty() ? "" : (where.empty() ? "" : " ") + d.path;
    line.add(where + path);
    if (d.change == Change::Changed) line.add(": " + d.a + " -> " + d.b);
    else if (d.change == Change::Added) line.add(": " + d.b);
    else line.add(": " + d.a);
    lines_.push_back(std::move(line));
    heading_.push_back(false);
}

void DiffPanel::add_pages(const VmaPages& p) {
    StyledLine line(fmt::format("~ {:<10} ", "pages"), Style::Changed);
    line.add(fmt::format("{:x}-{:x} {} {}: {} changed, {} added, {} removed", p.start, p.end, p.description, p.prot,
                         p.changed, p.added, p.removed));
    lines_.push_back(std::move(line));
    heading_.push_back(false);
}

void DiffPanel::set_filter(std::string_view text) {
    filter_ = text;
    shown_.clear();
    for (size_t i = 0; i < lines_.size(); ++i)
        if (heading_[i] || contains_any_case(lines_[i].text(), filter_)) shown_.push_back(i);
}

}  // namespace img::tui
