#include "options.h"

#include <charconv>

#include "model/help_screen.h"

void setup_tui(CLI::App& app, TuiToolOptions& o) {
    app.description(
        "Browse a CRIU checkpoint in the terminal: the process tree, each task's threads, VMAs, fds,\n"
        "files, sockets, pipes, signal handlers, rlimits, command line and environment, its memory as\n"
        "hex (Enter on a VMA), and every image decoded (images tab). DIR may be a dump directory or a\n"
        "Podman/CRI-O checkpoint (directory or archive). Keys:\n" +
        img::tui::key_summary() +
        "--batch runs the same keys and commands without a terminal and prints the screen:\n"
        "  img-tui --batch -c 'select 13297' -c 'tab vmas' -c Tab -c Enter -c 'search CIMG' DIR\n"
        "See img-tui(1) for the batch commands and the screen.");
    app.add_option("DIR", o.inputs, "dump directory or checkpoint archive (two of them with --diff)")
        ->required()
        ->expected(1, 2);
    app.add_option("--pid", o.pid, "select this task first")->type_name("PID");
    app.add_flag("--diff", o.diff, "compare two checkpoints A B: the panes of A, tasks that differ marked, a diff tab");
    app.add_flag("--no-mouse", o.no_mouse,
                 "leave the mouse to the terminal (its own selection); otherwise a click selects a row or a tab "
                 "and the wheel scrolls");
    app.add_flag("--batch", o.batch, "no terminal: run the -c commands and print the final screen");
    app.add_option("-c", o.commands,
                   "with --batch: a key name (j, Enter, PgDn, Space), a command (down, open, quit, ...), or "
                   "type TEXT, filter TEXT, search TEXT, goto ADDR, select PID, tab NAME, resize WxH, click ROW COL, "
                   "wheel ROW up|down, screen, stats")
        ->type_name("CMD")
        ->allow_extra_args(false);
    app.add_option("--size", o.size, "with --batch: the screen's size (default 80x24)")->type_name("WxH");
    add_archive_options(app, o.archive);
}

bool parse_size(const std::string& s, int& width, int& height) {
    auto x = s.find('x');
    if (x == std::string::npos) return false;
    auto r1 = std::from_chars(s.data(), s.data() + x, width);
    auto r2 = std::from_chars(s.data() + x + 1, s.data() + s.size(), height);
    return r1.ec == std::errc() && r1.ptr == s.data() + x && r2.ec == std::errc() && r2.ptr == s.data() + s.size() &&
           width >= 20 && height >= 5 && width <= 1000 && height <= 1000;
}
