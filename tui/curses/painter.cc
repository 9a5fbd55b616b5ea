#include "curses/painter.h"

#include <curses.h>

namespace img::tui {

namespace {
enum Pair : short { kBar = 1, kHeading, kAbsent, kMatch, kChanged, kError };
}

Painter::Painter(bool colour) : colour_(colour) {
    if (!colour_) return;
    init_pair(kBar, COLOR_BLACK, COLOR_CYAN);
    init_pair(kHeading, COLOR_YELLOW, -1);
    init_pair(kAbsent, COLOR_BLUE, -1);
    init_pair(kMatch, COLOR_BLACK, COLOR_YELLOW);
    init_pair(kChanged, COLOR_RED, -1);
    init_pair(kError, COLOR_RED, -1);
}

int Painter::attr(Style s) const {
    auto c = [&](short pair, int plain) { return colour_ ? static_cast<int>(COLOR_PAIR(pair)) : plain; };
    switch (s) {
        case Style::Normal: return A_NORMAL;
        case Style::Title:
        case Style::Status: return c(kBar, A_REVERSE);
        case Style::Header: return A_BOLD;
        case Style::Heading: return c(kHeading, A_BOLD) | A_BOLD;
        case Style::Selected: return A_REVERSE;
        case Style::Cursor: return A_UNDERLINE;
        case Style::Tab: return A_NORMAL;
        case Style::TabActive: return A_REVERSE | A_BOLD;
        case Style::Error: return c(kError, A_BOLD);
        case Style::Absent: return c(kAbsent, A_DIM);
        case Style::Match: return c(kMatch, A_STANDOUT | A_UNDERLINE);
        case Style::Changed:
        case Style::Removed: return c(kChanged, A_BOLD);
        case Style::Added: return A_BOLD;
        case Style::Dim: return A_DIM;
    }
    return A_NORMAL;
}

void Painter::paint(const Screen& s) {
    erase();
    for (size_t y = 0; y < s.lines.size() && static_cast<int>(y) < LINES; ++y) {
        move(static_cast<int>(y), 0);
        for (const auto& seg : s.lines[y].segments) {
            attrset(attr(seg.style));
            // The bottom-right cell cannot be written without scrolling: ncurses refuses it, harmlessly.
            addstr(seg.text.c_str());
        }
    }
    attrset(A_NORMAL);
    refresh();
}

}  // namespace img::tui
