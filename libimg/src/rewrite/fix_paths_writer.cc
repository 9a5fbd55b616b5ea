#include "img/rewrite/fix_paths_writer.h"

#include "img/verify/verify_writer.h"

namespace img {

namespace {

void write(const PathChange& c, ValueSink& out) {
    out.begin_object();
    out.key("image"); out.string(c.image);
    out.key("entry"); out.number(c.entry);
    out.key("field"); out.string(c.field);
    out.key("old"); out.string(c.old_path);
    out.key("new"); out.string(c.new_path);
    out.end_object();
}

}  // namespace

const char* fix_paths_status(const FixPathsReport& r, bool dry_run) {
    if (r.changes.empty()) return r.paths_under_targets ? "already-repaired" : "nothing-matched";
    return dry_run ? "dry-run" : "rewritten";
}

void write(const FixPathsReport& r, const FixPathsRun& run, ValueSink& out) {
    out.begin_object();
    out.key("dump"); out.string(run.dump);
    out.key("status"); out.string(fix_paths_status(r, run.dry_run));
    out.key("dry_run"); out.boolean(run.dry_run);
    out.key("written_to"); out.string(r.written_to);
    out.key("backup_dir"); out.string(r.backup_dir);
    out.key("images_scanned"); out.number(static_cast<uint64_t>(r.images_scanned));
    out.key("paths_under_targets"); out.number(static_cast<uint64_t>(r.paths_under_targets));
    out.key("images_changed");
    out.begin_array();
    for (const auto& n : r.images_changed) out.string(n);
    out.end_array();
    out.key("images_reread"); out.number(static_cast<uint64_t>(r.images_reread));
    out.key("verify");
    write_verification(r.verify, r.verify_error, out);
    out.key("changes");
    out.begin_array();
    for (const auto& c : r.changes) write(c, out);
    out.end_array();
    out.end_object();
}

}  // namespace img
