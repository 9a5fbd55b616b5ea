#include "common/coredump_text.h"

#include <fmt/format.h>

#include "common/plural.h"
#include "img/support/display.h"

namespace img {

void print_task_core_text(const TaskCoredump& t, bool quiet, std::FILE* out, std::FILE* err) {
    if (t.error) {
        fmt::print(err, "img-coredump: task {}: {}; no core written\n", t.pid, t.error->message());
        return;
    }
    if (quiet) return;
    if (t.skipped) {
        fmt::print(out, "task {} ({}): {}\n", t.pid, display_text(t.comm), *t.skipped);
        return;
    }
    uint64_t absent = 0;
    for (const auto& a : t.file.absent) absent += a.end - a.start;
    fmt::print(out, "{}: {} ({}), {}, {}, {} KiB of pages, {} KiB absent in {}\n", display_text(t.path), t.pid,
               display_text(t.comm), counted(t.threads.size(), "thread"), counted(t.file.segments, "segment"),
               t.file.data_bytes >> 10, absent >> 10, counted(t.file.absent.size(), "range"));
}

}  // namespace img
