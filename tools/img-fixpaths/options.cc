#include "options.h"

#include "common/tool_command_line.h"

void setup_fixpaths(CLI::App& app, FixPathsToolOptions& o) {
    app.description(
        "Repair the file paths recorded in a CRIU dump after the fact: every path that starts with a\n"
        "branch of the map (an AUFS branch such as /var/lib/docker/aufs/diff/<layer>, or an old root)\n"
        "is rewritten to its target. Only changed entries are re-encoded; pages are never read.\n"
        "By default the dump is changed in place, with a backup of every changed image.");
    app.add_option("DUMPDIR", o.dump_dir, "a dump directory to repair");
    app.add_option("-b,--branch-map", o.branch_maps,
                   "map file: one 'BRANCH TARGET' per line, '#' comments, \\040 for a space; TARGET / strips the branch")
        ->check(img::existing_file())->allow_extra_args(false);
    app.add_option("--aufs-si", o.aufs_si, "AUFS branch listing (/sys/fs/aufs/si_<id>/ or a copy): every brN maps to /")
        ->check(img::existing_directory())->allow_extra_args(false);
    app.add_option("--dump-log", o.dump_logs, "CRIU dump log: its '/sys/fs/aufs/si_<id>/brN : PATH' lines map to /")
        ->check(img::existing_file())->allow_extra_args(false);
    app.add_option("--map", o.maps, "one mapping OLD=NEW (repeatable)")->allow_extra_args(false);
    app.add_option("--mnt-id", o.mnt_id, "set the mount id of every rewritten regular file (as CRIU's AUFS support did)");
    app.add_flag("--print-map", o.print_map, "print the effective map (longest branch first) and exit");
    app.add_flag("-n,--dry-run", o.dry_run, "print each change (image, entry, field, old -> new) and write nothing");
    app.add_option("-o,--output", o.out_dir,
                   "write a repaired copy into this new directory and leave DUMPDIR untouched (unchanged files hard-linked or copied)");
    app.add_option("--backup-dir", o.backup_dir,
                   "where originals of changed images go (default: a new DUMPDIR.fixpaths-backup-<time> beside it); "
                   "a file already there is never replaced: the run refuses instead");
    app.add_flag("--no-backup", o.no_backup, "change images in place without keeping their originals");
    app.add_flag("--wait", o.wait,
                 "when another img-fixpaths is repairing the same dump, wait for it to end (default: refuse, exit 2)");
    app.add_flag("--no-verify", o.no_verify, "skip the img-verify checks that run on the written result");
    app.add_option("--root", o.root,
                   "after writing, also check restore readiness under this root (as img-verify --root DIR)")
        ->check(img::existing_directory());
    app.add_flag("--json", o.json, "print a JSON report instead of text");
    app.add_flag("-q,--quiet", o.quiet, "print nothing but errors (also with --json)");
    app.footer(
        "After writing, the result is re-read and img-verify's checks run on it (structure, consistency,\n"
        "pages; with --root also restore readiness); their findings are printed.\n"
        "Exit status: 0 paths rewritten and the result verifies, or the dump looks repaired already\n"
        "(no recorded path starts with a branch, some lie under a target other than /); 1 nothing matched\n"
        "the map (nothing written), or the result was written but img-verify finds errors in it; 2 usage\n"
        "error, bad map, a folder that holds no dump, a root that does not exist, unreadable or\n"
        "non-regular image, a path too long to restore, a file in the backup folder in the way, or the\n"
        "dump locked by another run (nothing written).\n"
        "Examples:\n"
        "  img-fixpaths --branch-map map.txt dump/\n"
        "  img-fixpaths --aufs-si /sys/fs/aufs/si_9a3b2c1d --dry-run dump/\n"
        "  img-fixpaths --map /old/root=/new/root -o dump.fixed dump/\n"
        "See img-fixpaths(1) for the map format.");
}
