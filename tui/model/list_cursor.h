// ListCursor: the selected row of a list and the first row on screen, kept inside the list and
// the rows its pane shows as the list changes (filters, folds, resizes).
#pragma once

#include <cstddef>

namespace img::tui {

struct ListCursor {
    size_t pos = 0;   // the selected row
    size_t top = 0;   // the first row shown
    size_t left = 0;  // the columns scrolled off to the left (a table wider than its pane)

    // Moves by `delta` rows (negative: up), within [0, count).
    void move(long delta, size_t count);
    void home() { pos = 0; }
    void end(size_t count) { pos = count ? count - 1 : 0; }
    // The wheel: the rows shown move by `delta` in a pane of `height` rows, the selection with
    // them (at either end of the list, the selection alone moves).
    void scroll(long delta, size_t count, size_t height);
    // Keeps pos inside the list and on screen in a pane of `height` rows.
    void settle(size_t count, size_t height);
};

}  // namespace img::tui
