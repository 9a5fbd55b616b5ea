// img-dump: parse options, build the branch map, call libimg's dump_tasks, print the summary.
#include <csignal>
#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include "common/command_line.h"
#include "common/exit_code.h"
#include "common/plural.h"
#include "common/progress_line.h"
#include "img/capture/dump.h"
#include "img/rewrite/branch_map_source.h"
#include "options.h"

namespace {

volatile std::sig_atomic_t g_cancel = 0;

void on_signal(int) { g_cancel = 1; }

// SIGINT, SIGTERM and SIGHUP only ask the dump to stop: the library then resumes the tasks.
void catch_stop_signals() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaction(s, &sa, nullptr);
}

int fail(const img::Error& e) {
    // Errors about a task name it themselves; those about a file carry its name.
    fmt::print(stderr, "img-dump: {}\n", e.file.empty() && e.offset < 0 ? e.what : e.message());
    return img::kExitError;
}

// The map from --branch-map, --aufs-si and --aufs; nullopt (each problem told) when one is bad.
std::optional<img::BranchMap> build_map(const DumpToolOptions& o) {
    std::optional<pid_t> aufs_task;
    if (o.aufs) aufs_task = o.pid;
    auto b = img::build_branch_map({o.branch_maps, o.aufs_si, {}, {}, aufs_task});
    for (const auto& e : b.errors) fail(e);
    if (!b.ok()) return std::nullopt;
    return std::move(b.map);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"", "img-dump"};
    DumpToolOptions o;
    setup_dump(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;
    auto map = build_map(o);
    if (!map) return img::kExitError;
    std::FILE* log = o.log_file.empty() ? stderr : std::fopen(o.log_file.c_str(), "w");
    if (!log) return fail(img::make_error("cannot open the log file").in_file(o.log_file));
    catch_stop_signals();
    img::ProgressLine progress(img::ProgressLine::stream(o.quiet));
    img::DumpOptions opt;
    opt.pid = o.pid;
    opt.dir = o.dir;
    opt.tree = o.tree;
    opt.leave_running = o.leave_running;
    opt.branches = map->empty() ? nullptr : &*map;
    opt.cancelled = [] { return g_cancel != 0; };
    if (o.verbose || !o.log_file.empty()) opt.log = [&](const std::string& l) { fmt::print(log, "img-dump: {}\n", l); };
    opt.progress = [&](uint64_t done, uint64_t total) {
        progress.show(fmt::format("img-dump: copying memory {} / {} MiB", done >> 20, total >> 20));
    };
    auto res = img::dump_tasks(opt);
    progress.clear();
    if (log != stderr) std::fclose(log);
    if (!res) return fail(res.error());
    if (!o.quiet)
        fmt::print("img-dump: {}, {}, {}, {} ({} MiB) in {}; tasks frozen {:.3f} ms, {}\n",
                   img::counted(res->tasks, "task"), img::counted(res->threads, "thread"),
                   img::counted(res->files, "file"), img::counted(res->pages, "page"), res->pages * 4096 >> 20, o.dir,
                   double(res->frozen_us) / 1000.0, o.leave_running ? "resumed" : "killed");
    return img::kExitOk;
}
