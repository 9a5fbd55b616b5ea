#include "model/list_cursor.h"

#include <algorithm>

namespace img::tui {

void ListCursor::move(long delta, size_t count) {
    if (count == 0) {
        pos = 0;
        return;
    }
    long next = static_cast<long>(pos) + delta;
    if (next < 0) next = 0;
    if (next >= static_cast<long>(count)) next = static_cast<long>(count) - 1;
    pos = static_cast<size_t>(next);
}

void ListCursor::scroll(long delta, size_t count, size_t height) {
    long last_top = count > height ? static_cast<long>(count - height) : 0;
    long next_top = std::clamp(static_cast<long>(top) + delta, 0L, std::max(last_top, static_cast<long>(top)));
    long shift = next_top - static_cast<long>(top);
    top = static_cast<size_t>(next_top);
    move(shift != 0 ? shift : delta, count);
}

void ListCursor::settle(size_t count, size_t height) {
    if (count == 0) {
        pos = top = 0;
        return;
    }
    if (pos >= count) pos = count - 1;
    if (height == 0) height = 1;
    if (pos < top) top = pos;
    if (pos >= top + height) top = pos - height + 1;
    // No empty space below the last row while rows above are hidden.
    if (top + height > count) top = count > height ? count - height : 0;
}

}  // namespace img::tui
