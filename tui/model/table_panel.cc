#include "model/table_panel.h"

namespace img::tui {

TablePanel::TablePanel(std::string title, std::vector<TableSection> sections, std::vector<std::string_view> drop_keys,
                       Opener opener)
    : title_(std::move(title)), opener_(std::move(opener)) {
    for (auto& s : sections) {
        Section sec;
        sec.heading = std::move(s.heading);
        if (s.table) sec.table.emplace(std::move(*s.table));
        else sec.error = s.table.error().message();
        sections_.push_back(std::move(sec));
    }
    // Formats point into the tables: made once the tables sit where they stay.
    for (auto& sec : sections_)
        if (sec.table) sec.format = std::make_unique<TableFormat>(*sec.table, drop_keys);
    rebuild();
}

void TablePanel::rebuild() {
    shown_.clear();
    for (size_t s = 0; s < sections_.size(); ++s) {
        const auto& sec = sections_[s];
        if (!single()) shown_.push_back({s, kHeading});
        if (!sec.table) {
            if (single()) shown_.push_back({s, kHeading});
            continue;
        }
        for (size_t w = 0; w < sec.table->warnings.size(); ++w) shown_.push_back({s, -3 - static_cast<long>(w)});
        if (!single() && !sec.table->empty()) shown_.push_back({s, kColumns});
        for (size_t r = 0; r < sec.table->row_count(); ++r)
            if (filter_.empty() || contains_any_case(sec.format->row(r), filter_)) shown_.push_back({s, static_cast<long>(r)});
    }
}

StyledLine TablePanel::row(size_t i) const {
    if (!marker_) return line(i);
    const Line& l = shown_[i];
    char mark = l.row >= 0 ? marker_(*sections_[l.section].format, static_cast<size_t>(l.row)) : ' ';
    StyledLine marked(std::string(1, mark) + " ", mark == ' ' ? Style::Normal : Style::Changed);
    for (auto& seg : line(i).segments) marked.add(seg.text, mark == ' ' ? seg.style : Style::Changed);
    return marked;
}

StyledLine TablePanel::line(size_t i) const {
    const Line& l = shown_[i];
    const Section& sec = sections_[l.section];
    if (l.row >= 0) return StyledLine(sec.format->row(static_cast<size_t>(l.row)));
    if (l.row == kColumns) return StyledLine(sec.format->header(), Style::Header);
    if (l.row == kHeading) {
        if (!sec.table) return StyledLine(sec.heading + ": " + sec.error, Style::Error);
        return StyledLine(sec.heading + (sec.table->empty() ? ": none" : ""), Style::Heading);
    }
    return StyledLine("warning: " + sec.table->warnings[static_cast<size_t>(-3 - l.row)], Style::Error);
}

std::optional<StyledLine> TablePanel::header() const {
    if (!single() || !sections_[0].table) return std::nullopt;
    const auto& t = *sections_[0].table;
    std::string indent = marker_ ? "  " : "";
    if (t.empty()) return StyledLine(indent + "(no " + sections_[0].heading + ")", Style::Header);
    return StyledLine(indent + sections_[0].format->header(), Style::Header);
}

void TablePanel::set_filter(std::string_view text) {
    filter_ = text;
    rebuild();
}

std::optional<OpenTarget> TablePanel::open(size_t i) const {
    if (!opener_ || i >= shown_.size() || shown_[i].row < 0) return std::nullopt;
    return opener_(*sections_[shown_[i].section].format, static_cast<size_t>(shown_[i].row));
}

}  // namespace img::tui
