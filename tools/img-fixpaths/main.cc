// img-fixpaths: parse options, build the map, call libimg's fix_paths, print the report.
#include <cstdio>
#include <vector>

#include <fmt/format.h>

#include "img/support/bulk_memory.h"
#include "common/exit_code.h"
#include "img/rewrite/fix_paths.h"
#include "img/output/json_writer.h"
#include "common/term_style.h"
#include "common/verify_report.h"
#include "common/command_line.h"
#include "options.h"

namespace {

int fail(const img::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "img-fixpaths: {}\n", e.message());
    return img::kExitError;
}

void print_json(const FixPathsToolOptions& o, const img::FixPathsReport& r, const char* status) {
    img::JsonWriter w(stdout, 2);
    w.begin_object();
    w.key("dump"); w.string(o.dump_dir);
    w.key("status"); w.string(status);
    w.key("dry_run"); w.boolean(o.dry_run);
    w.key("written_to"); w.string(r.written_to);
    w.key("backup_dir"); w.string(r.backup_dir);
    w.key("images_scanned"); w.number(static_cast<uint64_t>(r.images_scanned));
    w.key("images_changed"); w.begin_array(); for (auto& n : r.images_changed) w.string(n); w.end_array();
    w.key("images_reread"); w.number(static_cast<uint64_t>(r.images_reread));
    w.key("verify");
    if (r.verify) {
        w.begin_object();
        img::write_findings_json(*r.verify, w);
        w.end_object();
    } else if (r.verify_error) {
        w.begin_object();
        w.key("ok"); w.boolean(false);
        w.key("error"); w.string(r.verify_error->message());
        w.end_object();
    } else {
        w.null();
    }
    w.key("changes");
    w.begin_array();
    for (const auto& c : r.changes) {
        w.begin_object();
        w.key("image"); w.string(c.image);
        w.key("entry"); w.number(c.entry);
        w.key("field"); w.string(c.field);
        w.key("old"); w.string(c.old_path);
        w.key("new"); w.string(c.new_path);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.newline();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"img-fixpaths"};
    FixPathsToolOptions o;
    setup_fixpaths(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;

    img::FixPathsOptions fo;
    std::vector<img::Error> map_errors;   // every bad line of every map file, not only the first
    for (auto& f : o.branch_maps)
        for (auto& e : fo.map.add_map_file_all(f)) map_errors.push_back(std::move(e));
    if (!map_errors.empty()) {
        for (const auto& e : map_errors) fail(e);
        return img::kExitError;
    }
    for (auto& d : o.aufs_si) if (auto r = fo.map.add_aufs_si(d); !r) return fail(r.error());
    for (auto& l : o.dump_logs) if (auto r = fo.map.add_dump_log(l); !r) return fail(r.error());
    for (auto& m : o.maps) if (auto r = fo.map.add_assignment(m); !r) return fail(r.error());
    if (o.print_map) {
        fmt::print("{}", fo.map.to_text());
        return img::kExitOk;
    }
    if (o.dump_dir.empty()) {
        fmt::print(stderr, "img-fixpaths: DUMPDIR is required\nRun with --help for more information.\n");
        return img::kExitError;
    }
    if (fo.map.empty()) {
        fmt::print(stderr, "img-fixpaths: no map given: use --branch-map FILE, --aufs-si DIR, --dump-log FILE or --map OLD=NEW\n");
        return img::kExitError;
    }
    if (o.dry_run && !o.out_dir.empty()) {
        fmt::print(stderr, "img-fixpaths: --dry-run and -o exclude each other\n");
        return img::kExitError;
    }
    fo.dump_dir = o.dump_dir;
    fo.mnt_id = o.mnt_id;
    fo.mode = o.dry_run ? img::FixPathsOptions::Mode::DryRun
            : o.out_dir.empty() ? img::FixPathsOptions::Mode::InPlace : img::FixPathsOptions::Mode::OutDir;
    fo.out_dir = o.out_dir;
    fo.backup_dir = o.backup_dir;
    fo.backup = !o.no_backup;
    fo.wait_for_lock = o.wait;
    fo.verify = !o.no_verify;
    fo.verify_root = o.root;

    img::use_huge_page_heap();   // the changes and the verify pass's tables: megabytes of small objects
    auto rep = img::fix_paths(fo);
    if (!rep) return fail(rep.error());

    bool nothing = rep->changes.empty();
    const char* status = nothing ? "nothing-matched" : o.dry_run ? "dry-run" : "rewritten";
    if (o.json) {
        print_json(o, *rep, status);
    } else if (!o.quiet) {
        img::TermStyle st(stdout);
        for (const auto& c : rep->changes)
            fmt::print("{} #{} {}: {} -> {}\n", c.image, c.entry, c.field, st.red(c.old_path), st.green(c.new_path));
        if (nothing) {
            fmt::print(stderr,
                       "img-fixpaths: no recorded path in {} starts with a branch of the map ({} images scanned).\n"
                       "  hint: compare the map (--print-map) with the recorded names, e.g. img-show {}/files.img | grep name:\n",
                       o.dump_dir, rep->images_scanned, o.dump_dir);
        } else if (o.dry_run) {
            fmt::print("{} path(s) in {} image(s) would change; dry run, nothing written\n", rep->changes.size(),
                       rep->images_changed.size());
        } else {
            fmt::print("{} path(s) rewritten in {} image(s) in {}\n", rep->changes.size(), rep->images_changed.size(),
                       rep->written_to);
            if (!rep->backup_dir.empty()) fmt::print("originals saved in {}\n", rep->backup_dir);
            fmt::print("re-read {} written image(s): every entry decodes\n", rep->images_reread);
            if (rep->verify) {
                img::print_findings_text(*rep->verify, stdout, st);
                std::string what = o.root ? fmt::format("whole and ready to restore under {}", *o.root) : "whole";
                fmt::print("img-verify on the result: {}\n",
                           rep->verify->ok() ? st.green(what) : st.red("problems found (see above)"));
            }
        }
    }
    if (o.quiet && rep->verify && !rep->verify->ok())
        fmt::print(stderr, "img-fixpaths: repaired, but img-verify finds {} error(s) in {} (run img-verify there)\n",
                   rep->verify->count(img::Severity::Error), rep->written_to);
    if (rep->verify_error) fmt::print(stderr, "img-fixpaths: repaired, but could not verify the result: {}\n", rep->verify_error->message());
    if (nothing) return img::kExitFound;
    bool verified = !rep->verify_error && (!rep->verify || rep->verify->ok());
    return verified ? img::kExitOk : img::kExitFound;
}
