// Reading a key from ncurses as the model's Key (img/tui/model/key.h), a resize, or nothing.
#pragma once

namespace img::tui {

inline constexpr int kNoKey = -1;
inline constexpr int kResized = -2;

// Waits up to timeout_ms (-1: until a key comes) and returns the key, kResized or kNoKey.
int read_key(int timeout_ms);

}  // namespace img::tui
