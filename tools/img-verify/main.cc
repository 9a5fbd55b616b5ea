// img-verify: parse options, call libimg's verify_dump, print the report.
#include <cstdio>

#include <fmt/format.h>

#include "common/command_line.h"
#include "common/exit_code.h"
#include "common/output_format.h"
#include "common/progress_line.h"
#include "common/verify_text.h"
#include "img/support/bulk_memory.h"
#include "img/verify/verify.h"
#include "img/verify/verify_writer.h"
#include "options.h"

namespace {

// "hashing:  42% (12 of 30 MiB)"
std::string hashing_progress(uint64_t done, uint64_t total) {
    return fmt::format("hashing: {:3}% ({} of {} MiB)", total ? done * 100 / total : 100, done >> 20, total >> 20);
}

img::VerifySubject subject(const VerifyToolOptions& o) {
    img::VerifySubject s;
    s.dump = o.dump_dir;
    if (!o.no_root) s.root = o.root;
    s.hashed = o.hash;
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"", "img-verify"};
    VerifyToolOptions o;
    setup_verify(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;
    apply_archive_options(o.archive);
    img::VerifyOptions vo;
    vo.root = o.root;
    vo.check_root = !o.no_root;
    vo.hash = o.hash;
    img::ProgressLine line(img::ProgressLine::stream(o.json || o.quiet));
    if (line.active()) {
        vo.progress = [&line](uint64_t done, uint64_t total) {
            line.show(hashing_progress(done, total));
            if (done >= total) line.clear();
        };
    }
    img::use_huge_page_heap();   // the dump's tables (files, fds, VMAs): megabytes of small objects
    auto rep = img::verify_dump(o.dump_dir, vo);
    line.clear();
    if (!rep) {
        fmt::print(stderr, "img-verify: {}\n", rep.error().message());
        return img::kExitError;
    }
    if (o.quiet) return rep->ok() ? img::kExitOk : img::kExitFound;
    if (o.json) {
        img::ResultOutput doc(img::OutputFormat::report(true), stdout);
        img::write(*rep, subject(o), doc.sink());
        doc.finish();
    } else {
        img::print_verify_text(*rep, subject(o), stdout);
    }
    return rep->ok() ? img::kExitOk : img::kExitFound;
}
