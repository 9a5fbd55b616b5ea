#include "common/fix_paths_text.h"

#include <fmt/format.h>

#include "common/plural.h"
#include "common/term_style.h"
#include "common/verify_text.h"

namespace img {

namespace {

void print_written(const FixPathsReport& r, const FixPathsRun& run, std::FILE* out, const TermStyle& st) {
    fmt::print(out, "{} rewritten in {} in {}\n", counted(r.changes.size(), "path"),
               counted(r.images_changed.size(), "image"), r.written_to);
    if (!r.backup_dir.empty()) fmt::print(out, "originals saved in {}\n", r.backup_dir);
    fmt::print(out, "re-read {}: every entry decodes\n", counted(r.images_reread, "written image"));
    if (!r.verify) return;
    print_findings_text(*r.verify, out, st);
    std::string what = run.root ? fmt::format("whole and ready to restore under {}", *run.root) : "whole";
    fmt::print(out, "img-verify on the result: {}\n", r.verify->ok() ? st.green(what) : st.red("problems found (see above)"));
}

}  // namespace

void print_fix_paths_text(const FixPathsReport& r, const FixPathsRun& run, std::FILE* out, std::FILE* err) {
    TermStyle st(out);
    for (const auto& c : r.changes)
        fmt::print(out, "{} #{} {}: {} -> {}\n", c.image, c.entry, c.field, st.red(c.old_path), st.green(c.new_path));
    if (r.changes.empty() && r.paths_under_targets) {
        fmt::print(out, "{}: looks repaired already: no recorded path starts with a branch of the map, and {} "
                        "already under its targets; nothing written\n",
                   run.dump, counted(r.paths_under_targets, "path lies", "paths lie"));
    } else if (r.changes.empty()) {
        fmt::print(err,
                   "img-fixpaths: no recorded path in {} starts with a branch of the map ({} scanned).\n"
                   "  hint: compare the map (--print-map) with the recorded names: img-show --view files {}\n",
                   run.dump, counted(r.images_scanned, "image"), run.dump);
    } else if (run.dry_run) {
        fmt::print(out, "{} in {} would change; dry run, nothing written\n", counted(r.changes.size(), "path"),
                   counted(r.images_changed.size(), "image"));
    } else {
        print_written(r, run, out, st);
    }
}

}  // namespace img
