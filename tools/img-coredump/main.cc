// img-coredump: parse options, call libimg's write_cores, print what each core holds.
#include <cstdio>

#include <fmt/format.h>

#include "common/plural.h"
#include "common/command_line.h"
#include "common/exit_code.h"
#include "common/output_format.h"
#include "common/progress_line.h"
#include "img/coredump/coredump.h"
#include "img/coredump/coredump_writer.h"
#include "img/model/checkpoint.h"
#include "img/support/display.h"
#include "options.h"

namespace {

void print_task(const img::TaskCoredump& t, bool quiet) {
    if (t.error) {
        fmt::print(stderr, "img-coredump: task {}: {}; no core written\n", t.pid, t.error->message());
        return;
    }
    if (quiet) return;
    if (t.skipped) {
        fmt::print("task {} ({}): {}\n", t.pid, img::display_text(t.comm), *t.skipped);
        return;
    }
    uint64_t absent = 0;
    for (const auto& a : t.file.absent) absent += a.end - a.start;
    fmt::print("{}: {} ({}), {}, {}, {} KiB of pages, {} KiB absent in {}\n",
               img::display_text(t.path), t.pid, img::display_text(t.comm), img::counted(t.threads.size(), "thread"),
               img::counted(t.file.segments, "segment"), t.file.data_bytes >> 10, absent >> 10,
               img::counted(t.file.absent.size(), "range"));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"", "img-coredump"};
    CoredumpToolOptions o;
    setup_coredump(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;
    apply_archive_options(o.archive);
    auto dump = img::Checkpoint::open(o.dump);
    if (!dump) {
        fmt::print(stderr, "img-coredump: {}\n", dump.error().message());
        return img::kExitError;
    }
    img::CoredumpOptions co{o.out_dir, o.pid, o.root, {}};
    img::ProgressLine line(img::ProgressLine::stream(o.json || o.quiet));
    if (line.active())
        co.progress = [&line](uint64_t done, uint64_t total) {
            line.show(fmt::format("writing cores: {:3}% ({} of {} MiB)", total ? done * 100 / total : 100, done >> 20, total >> 20));
        };
    auto rep = img::write_cores(**dump, co);
    line.clear();
    if (!rep) {
        fmt::print(stderr, "img-coredump: {}\n", rep.error().message());
        return img::kExitError;
    }
    if (o.json) {
        img::ResultOutput doc(img::OutputFormat::report(true), stdout);
        img::write(*rep, doc.sink());
        doc.finish();
        for (const auto& t : rep->tasks) if (t.error) print_task(t, true);
    } else {
        for (const auto& t : rep->tasks) print_task(t, o.quiet);
    }
    return rep->ok() ? img::kExitOk : img::kExitFound;
}
