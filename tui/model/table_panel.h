// TablePanel: one or more Tables (a detail tab: threads then registers) as one scrolling list,
// each under its heading, with the table's warnings and a view's error shown in place, and '/'
// keeping only the rows that contain the filter.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "img/output/table.h"
#include "img/support/error.h"
#include "model/panel.h"
#include "model/table_format.h"

namespace img::tui {

struct TableSection {
    std::string heading;   // "Threads"
    Expected<Table> table;
};

class TablePanel final : public Panel {
public:
    // What Enter on row r of a section's table opens.
    using Opener = std::function<std::optional<OpenTarget>(const TableFormat& format, size_t r)>;
    // drop_keys: columns left out (a per-task tab leaves out "pid").
    TablePanel(std::string title, std::vector<TableSection> sections, std::vector<std::string_view> drop_keys,
               Opener opener = {});
    // Marks rows (diff mode: a VMA whose pages differ): every line then starts with the row's mark
    // (' ' for none) and a space, marked rows in Style::Changed.
    using Marker = std::function<char(const TableFormat& format, size_t r)>;
    void set_marker(Marker m) { marker_ = std::move(m); }
    std::string title() const override { return title_; }
    size_t size() const override { return shown_.size(); }
    StyledLine row(size_t i) const override;
    std::optional<StyledLine> header() const override;
    void set_filter(std::string_view text) override;
    std::optional<OpenTarget> open(size_t i) const override;

private:
    struct Section {
        std::string heading;
        std::optional<Table> table;
        std::string error;
        std::unique_ptr<TableFormat> format;
    };
    // A shown line: a row of a section's table, or (row < 0) a line about the section.
    struct Line {
        size_t section;
        long row;   // >= 0 a row; kHeading, kColumns, or -(3 + i) for warning i
    };
    static constexpr long kHeading = -1, kColumns = -2;
    void rebuild();
    StyledLine line(size_t i) const;   // row i without its mark
    bool single() const { return sections_.size() == 1; }

    std::string title_;
    std::vector<Section> sections_;
    std::vector<Line> shown_;
    Opener opener_;
    Marker marker_;
};

}  // namespace img::tui
