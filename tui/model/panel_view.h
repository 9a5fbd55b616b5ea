// Showing a Panel in a pane: its header and the rows around the cursor, and the commands that move
// the cursor (rows, screens, ends, n/N through the filter's matches).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/keymap.h"
#include "model/list_cursor.h"
#include "model/panel.h"

namespace img::tui {

// `height` lines: the panel's header (when it has one) and its rows from the cursor's top, all
// scrolled `cursor.left` columns to the left (no further than the widest of them needs in
// `width` columns); the cursor's row Selected when the pane has the focus, Cursor when not.
void draw_panel(std::vector<StyledLine>& out, const Panel& p, ListCursor& cursor, bool focused, size_t height,
                size_t width);
// Rows that draw_panel shows in `height` lines.
size_t panel_rows(const Panel& p, size_t height);
// The row of `p` drawn on line `line` of its pane (0: the header, when it has one), as draw_panel
// last drew it; nullopt for the header and the blank lines below the last row.
std::optional<size_t> row_at(const Panel& p, const ListCursor& cursor, size_t line);
// Up, Down, PageUp, PageDown, Home, End, Next, Prev, ScrollLeft, ScrollRight; false for any other
// command. `status` says
// why n/N did not move.
bool navigate(Command c, const Panel& p, ListCursor& cursor, size_t rows, std::string& status);

}  // namespace img::tui
