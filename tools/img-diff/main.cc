// img-diff: parse options, call libimg's diff, print the result.
#include <cstdio>

#include <fmt/format.h>

#include "common/command_line.h"
#include "common/diff_text.h"
#include "common/exit_code.h"
#include "common/output_format.h"
#include "common/progress_line.h"
#include "common/term_style.h"
#include "img/diff/checkpoint_diff.h"
#include "img/diff/hexdiff.h"
#include "img/model/checkpoint_archive.h"
#include "img/model/dump_presence.h"
#include "options.h"

namespace {

int fail(const std::string& what) {
    fmt::print(stderr, "img-diff: {}\n", what);
    return img::kExitError;
}

int print_result(const DiffToolOptions& o, const img::DiffResult& r) {
    if (o.quiet) return r.identical() ? img::kExitOk : img::kExitFound;
    if (o.json) {
        img::ResultOutput out(img::OutputFormat::show(true, o.pretty), stdout);
        out.sink().begin_object();
        img::write(r, out.sink(), o.pages);
        out.sink().end_object();
        if (!out.finish()) return fail("cannot write the output");
    } else {
        img::print_diff_text(r, img::DiffTextOptions{o.pages, o.stat}, stdout, img::TermStyle(stdout));
    }
    return r.identical() ? img::kExitOk : img::kExitFound;
}

int run_hexdiff(const DiffToolOptions& o, img::Checkpoint& a, img::Checkpoint& b) {
    auto spec = img::parse_memory_spec(o.hexdiff);
    if (!spec) return fail(spec.error().in_file("--hexdiff").message());
    auto rows = img::hexdiff(a, b, *spec);
    if (!rows) return fail(rows.error().message());
    if (o.quiet) return img::any_differs(*rows) ? img::kExitFound : img::kExitOk;
    if (o.json) {
        img::ResultOutput out(img::OutputFormat::show(true, o.pretty), stdout);
        img::write(*spec, *rows, out.sink());
        if (!out.finish()) return fail("cannot write the output");
    } else {
        img::print_hexdiff_text(*rows, stdout, img::TermStyle(stdout));
    }
    return img::any_differs(*rows) ? img::kExitFound : img::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"", "img-diff"};
    DiffToolOptions o;
    setup_diff(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;
    apply_archive_options(o.archive);
    img::DiffOptions d;
    d.only = o.only;
    d.ignore = o.ignore;
    d.match_comm = o.match == "comm";
    d.list_pages = o.pages;
    if (auto err = img::diff_options_error(d); !err.empty()) return fail(err);
    if (!img::is_dump_path(o.a) && !img::is_dump_path(o.b)) {   // two image files
        auto r = img::diff_images(o.a, o.b, d);
        return r ? print_result(o, *r) : fail(r.error().message());
    }
    auto a = img::Checkpoint::open(o.a);
    if (!a) return fail(a.error().message());
    if (auto ok = img::require_dump(**a, o.a); !ok) return fail(ok.error().message());
    auto b = img::Checkpoint::open(o.b);
    if (!b) return fail(b.error().message());
    if (auto ok = img::require_dump(**b, o.b); !ok) return fail(ok.error().message());
    if (!o.hexdiff.empty()) return run_hexdiff(o, **a, **b);
    img::ProgressLine line(img::ProgressLine::stream(o.json || o.quiet));
    if (line.active())
        d.progress = [&line](uint64_t done, uint64_t total) {
            line.show(fmt::format("comparing memory: {} of {} MiB", done >> 20, (total + (1 << 20) - 1) >> 20));
        };
    auto r = img::diff_checkpoints(**a, **b, d);
    line.clear();
    return r ? print_result(o, *r) : fail(r.error().message());
}
