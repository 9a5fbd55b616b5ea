#include "options.h"

void setup_diff(CLI::App& app, DiffToolOptions& o) {
    app.description(
        "Compare two CRIU checkpoints (or two single images), from the process tree down to the byte:\n"
        "  tasks and threads (state, comm, ids, parent), registers, creds, rlimits, signals, seccomp, namespaces;\n"
        "  the memory map (VMAs added, removed, resized, reprotected, remapped); descriptors and files;\n"
        "  memory pages, aligned by address through each side's pagemap (a page only one side holds is added\n"
        "  or removed, never compared as zeros); every other image entry by entry; container metadata.\n"
        "Tasks pair by pid (--match comm: by command and place in the tree). Two image files are compared\n"
        "entry by entry and field by field, payloads included, with JSON-pointer paths (/entries/3/reg/name).");
    app.add_option("A", o.a, "the first dump directory, checkpoint archive or image file")
        ->required()
        ->option_text("DUMP|ARCHIVE|IMAGE");
    app.add_option("B", o.b, "the second one, of the same kind as A")->required()->option_text("DUMP|ARCHIVE|IMAGE");
    app.add_option("--only", o.only,
                   "compare only these aspects (comma-separated): tasks, threads, registers, creds, rlimits, signals, "
                   "seccomp, namespaces, mm, vmas, fds, files, mounts, container, pages, entries")
        ->delimiter(',');
    app.add_option("--ignore", o.ignore,
                   "leave out a field (a path component such as timers or uptime) or an image (stats-dump); repeatable");
    app.add_option("--match", o.match, "how tasks pair: pid (default) or comm (command and place in the tree)")
        ->check(CLI::IsMember({"pid", "comm"}));
    app.add_flag("--pages", o.pages, "list every differing page range (implies --only pages unless --only is given)");
    app.add_option("--hexdiff", o.hexdiff, "show PID's bytes at ADDR (LEN bytes, default 256) side by side")
        ->option_text("PID:ADDR[+LEN]");
    app.add_flag("--stat", o.stat, "print only the number of differences per aspect");
    app.add_flag("--json", o.json, "print the result as JSON (shape in img-diff(1))");
    app.add_flag("--pretty", o.pretty, "with --json: indented");
    app.add_flag("-q,--quiet", o.quiet, "print nothing but errors (also with --json); the exit status tells");
    add_archive_options(app, o.archive);
    app.footer(
        "Exit status: 0 identical; 1 different; 2 usage error (a folder that holds no dump) or\n"
        "unreadable input.\n"
        "Examples:\n"
        "  img-diff dump-1/ dump-2/\n"
        "  img-diff --pages --only pages dump-1/ dump-2/\n"
        "  img-diff --hexdiff 4242:0x7f4a1b58e000+64 dump-1/ dump-2/\n"
        "  img-diff --json --ignore stats-dump ckpt-a.tar.gz ckpt-b.tar.gz\n"
        "  img-diff dump-1/files.img dump-2/files.img\n"
        "See img-diff(1).");
}
