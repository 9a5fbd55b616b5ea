#include "options.h"

void setup_verify(CLI::App& app, VerifyToolOptions& o) {
    app.description(
        "Prove a CRIU checkpoint is whole and predict whether it restores, offline, reporting every\n"
        "problem at once:\n"
        "  structure    every image (and its parent chain) parses, magic matches the name, and every image\n"
        "               CRIU's restore opens for these tasks exists with the entries it reads (zombies:\n"
        "               only a core)\n"
        "  consistency  pstree, fd -> file ids, VMA -> file/shm/memfd, cwd/root/exe, remaps and ghosts,\n"
        "               socket peers and queues, pipe data\n"
        "  pages        pagemaps ordered, runs inside the address space and the VMAs, pages files exactly\n"
        "               as long as described and none with undescribed pages, parents cover PE_PARENT runs\n"
        "  restore      every file the restore opens exists under --root with the recorded type, mode,\n"
        "               size and build-ID (messages quote CRIU's own: \"File %s has bad size %lu (expect\n"
        "               %lu)\")\n"
        "Findings are errors (the restore fails), warnings (it may fail or differ) and notes (not a\n"
        "problem: a device node such as dev/null that the restore host's /dev provides).");
    app.add_option("DUMP|ARCHIVE", o.dump_dir, "a dump directory or checkpoint archive")->required();
    app.add_option("-r,--root", o.root, "the root the restore will use (criu restore --root); default /")
        ->check(img::existing_directory());
    app.add_flag("--no-root", o.no_root, "skip the restore-readiness checks (no files are looked up)");
    app.add_flag("--hash", o.hash, "add SHA-256 digests of every image and of every present page run");
    app.add_flag("--json", o.json, "print the report as JSON");
    app.add_flag("-q,--quiet", o.quiet, "print nothing but errors (also with --json); the exit status tells");
    add_archive_options(app, o.archive);
    app.footer(
        "Exit status: 0 whole and ready to restore (warnings and notes do not count); 1 errors found;\n"
        "2 usage error (a root that does not exist, a folder that holds no dump), or the dump could\n"
        "not be read.\n"
        "Examples:\n"
        "  img-verify dump/\n"
        "  img-verify --root /var/lib/docker/aufs/mnt/<id> dump/\n"
        "  img-verify --hash --json dump/ > dump.sha256.json\n"
        "See img-verify(1).");
}
