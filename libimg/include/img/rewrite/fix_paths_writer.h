// The JSON of a fix_paths run as img-fixpaths prints it: what was done to which dump, every
// path changed, and img-verify's findings on the result. Every key is here.
#pragma once

#include <optional>
#include <string>

#include "img/output/value_sink.h"
#include "img/rewrite/fix_paths.h"

namespace img {

// What was asked of a run, beside its report: the dump, a dry run or not, and the root its
// result was verified against (--root; the text shows it, the JSON does not).
struct FixPathsRun {
    std::string dump;
    bool dry_run = false;
    std::optional<std::string> root;
};

// What a run came to: "nothing-matched" (no path changed), "already-repaired" (none changed, and
// recorded paths already lie under the map's targets), "dry-run" or "rewritten".
const char* fix_paths_status(const FixPathsReport& r, bool dry_run);

// {"dump", "status", "dry_run", "written_to", "backup_dir", "images_scanned", "paths_under_targets",
//  "images_changed",
//  "images_reread", "verify", "changes": [{"image", "entry", "field", "old", "new"}, ...]}
void write(const FixPathsReport& r, const FixPathsRun& run, ValueSink& out);

}  // namespace img
