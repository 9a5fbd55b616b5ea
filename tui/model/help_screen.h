// The help screen and the man page's key table, both made from the keymap table, so neither can
// leave a key out.
#pragma once

#include <string>
#include <vector>

#include "model/styled_line.h"

namespace img::tui {

// Every command with its keys and what it does, then how the screen is laid out.
std::vector<StyledLine> help_lines();
// The KEYS section's table of man/img-tui.1 (troff, one .TP entry per command).
std::string man_key_table();
// The MOUSE section's table of man/img-tui.1.
std::string man_mouse_table();
// The keys in a few lines, for img-tui --help.
std::string key_summary();

}  // namespace img::tui
