// Views of a whole dump: each answers one question about the checkpoint
// (which processes, which fds, which memory, ...) as a Table, which prints as
// aligned text or as JSON from the same rows. One registry lists them all, so
// a tool loops over it instead of switching on names.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "img/output/table.h"

namespace img {

struct ViewOptions {
    // Only this task (a pid, or a thread id: then the task it belongs to; the
    // per-thread views show that thread only). An Error when the dump has no such task.
    std::optional<uint32_t> pid;
};

// Tasks in tree order (parents before children, children in pstree order) with their depth.
Expected<Table> view_overview(Checkpoint& d, const ViewOptions& o);    // one row per task, the essentials
Expected<Table> view_ps(Checkpoint& d, const ViewOptions& o);          // crit x ps, plus ppid, state, threads
Expected<Table> view_threads(Checkpoint& d, const ViewOptions& o);     // one row per thread
Expected<Table> view_fds(Checkpoint& d, const ViewOptions& o);         // crit x fds, plus types, flags, exe
Expected<Table> view_files(Checkpoint& d, const ViewOptions& o);       // every file object and who uses it
Expected<Table> view_mems(Checkpoint& d, const ViewOptions& o);        // crit x mems, plus resident pages
Expected<Table> view_rss(Checkpoint& d, const ViewOptions& o);         // crit x rss: page runs next to VMAs
Expected<Table> view_sockets(Checkpoint& d, const ViewOptions& o);     // unix, inet, packet, netlink sockets
Expected<Table> view_pipes(Checkpoint& d, const ViewOptions& o);       // pipes and fifos with queued data
Expected<Table> view_mounts(Checkpoint& d, const ViewOptions& o);      // mountpoints of each dumped mnt ns
Expected<Table> view_namespaces(Checkpoint& d, const ViewOptions& o);  // per task ns ids, dumped or not
Expected<Table> view_cmdline(Checkpoint& d, const ViewOptions& o);     // argv, read from the dumped memory
Expected<Table> view_env(Checkpoint& d, const ViewOptions& o);         // environ, read from the dumped memory
Expected<Table> view_sigactions(Checkpoint& d, const ViewOptions& o);  // non-default signal handlers
Expected<Table> view_rlimits(Checkpoint& d, const ViewOptions& o);     // resource limits
Expected<Table> view_regs(Checkpoint& d, const ViewOptions& o);        // general registers per thread
Expected<Table> view_checkpoint(Checkpoint& d, const ViewOptions& o);  // container, sizes, stats, socket buffers

using ViewFn = Expected<Table> (*)(Checkpoint&, const ViewOptions&);

struct ViewInfo {
    std::string_view name;    // what --view takes: "ps"
    std::string_view title;   // heading above the text table: "Processes"
    std::string_view help;    // one line for --help
    std::string_view order;   // the order of its rows (the same in text and JSON), for --help and the man page
    std::string_view marks;   // what the marks its cells may carry mean ("" when none)
    ViewFn fn;
};

// Checks the options against the dump once, before any view runs: the dump has
// a process tree, and o.pid names one of its tasks or threads.
Expected<void> check_view_options(Checkpoint& d, const ViewOptions& o);

// Every view, in the order `--view all` shows them; the first is the default.
std::span<const ViewInfo> views();
const ViewInfo* find_view(std::string_view name);

// Resolves what the user asked for: names and comma lists, "all" for every view;
// duplicates dropped, order kept. An Error naming the unknown view and listing the known ones.
Expected<std::vector<const ViewInfo*>> select_views(const std::vector<std::string>& names);

}  // namespace img
