// Mouse: a click or a turn of the wheel at a cell of the screen, as the model sees it (row 0 is
// the title line, column 0 the left edge); the painter turns ncurses' events into it and --batch
// takes "click ROW COL" and "wheel ROW up|down". The model finds the pane, row or tab under it.
#pragma once

namespace img::tui {

struct Mouse {
    enum class Kind { Click, WheelUp, WheelDown };
    Kind kind = Kind::Click;
    int row = 0, col = 0;
};

// Rows a turn of the wheel scrolls the pane under the pointer by.
inline constexpr long kWheelRows = 3;

}  // namespace img::tui
