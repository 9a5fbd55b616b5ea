// Key: a key press as the TUI model sees it, a Unicode character or one of the named keys below,
// so the model, its tests and --batch never see ncurses' codes (the painter translates them).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace img::tui {

enum Key : int {
    kKeyUp = 0x110000, kKeyDown, kKeyLeft, kKeyRight, kKeyPageUp, kKeyPageDown, kKeyHome, kKeyEnd,
    kKeyEnter, kKeyEscape, kKeyBackspace, kKeyTab, kKeyBackTab,
};

// "Up", "PgDn", "Enter", "Esc", "Space", or the character itself ("j", "/").
std::string key_name(int key);
// The inverse of key_name (also "Down"/"PageDown", "Return", "BS"): nullopt for a name it does not know.
std::optional<int> parse_key(std::string_view name);
// A character that goes into a prompt's text (not a control character nor a named key).
bool is_text_key(int key);
// The character as UTF-8.
std::string key_utf8(int key);

}  // namespace img::tui
