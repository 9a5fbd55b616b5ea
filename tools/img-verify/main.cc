// img-verify: parse options, call libimg's verify_dump, print the report.
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "img/support/bulk_memory.h"
#include "common/exit_code.h"
#include "img/output/json_writer.h"
#include "common/term_style.h"
#include "img/verify/verify.h"
#include "common/verify_report.h"
#include "common/command_line.h"
#include "options.h"

namespace {

void print_json(const VerifyToolOptions& o, const img::VerifyReport& r) {
    img::JsonWriter w(stdout, 2);
    w.begin_object();
    w.key("dump"); w.string(o.dump_dir);
    w.key("root"); if (o.no_root) w.null(); else w.string(o.root);
    w.key("images"); w.number(static_cast<uint64_t>(r.images));
    w.key("tasks"); w.number(static_cast<uint64_t>(r.tasks));
    w.key("files_checked"); w.number(static_cast<uint64_t>(r.files_checked));
    img::write_findings_json(r, w);
    if (o.hash) {
        w.key("digests");
        w.begin_array();
        for (const auto& d : r.digests) {
            w.begin_object();
            w.key("image"); w.string(d.image);
            w.key("sha256"); w.string(d.sha256);
            if (!d.pagemap.empty()) {
                w.key("pagemap"); w.string(d.pagemap);
                w.key("runs");
                w.begin_array();
                for (const auto& run : d.runs) {
                    w.begin_object();
                    w.key("vaddr"); w.string(fmt::format("{:#x}", run.vaddr));
                    w.key("nr_pages"); w.number(run.nr_pages);
                    w.key("sha256"); w.string(run.sha256);
                    w.end_object();
                }
                w.end_array();
            }
            w.end_object();
        }
        w.end_array();
    }
    w.end_object();
    w.newline();
}

void print_text(const VerifyToolOptions& o, const img::VerifyReport& r) {
    img::TermStyle st(stdout);
    img::print_findings_text(r, stdout, st);
    for (const auto& d : r.digests) {
        fmt::print("{}  {}\n", d.sha256, d.image);
        for (const auto& run : d.runs) fmt::print("{}  {}:{:x}+{}\n", run.sha256, d.image, run.vaddr, run.nr_pages);
    }
    std::string verdict = r.ok() ? (o.no_root ? "whole" : fmt::format("whole and ready to restore under {}", o.root))
                                 : "NOT ready: problems found";
    fmt::print("{}: {} images, {} tasks, {} files checked under the root: {}\n", o.dump_dir, r.images, r.tasks,
               r.files_checked, r.ok() ? st.green(verdict) : st.red(verdict));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"img-verify"};
    VerifyToolOptions o;
    setup_verify(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;
    apply_archive_options(o.archive);
    img::VerifyOptions vo;
    vo.root = o.root;
    vo.check_root = !o.no_root;
    vo.hash = o.hash;
    bool tty = ::isatty(2) && !o.json && !o.quiet;
    if (tty) {
        vo.progress = [](uint64_t done, uint64_t total) {
            fmt::print(stderr, "\rhashing: {:3}% ({} of {} MiB)", total ? done * 100 / total : 100, done >> 20, total >> 20);
            if (done >= total) fmt::print(stderr, "\r\033[K");
        };
    }
    img::use_huge_page_heap();   // the dump's tables (files, fds, VMAs): megabytes of small objects
    auto rep = img::verify_dump(o.dump_dir, vo);
    if (!rep) {
        fmt::print(stderr, "img-verify: {}\n", rep.error().message());
        return img::kExitError;
    }
    if (o.json) print_json(o, *rep);
    else if (!o.quiet) print_text(o, *rep);
    return rep->ok() ? img::kExitOk : img::kExitFound;
}
