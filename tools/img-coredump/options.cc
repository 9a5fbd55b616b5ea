#include "options.h"

void setup_coredump(CLI::App& app, CoredumpToolOptions& o) {
    app.description(
        "Turn a CRIU checkpoint into ELF core files that gdb reads as if each process had just crashed:\n"
        "one core.PID per task (ELF64 x86_64 ET_CORE), with\n"
        "  notes      NT_PRSTATUS per thread (registers, pid), NT_PRPSINFO (command, state, ids, arguments\n"
        "             read from the dumped stack), NT_SIGINFO for a stopped task, NT_AUXV, NT_FILE (every\n"
        "             file-backed mapping, so gdb finds the executable and libraries), NT_FPREGSET and\n"
        "             NT_X86_XSTATE (sized for the XCR0 the dump implies, as gdb expects)\n"
        "  memory     one PT_LOAD per VMA with the pages the dump holds, parent dumps' included. Pages the\n"
        "             dump lacks are never written: holes in the file, or past the segment's p_filesz, and\n"
        "             listed in a CRIU-IMG note and under \"absent\" in --json.\n"
        "Each core is written beside its name, fsynced and renamed: it is whole or not there.");
    app.add_option("DUMP", o.dump, "the CRIU image directory, or a checkpoint archive")->required();
    app.add_option("-o,--output", o.out_dir, "the directory the cores go to (default: the current one; made when missing)")
        ->option_text("OUTDIR");
    app.add_option("-p,--pid", o.pid, "only the task with this pid (or one of its thread ids)");
    app.add_option("-r,--root", o.root, "name the mapped files under this directory in NT_FILE (where they are now)")
        ->option_text("DIR");
    app.add_flag("--json", o.json, "print what each core holds as JSON");
    app.add_flag("-q,--quiet", o.quiet, "print nothing but errors; the exit status tells");
    add_archive_options(app, o.archive);
    app.footer(
        "Exit status: 0 every core written; 1 a task's core could not be written whole (the others are);\n"
        "2 usage error, or the dump could not be read.\n"
        "Examples:\n"
        "  img-coredump dump/ -o /tmp/cores\n"
        "  gdb -batch -ex 'thread apply all bt' /opt/app/bin/server /tmp/cores/core.4242\n"
        "  img-coredump --pid 4242 --root /srv/container-root dump/\n"
        "See img-coredump(1).");
}
