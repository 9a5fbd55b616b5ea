// img-coredump: parse options, call libimg's write_cores, print what each core holds.
#include <cstdio>

#include <fmt/format.h>

#include "common/command_line.h"
#include "common/coredump_text.h"
#include "common/exit_code.h"
#include "common/output_format.h"
#include "common/progress_line.h"
#include "img/coredump/coredump.h"
#include "img/coredump/coredump_writer.h"
#include "img/model/checkpoint.h"
#include "options.h"

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
        for (const auto& t : rep->tasks) if (t.error) img::print_task_core_text(t, true, stdout, stderr);
    } else {
        for (const auto& t : rep->tasks) img::print_task_core_text(t, o.quiet, stdout, stderr);
    }
    return rep->ok() ? img::kExitOk : img::kExitFound;
}
