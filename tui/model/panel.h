// Panel: what every list in the TUI is to the model (the task tree, a detail tab's tables, the
// image list, an image's JSON, the help screen): rows drawn on demand, a filter, folds, and what
// Enter on a row opens. The model keeps the cursor; a panel only answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/styled_line.h"

namespace img::tui {

// What Enter on a row asks the model to open.
struct OpenTarget {
    enum class Kind { Memory, Image } kind = Kind::Memory;
    uint32_t pid = 0;
    uint64_t addr = 0;    // Memory: the VMA's start
    std::string image;    // Image: its file name in the dump
};

class Panel {
public:
    virtual ~Panel() = default;
    virtual std::string title() const = 0;
    virtual size_t size() const = 0;                  // rows shown (after filter and folds)
    virtual StyledLine row(size_t i) const = 0;       // row i of those shown, unclipped
    virtual std::optional<StyledLine> header() const { return std::nullopt; }   // column titles
    // '/': tables keep only the rows containing `text` (any case); trees only remember it for n/N.
    virtual void set_filter(std::string_view text) { filter_ = text; }
    const std::string& filter() const { return filter_; }
    // n/N: the next row (after `from`, or before it) whose text contains the filter.
    std::optional<size_t> find(size_t from, bool forward) const;
    // Space: folds or unfolds row i; false when it has nothing to fold.
    virtual bool toggle_fold(size_t i) { return false; }
    // Enter on row i.
    virtual std::optional<OpenTarget> open(size_t i) const { return std::nullopt; }

protected:
    std::string filter_;
};

// Whether `text` contains `needle`, ASCII letters in any case.
bool contains_any_case(std::string_view text, std::string_view needle);

}  // namespace img::tui
