// The registry of views: the one table every front end loops over.
#include "img/views/views.h"

#include <algorithm>

#include "img/model/task_tree.h"
#include "container_about.h"

namespace img {

namespace {

// A view as the registry runs it: on a container checkpoint with only its metadata (an empty
// checkpoint/), whatever the view shows comes with the one warning that the images are absent.
template <ViewFn F>
Expected<Table> registered(Checkpoint& d, const ViewOptions& o) {
    auto t = F(d, o);
    if (t) warn_images_absent(*t, d);
    return t;
}

constexpr ViewInfo kViews[] = {
    {"overview", "Overview", "one row per task: ids, state, threads, VMAs, resident pages, fds, executable",
     "tasks in process-tree order (parents before children)",
     "", registered<view_overview>},
    {"ps", "Processes", "the process tree (PID PGID SID COMM, as crit x ps) with parent, state and threads",
     "tasks in process-tree order (parents before children)",
     "", registered<view_ps>},
    {"threads", "Threads", "every thread: name, blocked signals, scheduling, instruction and stack pointer",
     "tasks in process-tree order (parents before children), each task's threads as pstree.img lists them",
     "", registered<view_threads>},
    {"fds", "File descriptors", "each task's fds with type, flags, position and target, plus cwd, root, exe (crit x fds)",
     "tasks in process-tree order (parents before children), each task's fds by number, then cwd, root, exe",
     "", registered<view_fds>},
    {"files", "Files", "every file object of files.img with its details and the tasks/fds that use it",
     "by file id",
     "FILE: \"(external)\" a file CRIU was told lives outside the dump; \"(ghost, ghost-file-N.img)\", \"(linked to F)\", \"(procfs, pid N)\": how a file unlinked or invisible at dump time is restored (remap-fpath.img)", view_files},
    {"mems", "Memory areas", "each task's executable and VMAs (crit x mems) with resident pages per VMA",
     "tasks in process-tree order (parents before children), each task's exe first, then its VMAs by address",
     "WHAT: \"+ 0x...\" the file offset of the mapping; \"(s)\" a shared file mapping; \"*\" an area CRIU does not restore as ordinary memory (VMA_AREA_REGULAR unset, e.g. [vsyscall]); \"[stack?]\" a grows-down area other than the main stack; shmem[ID], sysvshm[ID]: shared anonymous and System V memory", view_mems},
    {"rss", "Resident pages", "each task's pagemap runs next to the VMAs they cover (crit x rss)",
     "tasks in process-tree order (parents before children), each task's page runs by address",
     "as in the mems view", registered<view_rss>},
    {"sockets", "Sockets", "unix, inet, packet and netlink sockets: addresses, state, peers, queued bytes, buffer sizes",
     "by the first fd that holds the socket (tasks in process-tree order, then fd); sockets no fd holds last, by file id",
     "LOCAL: \"(deleted)\" a unix socket whose file was removed; REMOTE: \"(peer not in the dump)\"", view_sockets},
    {"pipes", "Pipes and FIFOs", "pipes and fifos: both ends and who holds them, fifo path, queued bytes",
     "pipes, then fifos, each by pipe id",
     "", registered<view_pipes>},
    {"mounts", "Mounts", "the mount table of each dumped mount namespace",
     "by mount namespace id, then mount point",
     "", registered<view_mounts>},
    {"namespaces", "Namespaces", "each task's namespace ids, which ones were dumped, and what they hold",
     "tasks in process-tree order (parents before children), namespace kinds in a fixed order",
     "", registered<view_namespaces>},
    {"cmdline", "Command lines", "argv of each task, read from its dumped memory",
     "tasks in process-tree order (parents before children)",
     "", registered<view_cmdline>},
    {"env", "Environment", "environ of each task, read from its dumped memory",
     "tasks in process-tree order (parents before children)",
     "", registered<view_env>},
    {"sigactions", "Signal handlers", "each task's signal handlers that are not SIG_DFL",
     "tasks in process-tree order (parents before children), then by signal number",
     "", registered<view_sigactions>},
    {"rlimits", "Resource limits", "each task's resource limits (soft and hard)",
     "tasks in process-tree order (parents before children), then by resource number",
     "", registered<view_rlimits>},
    {"regs", "Registers", "general-purpose registers of every thread (x86_64)",
     "threads in process-tree order, registers in a fixed order",
     "", registered<view_regs>},
    {"checkpoint", "Checkpoint", "the container (engine, network, spec mounts), sizes, dump statistics, socket buffers",
     "the container's facts, then each list in a fixed order (interfaces, mounts, deleted files, statistics, sockets by file id)",
     "", registered<view_checkpoint>},
};

}  // namespace

std::span<const ViewInfo> views() { return kViews; }

Expected<void> check_view_options(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    return {};
}

const ViewInfo* find_view(std::string_view name) {
    for (const auto& v : kViews)
        if (v.name == name) return &v;
    return nullptr;
}

Expected<std::vector<const ViewInfo*>> select_views(const std::vector<std::string>& names) {
    std::vector<const ViewInfo*> out;
    auto add = [&](const ViewInfo* v) {
        if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    };
    for (const auto& arg : names) {
        size_t pos = 0;
        while (pos <= arg.size()) {
            size_t comma = arg.find(',', pos);
            std::string name = arg.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            pos = comma == std::string::npos ? arg.size() + 1 : comma + 1;
            if (name.empty()) continue;
            if (name == "all") {
                for (const auto& v : kViews) add(&v);
                continue;
            }
            const ViewInfo* v = find_view(name);
            if (!v) {
                std::string known;
                for (const auto& k : kViews) known += (known.empty() ? "" : ", ") + std::string(k.name);
                return make_error("unknown view '" + name + "' (views: " + known + ", all)");
            }
            add(v);
        }
    }
    if (out.empty()) out.push_back(&kViews[0]);
    return out;
}

}  // namespace img
