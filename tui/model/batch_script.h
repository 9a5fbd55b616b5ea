// --batch: the commands of `-c CMD` run against the model with no terminal. A CMD is a key name
// ("j", "Enter", "PgDn", "Space"), a keymap command name ("down", "open"), or one of:
//   key NAME        the key NAME (for names that are also words here)
//   type TEXT       each character of TEXT as a key (into a prompt)
//   filter TEXT     / TEXT Enter        search TEXT     / TEXT Enter (memory view)
//   goto ADDR       g ADDR Enter        select PID      the task PID in the task pane
//   tab NAME        the detail tab NAME resize WxH      a new screen size
//   screen          print the screen now (the last one is always printed)
//   stats           print what the memory view has read from the dump
#pragma once

#include <string>
#include <vector>

#include "img/support/error.h"
#include "model/tui_model.h"

namespace img::tui {

// Runs one command; text it prints is appended to `out`. An Error for a command it does not know
// or an argument it cannot take. Any search it starts runs to its end.
Expected<void> run_batch_command(TuiModel& m, const std::string& cmd, std::string& out);
// Runs every command, stopping at the first error or at quit, then appends the final screen.
Expected<std::string> run_batch(TuiModel& m, const std::vector<std::string>& cmds);

}  // namespace img::tui
