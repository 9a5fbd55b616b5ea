// overview: one row per task with what a reader checks first, and above them
// the container a Podman/CRI-O checkpoint (archive or directory) came from.
#include <fmt/format.h>

#include "img/model/checkpoint_archive.h"
#include "img/model/checkpoint_size.h"
#include "img/model/file_label.h"
#include "img/model/task_status.h"
#include "img/model/task_tree.h"
#include "img/support/display.h"
#include "img/views/views.h"
#include "container_about.h"
#include "table_cells.h"
#include "view_warnings.h"

namespace img {

namespace {

// What the overview cannot show of a task when its images are missing.
Expected<void> warn_overview_images(Table& t, Checkpoint& d, uint32_t pid) {
    const std::pair<std::string, std::string> images[] = {
        {fmt::format("core-{}.img", pid), "its name and state are unknown"},
        {fmt::format("mm-{}.img", pid), "its VMAs and executable are unknown"},
        {fmt::format("pagemap-{}.img", pid), "its resident pages are unknown"},
        {fmt::format("ids-{}.img", pid), "its descriptors are unknown"}};
    for (const auto& [image, consequence] : images)
        if (auto ok = warn_if_missing(t, d, pid, image, fmt::format("task {}: {}", pid, consequence)); !ok) return ok;
    return {};
}

}  // namespace

Expected<Table> view_overview(Checkpoint& d, const ViewOptions& o) {
    d.prefetch_files();   // read while the tasks' memory maps are: the exe and mapped files need it
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    Table t;
    t.name = "overview";
    if (const ContainerMetadata* m = d.container())
        t.about = checkpoint_facts(m, checkpoint_size(d), "container", "Container");
    t.columns = {{"pid", "PID", true},      {"ppid", "PPID", true},       {"pgid", "PGID", true},
                 {"sid", "SID", true},      {"comm", "COMM"},             {"state", "STATE"},
                 {"threads", "THR", true},  {"vmas", "VMAS", true},       {"resident_pages", "PAGES", true},
                 {"fds", "FDS", true},      {"exe", "EXE"},               {"depth", ""}};
    warn_files(t, d);
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        if (auto ok = warn_overview_images(t, d, pid); !ok) return std::move(ok).error();
        auto comm = task_comm(d, pid);
        if (!comm) return std::move(comm).error();
        auto state = task_state(d, pid);
        if (!state) return std::move(state).error();
        auto mm = d.mm(pid);
        if (!mm) return std::move(mm).error();
        auto pm = d.pagemap(pid);
        if (!pm) return std::move(pm).error();
        auto fdi = d.fdinfo(pid);
        if (!fdi) return std::move(fdi).error();

        Cell vmas, resident, fds, exe;
        if (*mm) {
            vmas = Cell(static_cast<uint64_t>((*mm)->vmas_size()));
            exe = Cell(file_label(d, (*mm)->exe_file_id()));
        }
        if (*pm) resident = Cell((*pm)->present_pages());
        if (*fdi) fds = Cell(static_cast<uint64_t>((*fdi)->size()));
        t.add_row({Cell(pid), Cell(tr.task->ppid()), Cell(tr.task->pgid()), Cell(tr.task->sid()),
                   Cell::shown(Cell(*comm), std::string(2 * tr.depth, ' ') + (comm->empty() ? "?" : *comm)),
                   state->empty() ? Cell() : Cell(*state), Cell(static_cast<uint64_t>(tr.task->threads_size())),
                   vmas, resident, fds, exe, json_only(Cell(tr.depth))});
    }
    return t;
}

}  // namespace img
