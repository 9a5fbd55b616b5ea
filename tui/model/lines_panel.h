// LinesPanel: a fixed list of styled lines (the help screen) as a Panel.
#pragma once

#include <string>
#include <vector>

#include "model/panel.h"

namespace img::tui {

class LinesPanel final : public Panel {
public:
    LinesPanel(std::string title, std::vector<StyledLine> lines) : title_(std::move(title)), lines_(std::move(lines)) {}
    std::string title() const override { return title_; }
    size_t size() const override { return lines_.size(); }
    StyledLine row(size_t i) const override { return lines_[i]; }

private:
    std::string title_;
    std::vector<StyledLine> lines_;
};

}  // namespace img::tui
