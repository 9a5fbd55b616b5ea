#include "options.h"

#include <fmt/format.h>

#include "img/views.h"

void setup_show(CLI::App& app, ShowToolOptions& o) {
    app.description(
        "Show one CRIU image file, or a whole dump directory through views.\n"
        "FILE: a readable view by default, or JSON identical to CRIU 4.2's `crit decode` (with --json)\n"
        "and `crit decode --pretty` (with --json --pretty). FILE may be '-' for standard input.\n"
        "DIR: tables about the checkpoint (the overview by default; choose with --view), as text or JSON.");
    app.add_option("FILE", o.input, "image file (e.g. core-42.img, files.img), - for stdin, or a dump directory")
        ->required();
    app.add_flag("--json", o.json,
                 "FILE: crit-compatible JSON ({\"magic\": ..., \"entries\": [...]}); "
                 "DIR: {\"dump\": DIR, \"views\": [{\"view\": NAME, \"rows\": [...]}, ...]}");
    app.add_flag("--pretty", o.pretty,
                 "with --json: indent, and show hex numbers, flag names, devices and addresses as crit --pretty does");
    app.add_flag("--info", o.info, "FILE only: print the image kind, header and entry count without decoding messages");
    app.add_flag("--nopl", o.nopl, "FILE only: do not print payload bytes, only their size (like crit show --nopl)");
    app.add_option("--view", o.views, "DIR only: which views to show (repeatable, or a comma list; 'all' for every view)")
        ->allow_extra_args(false)
        ->type_name("NAME");
    app.add_option("--pid", o.pid, "DIR only: show only this task (a pid, or a thread id for the thread views)")
        ->type_name("PID");

    std::string list;
    for (const auto& v : img::views()) list += fmt::format("  {:<12}{}\n", v.name, v.help);
    app.footer(
        "Views of a dump directory (--view NAME; the first is the default):\n" + list +
        "\n"
        "Exit status: 0 shown; 2 usage error (unknown view, no such pid), or unreadable/corrupt input (the\n"
        "message names file, entry and offset).\n"
        "Examples:\n"
        "  img-show files.img                    readable view of one image\n"
        "  img-show --json --pretty core-1.img   crit decode --pretty equivalent\n"
        "  img-show --json mm-1.img | img-encode -o mm-1.img.new   lossless round trip\n"
        "  img-show dump/                        overview of the checkpoint: one row per task\n"
        "  img-show --view ps,fds dump/          process tree and file descriptors (like crit x ps, fds)\n"
        "  img-show --view mems --pid 42 dump/   memory areas of task 42 with resident pages\n"
        "  img-show --view cmdline --view env dump/   argv and environment, read from the dumped memory\n"
        "  img-show --view all --json dump/ | jq '.views[] | select(.view == \"sockets\")'\n"
        "Colour only on a terminal, never with NO_COLOR. See img-show(1).");
}
