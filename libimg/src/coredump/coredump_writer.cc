#include "img/coredump/coredump_writer.h"

#include <fmt/format.h>

#include "img/support/display.h"

namespace img {

namespace {

void write_absent(const CoreFileStats& f, ValueSink& out) {
    uint64_t bytes = 0;
    out.key("absent");
    out.begin_array();
    for (const auto& a : f.absent) {
        out.begin_object();
        out.key("start"); out.string(fmt::format("{:#x}", a.start));
        out.key("end"); out.string(fmt::format("{:#x}", a.end));
        out.key("pages"); out.number(static_cast<uint64_t>((a.end - a.start) / 4096));
        out.key("backing"); out.string(a.file_backed ? "file" : "none");
        out.end_object();
        bytes += a.end - a.start;
    }
    out.end_array();
    out.key("absent_bytes"); out.number(bytes);
}

void write_task(const TaskCoredump& t, ValueSink& out) {
    out.begin_object();
    out.key("pid"); out.number(static_cast<uint64_t>(t.pid));
    out.key("comm"); out.string(display_text(t.comm));
    out.key("core");
    if (t.path.empty()) out.null(); else out.string(display_text(t.path));
    out.key("threads");
    out.begin_array();
    for (uint32_t tid : t.threads) out.number(static_cast<uint64_t>(tid));
    out.end_array();
    out.key("args"); out.string(display_text(t.args));
    out.key("signal"); out.number(static_cast<uint64_t>(t.signal));
    out.key("file_mappings"); out.number(static_cast<uint64_t>(t.file_mappings));
    out.key("xstate_size"); out.number(static_cast<uint64_t>(t.xstate_size));
    out.key("segments"); out.number(static_cast<uint64_t>(t.file.segments));
    out.key("data_bytes"); out.number(t.file.data_bytes);
    out.key("file_size"); out.number(t.file.file_size);
    write_absent(t.file, out);
    if (t.skipped) { out.key("skipped"); out.string(*t.skipped); }
    if (t.error) { out.key("error"); out.string(display_text(t.error->message())); }
    out.end_object();
}

}  // namespace

void write(const CoredumpReport& r, ValueSink& out) {
    out.begin_object();
    out.key("dump"); out.string(display_text(r.dump));
    out.key("out_dir"); out.string(display_text(r.out_dir));
    out.key("ok"); out.boolean(r.ok());
    out.key("cores");
    out.begin_array();
    for (const auto& t : r.tasks) write_task(t, out);
    out.end_array();
    out.end_object();
}

}  // namespace img
