#include "model/table_format.h"

#include <algorithm>

#include "img/support/display.h"

namespace img::tui {

namespace {
constexpr size_t kMaxPad = 60;   // a wider cell is not padded further, as img-show does
}

TableFormat::TableFormat(const Table& table, const std::vector<std::string_view>& drop_keys) : table_(&table) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
        const auto& col = table.columns[c];
        if (col.title.empty() || std::find(drop_keys.begin(), drop_keys.end(), col.key) != drop_keys.end()) continue;
        columns_.push_back(c);
        widths_.push_back(std::max(display_width(col.title), std::min(table.cell_width(c), kMaxPad)));
    }
}

void TableFormat::put(std::string& line, size_t shown, std::string_view text) const {
    size_t w = display_width(text);
    size_t pad = w < widths_[shown] ? widths_[shown] - w : 0;
    if (shown > 0) line += "  ";
    if (table_->columns[columns_[shown]].right) line.append(pad, ' ').append(text);
    else line.append(text).append(shown + 1 == columns_.size() ? 0 : pad, ' ');
}

std::string TableFormat::header() const {
    std::string line;
    for (size_t i = 0; i < columns_.size(); ++i) put(line, i, table_->columns[columns_[i]].title);
    return line;
}

std::string TableFormat::row(size_t r) const {
    std::vector<std::string> cells(table_->columns.size());
    table_->for_each_cell(r, [&](size_t c, const CellRef& v) {
        if (c < cells.size()) v.append_display(cells[c]);
    });
    std::string line;
    for (size_t i = 0; i < columns_.size(); ++i) put(line, i, cells[columns_[i]]);
    return line;
}

std::optional<uint64_t> TableFormat::number(size_t r, std::string_view key) const {
    std::optional<uint64_t> out;
    table_->for_each_cell(r, [&](size_t c, const CellRef& v) {
        if (c >= table_->columns.size() || table_->columns[c].key != key) return;
        if (v.kind == CellRef::Kind::UInt) out = v.u;
        else if (v.kind == CellRef::Kind::Int && v.i >= 0) out = static_cast<uint64_t>(v.i);
    });
    return out;
}

std::string TableFormat::cell_text(size_t r, std::string_view key) const {
    std::string out;
    table_->for_each_cell(r, [&](size_t c, const CellRef& v) {
        if (c < table_->columns.size() && table_->columns[c].key == key) v.append_display(out);
    });
    return out;
}

}  // namespace img::tui
