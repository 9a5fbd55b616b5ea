// Reading a key from ncurses as the model's Key (img/tui/model/key.h), a mouse event as the
// model's Mouse, a resize, or nothing.
#pragma once

#include "model/mouse.h"

namespace img::tui {

inline constexpr int kNoKey = -1;
inline constexpr int kResized = -2;
inline constexpr int kMouse = -3;

// Waits up to timeout_ms (-1: until a key comes) and returns the key, kResized, kNoKey, or
// kMouse with `mouse` set (a left click or the wheel; other buttons are kNoKey).
int read_key(int timeout_ms, Mouse& mouse);

}  // namespace img::tui
