// img-fixpaths: parse options, build the map, call libimg's fix_paths, print the report.
#include <cstdio>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "common/command_line.h"
#include "common/exit_code.h"
#include "common/fix_paths_text.h"
#include "common/output_format.h"
#include "common/plural.h"
#include "img/rewrite/branch_map_source.h"
#include "img/rewrite/fix_paths.h"
#include "img/rewrite/fix_paths_writer.h"
#include "img/support/bulk_memory.h"
#include "options.h"

namespace {

int fail(const img::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "img-fixpaths: {}\n", e.message());
    return img::kExitError;
}

// The map from every source given; nullopt (each problem told) when one is bad. Every bad line
// of every map file is told, not only the first.
std::optional<img::BranchMap> build_map(const FixPathsToolOptions& o) {
    auto b = img::build_branch_map({o.branch_maps, o.aufs_si, o.dump_logs, o.maps, std::nullopt});
    for (const auto& e : b.errors) fail(e);
    if (!b.ok()) return std::nullopt;
    return std::move(b.map);
}

// A usage problem of the options once the map is known, or nullopt.
std::optional<std::string> usage_error(const CLI::App& app, const FixPathsToolOptions& o, const img::BranchMap& map) {
    if (o.dump_dir.empty()) return img::missing_positional(app, *app.get_option("DUMPDIR"));
    if (map.empty()) return "no map given: use --branch-map FILE, --aufs-si DIR, --dump-log FILE or --map OLD=NEW";
    if (o.dry_run && !o.out_dir.empty()) return "--dry-run and -o exclude each other";
    return std::nullopt;
}

img::FixPathsOptions fix_options(const FixPathsToolOptions& o, img::BranchMap map) {
    img::FixPathsOptions fo;
    fo.map = std::move(map);
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
    return fo;
}

// The report (text or JSON, nothing under -q), then what went wrong after the repair, on stderr.
void print_report(const FixPathsToolOptions& o, const img::FixPathsReport& r) {
    const img::FixPathsRun run{o.dump_dir, o.dry_run, o.root};
    if (o.quiet) {
        // nothing on stdout, also with --json: only what went wrong, below
    } else if (o.json) {
        img::ResultOutput doc(img::OutputFormat::report(true), stdout);
        img::write(r, run, doc.sink());
        doc.finish();
    } else {
        img::print_fix_paths_text(r, run, stdout, stderr);
    }
    if (o.quiet && r.verify && !r.verify->ok())
        fmt::print(stderr, "img-fixpaths: repaired, but img-verify finds {} in {} (run img-verify there)\n",
                   img::counted(r.verify->count(img::Severity::Error), "error"), r.written_to);
    if (r.verify_error) fmt::print(stderr, "img-fixpaths: repaired, but could not verify the result: {}\n", r.verify_error->message());
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"", "img-fixpaths"};
    FixPathsToolOptions o;
    setup_fixpaths(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;

    auto map = build_map(o);
    if (!map) return img::kExitError;
    if (o.print_map) {
        fmt::print("{}", map->to_text());
        return img::kExitOk;
    }
    if (auto u = usage_error(app, o, *map)) return img::usage_error(app, *u);

    img::use_huge_page_heap();   // the changes and the verify pass's tables: megabytes of small objects
    auto rep = img::fix_paths(fix_options(o, std::move(*map)));
    if (!rep) return fail(rep.error());
    print_report(o, *rep);
    if (rep->changes.empty()) return rep->paths_under_targets ? img::kExitOk : img::kExitFound;
    bool verified = !rep->verify_error && (!rep->verify || rep->verify->ok());
    return verified ? img::kExitOk : img::kExitFound;
}
