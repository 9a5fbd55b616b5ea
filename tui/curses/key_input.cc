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

// The event behind KEY_MOUSE: a left button press (reported at once: mouseinterval(0) leaves
// ncurses no wait for a release to make it a click) or a wheel step.
int mouse_event(Mouse& mouse) {
    MEVENT ev{};
    if (getmouse(&ev) != OK) return kNoKey;
    if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) mouse.kind = Mouse::Kind::Click;
    else if (ev.bstate & BUTTON4_PRESSED) mouse.kind = Mouse::Kind::WheelUp;
    else if (ev.bstate & BUTTON5_PRESSED) mouse.kind = Mouse::Kind::WheelDown;
    else return kNoKey;
    mouse.row = ev.y;
    mouse.col = ev.x;
    return kMouse;
}

}  // namespace

int read_key(int timeout_ms, Mouse& mouse) {
    timeout(timeout_ms);
    wint_t ch = 0;
    int r = get_wch(&ch);
    if (r == ERR) return kNoKey;
    if (r == KEY_CODE_YES && ch == KEY_MOUSE) return mouse_event(mouse);
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
