// fix_paths: repairs the paths recorded in a whole dump directory with a
// BranchMap, safely: dry run, in place with a backup, or into a new directory.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "img/rewrite/branch_map.h"
#include "img/support/error.h"
#include "img/rewrite/path_rewrite.h"
#include "img/verify/verify.h"

namespace img {

struct FixPathsOptions {
    enum class Mode { InPlace, OutDir, DryRun };
    std::string dump_dir;
    BranchMap map;
    std::optional<int32_t> mnt_id;
    Mode mode = Mode::InPlace;
    std::string out_dir;      // Mode::OutDir: must not exist, or be empty
    // Mode::InPlace: default a new "<dump>.fixpaths-backup-<UTC time>[-N]" beside the dump. A file
    // already in it is never replaced: one of a changed image's name (not that image) is an Error.
    std::string backup_dir;
    bool backup = true;
    // InPlace and OutDir hold the dump's lock (DumpLock): held by another run, an Error, or a wait.
    bool wait_for_lock = false;
    // After writing, the checks of img-verify run on the result (structure, consistency, pages),
    // and restore readiness too when verify_root names the root the restore will use.
    bool verify = true;
    std::optional<std::string> verify_root;
};

struct FixPathsReport {
    std::vector<PathChange> changes;
    std::vector<std::string> images_changed;   // file names inside the dump
    size_t images_scanned = 0;                 // images searched for a branch (all but raw ones)
    size_t images_skipped = 0;                 // raw images and unknown files, never read
    // Nothing matched a branch, and this many recorded paths already lie under a target of the map
    // (one other than /): the dump looks repaired already.
    size_t paths_under_targets = 0;
    std::string backup_dir;                    // where the images as they were before this run were saved ("" if none)
    std::string written_to;                    // the directory holding the result ("" on dry run)
    size_t images_reread = 0;                  // written images decoded again after writing
    std::optional<VerifyReport> verify;        // img-verify's findings on the result (when it ran)
    std::optional<Error> verify_error;         // it could not run (the repair itself is done)
};

Expected<FixPathsReport> fix_paths(const FixPathsOptions& opt);

}  // namespace img
