#include "options.h"

#include <fmt/format.h>

#include "img/views/views.h"

void setup_show(CLI::App& app, ShowToolOptions& o) {
    app.description(
        "Show one CRIU image file, or a whole dump through views, or search and hexdump its memory.\n"
        "IMAGE: a readable view by default, or JSON in the shape of CRIU 4.2's `crit decode` (with\n"
        "--json) and `crit decode --pretty` (with --json --pretty), differing where crit is wrong\n"
        "(img-show(1)); '-' reads an image from standard input.\n"
        "DUMP: tables about the checkpoint (the overview by default; choose with --view), as text or JSON.\n"
        "ARCHIVE: a Podman/CRI-O/containerd checkpoint (tar, tar.gz, tar.zst; images under\n"
        "checkpoint/), or its unpacked directory; the overview then shows the container's metadata,\n"
        "--view checkpoint all that checkpointctl shows of it. Several dumps: the views of each in\n"
        "turn; with --list one row per checkpoint.");
    app.add_option("DUMP|ARCHIVE|IMAGE", o.inputs, "a dump directory, checkpoint archive or image file")->required();
    app.add_flag("--list", o.list,
                 "one row per checkpoint named (several may be), or per checkpoint archive in a folder named "
                 "(as checkpointctl list): "
                 "engine, namespace, pod, container, time, sizes, tasks, image");
    app.add_flag("--json", o.json,
                 "IMAGE: crit-compatible JSON ({\"magic\": ..., \"entries\": [...]}); "
                 "DUMP: {\"dump\": DUMP, \"views\": [{\"view\": NAME, \"rows\": [...]}, ...]}");
    app.add_flag("--pretty", o.pretty,
                 "with --json: indent, and show hex numbers, flag names, devices and addresses as crit --pretty does");
    app.add_flag("--info", o.info, "IMAGE only: print the image kind, header and entry count without decoding messages");
    app.add_flag("--nopl", o.nopl, "IMAGE only: do not print payload bytes, only their size (like crit show --nopl)");
    app.add_option("--view", o.views, "DUMP only: which views to show (repeatable, or a comma list; 'all' for every view)")
        ->allow_extra_args(false)
        ->type_name("NAME");
    app.add_option("--pid", o.pid, "DUMP only: show only this task (a pid, or a thread id for the thread views)")
        ->type_name("PID");
    app.add_option("--hexdump", o.memory.hexdump,
                   "DUMP: the dumped memory of task PID from ADDR (hex), LEN bytes (decimal or 0x-hex, default 256), "
                   "like hexdump -C; pages the dump lacks are marked, not shown as zeros")
        ->type_name("PID:ADDR[+LEN]");
    app.add_option("--search", o.memory.search,
                   "DUMP: every occurrence of the bytes of STRING in the dumped memory of every task (or of --pid)")
        ->type_name("STRING");
    app.add_option("--search-regex", o.memory.search_regex, "DUMP: like --search, with a PCRE2 pattern")
        ->type_name("RE");
    app.add_option("--context", o.memory.context, "with --search/--search-regex: show N bytes before and after each match")
        ->type_name("N");
    app.add_option("--max-matches", o.memory.max_matches, "with --search/--search-regex: stop after N matches (0: all)")
        ->type_name("N");

    add_archive_options(app, o.archive);
    std::string list, marks;
    for (const auto& v : img::views()) {
        list += fmt::format("  {:<12}{}\n", v.name, v.help);
        if (!v.marks.empty()) marks += fmt::format("  {:<12}{}\n", v.name, v.marks);
    }
    app.footer(
        "Views of a dump (--view NAME; the first is the default):\n" + list +
        "Marks in the views' cells (an empty cell shows -; a cell over 60 characters is cut, ending in\n"
        "\u2026, except in the last column; JSON has every value whole):\n" + marks +
        "\n"
        "Exit status: 0 shown (for --search/--search-regex: at least one match); 1 --search or\n"
        "--search-regex found nothing (said on stderr); 2 usage error (unknown view, no such pid, two\n"
        "memory commands at once, a folder that holds no dump), or unreadable/corrupt input (the message\n"
        "names file, entry and offset; in an archive ARCHIVE:MEMBER).\n"
        "Examples:\n"
        "  img-show files.img                    readable view of one image\n"
        "  img-show --json --pretty core-1.img   crit decode --pretty equivalent\n"
        "  img-show --json mm-1.img | img-encode -o mm-1.img.new\n"
        "                                        lossless round trip\n"
        "  img-show dump/                        overview of the checkpoint: one row per task\n"
        "  img-show --view ps,fds dump/          process tree and file descriptors (like crit x ps, fds)\n"
        "  img-show --view mems --pid 42 dump/   memory areas of task 42 with resident pages\n"
        "  img-show --view cmdline --view env dump/\n"
        "                                        argv and environment, read from the dumped memory\n"
        "  img-show --view all --json dump/ | jq '.views[] | select(.view == \"sockets\")'\n"
        "  img-show ckpt.tar.zst                 a Podman checkpoint archive: its container, its tasks\n"
        "  img-show --list /var/lib/checkpoints  one row per checkpoint archive in the folder\n"
        "  img-show --search CIMG_SCENARIO dump/\n"
        "                                        every place the string is in the dumped memory\n"
        "  img-show --search-regex 'PATH=[^\\x00]*' --context 8 --pid 42 dump/\n"
        "  img-show --hexdump 42:0x7ffd1000+64 dump/\n"
        "                                        64 bytes of task 42's memory (as hexdump -C)\n"
        "Colour only on a terminal, never with NO_COLOR. See img-show(1).");
}
