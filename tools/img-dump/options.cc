#include "options.h"

void setup_dump(CLI::App& app, DumpToolOptions& o) {
    app.description(
        "Checkpoint a running task into CRIU 4.2 images that `criu restore` brings back: its threads\n"
        "are seized with ptrace, /proc is read, present pages are copied with process_vm_readv, and\n"
        "what only the task knows (signal handlers, alternate stack, itimers, ...) is asked with a few\n"
        "injected system calls. The task is then killed (as CRIU does) or, with --leave-running, resumed.");
    app.add_option("-t,--tree-root,--pid", o.pid, "the task to dump")->required();
    app.add_option("-D,--images-dir", o.dir, "the new image folder (must not exist, or be empty)")->required();
    app.add_flag("--tree", o.tree, "dump the task's descendants too");
    app.add_flag("-R,--leave-running", o.leave_running, "resume the tasks after the dump instead of killing them");
    app.add_flag("-v,--verbose", o.verbose, "tell each step on stderr (or into the -o file)");
    app.add_option("-o,--log-file", o.log_file, "write the -v lines into this file");
    app.add_flag("--aufs", o.aufs,
                 "rewrite AUFS branch paths to the union: branches read from the root mount's si= option and "
                 "/sys/fs/aufs/si_<id>/br<N>");
    app.add_option("--aufs-si", o.aufs_si, "an AUFS branch listing (si_<id>/ or a copy): every brN maps to /")
        ->check(CLI::ExistingDirectory)->allow_extra_args(false);
    app.add_option("-b,--branch-map", o.branch_maps, "map file as img-fixpaths takes it: 'BRANCH TARGET' per line")
        ->check(CLI::ExistingFile)->allow_extra_args(false);
    app.add_flag("-q,--quiet", o.quiet, "print only errors");
    app.footer(
        "Exit status: 0 the dump is whole in DIR; 2 usage error, or the dump failed (the tasks are then\n"
        "left running and untraced, and DIR is not made).\n"
        "Examples:\n"
        "  img-dump -t 1234 -D /tmp/ckpt && criu restore -D /tmp/ckpt -d\n"
        "  img-dump -t 1234 -D /tmp/ckpt --tree --leave-running\n"
        "See img-dump(1).");
}
