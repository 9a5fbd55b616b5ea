// TableFormat: a Table's rows as aligned text, as img-show prints them: JSON-only columns (no
// title) and the columns a pane leaves out (the pid of a per-task tab) are not shown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "img/output/table.h"

namespace img::tui {

class TableFormat {
public:
    TableFormat(const Table& table, const std::vector<std::string_view>& drop_keys);
    std::string header() const;
    std::string row(size_t r) const;
    // The value of column `key` in row r as an unsigned number, if it holds one.
    std::optional<uint64_t> number(size_t r, std::string_view key) const;
    // Column `key` of row r as the text table shows it.
    std::string cell_text(size_t r, std::string_view key) const;

private:
    void put(std::string& line, size_t shown, std::string_view text) const;

    const Table* table_;
    std::vector<size_t> columns_;   // shown columns, by index into table.columns
    std::vector<size_t> widths_;
};

}  // namespace img::tui
