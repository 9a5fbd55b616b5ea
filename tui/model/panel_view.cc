#include "model/panel_view.h"

namespace img::tui {

size_t panel_rows(const Panel& p, size_t height) {
    size_t head = p.header() ? 1 : 0;
    return height > head ? height - head : 0;
}

void draw_panel(std::vector<StyledLine>& out, const Panel& p, ListCursor& cursor, bool focused, size_t height) {
    if (height == 0) return;
    if (auto h = p.header()) out.push_back(*h);
    size_t rows = panel_rows(p, height);
    cursor.settle(p.size(), rows);
    for (size_t i = cursor.top; i < p.size() && i < cursor.top + rows; ++i) {
        StyledLine line = p.row(i);
        if (i == cursor.pos) line.restyle(focused ? Style::Selected : Style::Cursor);
        out.push_back(std::move(line));
    }
    if (p.size() == 0 && rows > 0) out.push_back(StyledLine(p.filter().empty() ? "(empty)" : "(no row matches the filter)", Style::Dim));
}

bool navigate(Command c, const Panel& p, ListCursor& cursor, size_t rows, std::string& status) {
    long page = rows > 1 ? static_cast<long>(rows) - 1 : 1;
    switch (c) {
        case Command::Up: cursor.move(-1, p.size()); return true;
        case Command::Down: cursor.move(1, p.size()); return true;
        case Command::PageUp: cursor.move(-page, p.size()); return true;
        case Command::PageDown: cursor.move(page, p.size()); return true;
        case Command::Home: cursor.home(); return true;
        case Command::End: cursor.end(p.size()); return true;
        case Command::Next:
        case Command::Prev: {
            if (p.filter().empty()) {
                status = "no filter yet: / first";
                return true;
            }
            auto hit = p.find(cursor.pos, c == Command::Next);
            if (hit) cursor.pos = *hit;
            else status = "no more rows with '" + p.filter() + (c == Command::Next ? "' below" : "' above");
            return true;
        }
        default: return false;
    }
}

}  // namespace img::tui
