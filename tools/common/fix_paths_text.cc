#include "common/fix_paths_text.h"

#include <fmt/format.h>

#include "common/term_style.h"
#include "common/verify_text.h"

namespace img {

namespace {

void print_written(const FixPathsReport& r, const FixPathsRun& run, std::FILE* out, const TermStyle& st) {
    fmt::print(out, "{} path(s) rewritten in {} image(s) in {}\n", r.changes.size(), r.images_changed.size(),
               r.written_to);
    if (!r.backup_dir.empty()) fmt::print(out, "originals saved in {}\n", r.backup_dir);
    fmt::print(out, "re-read {} written image(s): every entry decodes\n", r.images_reread);
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
    if (r.changes.empty()) {
        fmt::print(err,
                   "img-fixpaths: no recorded path in {} starts with a branch of the map ({} images scanned).\n"
                   "  hint: compare the map (--print-map) with the recorded names, e.g. img-show {}/files.img | grep name:\n",
                   run.dump, r.images_scanned, run.dump);
    } else if (run.dry_run) {
        fmt::print(out, "{} path(s) in {} image(s) would change; dry run, nothing written\n", r.changes.size(),
                   r.images_changed.size());
    } else {
        print_written(r, run, out, st);
    }
}

}  // namespace img
