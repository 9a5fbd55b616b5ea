#include "model/panel_view.h"

#include <algorithm>

namespace img::tui {

namespace {
constexpr size_t kScrollColumns = 8;   // what < and > scroll a wide table by
}

size_t panel_rows(const Panel& p, size_t height) {
    size_t head = p.header() ? 1 : 0;
    return height > head ? height - head : 0;
}

void draw_panel(std::vector<StyledLine>& out, const Panel& p, ListCursor& cursor, bool focused, size_t height,
                size_t width) {
    if (height == 0) return;
    std::vector<StyledLine> lines;
    if (auto h = p.header()) lines.push_back(*h);
    size_t rows = panel_rows(p, height), widest = 0;
    cursor.settle(p.size(), rows);
    for (size_t i = cursor.top; i < p.size() && i < cursor.top + rows; ++i) {
        lines.push_back(p.row(i));
        if (i == cursor.pos) lines.back().restyle(focused ? Style::Selected : Style::Cursor);
    }
    for (const auto& l : lines) widest = std::max(widest, l.width());
    cursor.left = std::min(cursor.left, widest > width ? widest - width : 0);
    for (auto& l : lines) out.push_back(cursor.left ? drop_columns(l, cursor.left) : std::move(l));
    if (p.size() == 0 && rows > 0) out.push_back(StyledLine(p.filter().empty() ? "(empty)" : "(no row matches the filter)", Style::Dim));
}

std::optional<size_t> row_at(const Panel& p, const ListCursor& cursor, size_t line) {
    size_t head = p.header() ? 1 : 0;
    if (line < head) return std::nullopt;
    size_t i = cursor.top + line - head;
    if (i >= p.size()) return std::nullopt;
    return i;
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
        case Command::ScrollLeft: cursor.left = cursor.left > kScrollColumns ? cursor.left - kScrollColumns : 0; return true;
        case Command::ScrollRight: cursor.left += kScrollColumns; return true;   // draw_panel stops it at the end
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
