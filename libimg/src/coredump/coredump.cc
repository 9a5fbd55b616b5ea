#include "img/coredump/coredump.h"

#include <filesystem>
#include <sys/stat.h>

#include <cerrno>

#include <fmt/format.h>

#include "img/coredump/task_notes.h"
#include "img/model/process_memory.h"
#include "img/model/task_tree.h"

namespace img {

namespace {

struct Planned {
    const cimg::PstreeEntry* task = nullptr;
    std::optional<ProcessMemory> mem;
    TaskCoredump result;
};

// The task's memory, or why it gets no core.
void plan_task(Checkpoint& dump, Planned& p) {
    uint32_t pid = p.task->pid();
    p.result.pid = pid;
    if (auto core = dump.core(pid); core && *core && (*core)->has_tc()) p.result.comm = (*core)->tc().comm();
    auto zombie = dump.is_zombie(pid);
    if (zombie && *zombie) { p.result.skipped = "a zombie: no memory and no registers to write"; return; }
    auto mem = ProcessMemory::open(dump, pid);
    if (!mem) { p.result.error = std::move(mem).error(); return; }
    if (!mem->missing().empty()) { p.result.error = make_error(mem->missing()); return; }
    p.mem = std::move(*mem);
}

void write_task(Checkpoint& dump, const CoredumpOptions& o, Planned& p, uint64_t& done, uint64_t total) {
    TaskCoredump& r = p.result;
    uint64_t present = p.mem->present_bytes();
    auto notes = task_notes(dump, *p.task, *p.mem, o.root);
    if (!notes) { r.error = std::move(notes).error(); done += present; return; }
    r.threads = notes->threads;
    r.args = notes->args;
    r.signal = notes->signal;
    r.file_mappings = notes->file_mappings;
    r.xstate_size = notes->xstate_size;
    std::string path = fmt::format("{}/core.{}", o.out_dir, r.pid);
    auto stats = write_core_file(path, notes->notes, *p.mem, dump.source(), o.progress, done, total);
    done += present;
    if (!stats) { r.error = std::move(stats).error(); return; }
    r.file = std::move(*stats);
    r.path = path;
}

}  // namespace

bool CoredumpReport::ok() const {
    for (const auto& t : tasks)
        if (t.error) return false;
    return true;
}

namespace {

// The output directory, made (with its parents) when it is not there yet, as `mkdir -p` would.
Expected<void> ensure_output_dir(const std::string& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 && errno == ENOENT) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) {
            Error e = make_error("cannot make the output directory: " + ec.message());
            e.file = dir;
            return e;
        }
        if (::stat(dir.c_str(), &st) != 0) st.st_mode = 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        Error e = make_error("output is not a directory");
        e.file = dir;
        return e;
    }
    return {};
}

}  // namespace

Expected<CoredumpReport> write_cores(Checkpoint& dump, const CoredumpOptions& o) {
    auto tasks = select_tasks(dump, o.pid);
    if (!tasks) return std::move(tasks).error();
    if (auto made = ensure_output_dir(o.out_dir); !made) return std::move(made).error();
    CoredumpReport rep;
    rep.dump = dump.label();
    rep.out_dir = o.out_dir;
    std::vector<Planned> plan(tasks->size());
    uint64_t total = 0, done = 0;
    for (size_t i = 0; i < plan.size(); ++i) {
        plan[i].task = (*tasks)[i].task;
        plan_task(dump, plan[i]);
        if (plan[i].mem) total += plan[i].mem->present_bytes();
    }
    for (auto& p : plan) {
        if (p.mem) write_task(dump, o, p, done, total);
        rep.tasks.push_back(std::move(p.result));
    }
    if (o.progress) o.progress(total, total);
    return rep;
}

}  // namespace img
