#include "curses/key_input.h"

#include <curses.h>

#include "model/key.h"

namespace img::tui {

namespace {

int from_curses(int k) {
    switch (k) {
        case KEY_UP: return kKeyUp;
        case KEY_DOWN: return kKeyDown;
        case KEY_LEFT: return kKeyLeft;
        case KEY_RIGHT: return kKeyRight;
        case KEY_PPAGE: return kKeyPageUp;
        case KEY_NPAGE: return kKeyPageDown;
        case KEY_HOME: return kKeyHome;
        case KEY_END: return kKeyEnd;
        case KEY_ENTER: return kKeyEnter;
        case KEY_BACKSPACE: return kKeyBackspace;
        case KEY_BTAB: return kKeyBackTab;
        case KEY_RESIZE: return kResized;
        default: return kNoKey;
    }
}

}  // namespace

int read_key(int timeout_ms) {
    timeout(timeout_ms);
    wint_t ch = 0;
    int r = get_wch(&ch);
    if (r == ERR) return kNoKey;
    if (r == KEY_CODE_YES) return from_curses(static_cast<int>(ch));
    switch (ch) {
        case '\r':
        case '\n': return kKeyEnter;
        case 27: return kKeyEscape;
        case 127:
        case 8: return kKeyBackspace;
        case '\t': return kKeyTab;
        default: return static_cast<int>(ch);
    }
}

}  // namespace img::tui
