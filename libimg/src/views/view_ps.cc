// ps: the process tree as crit x ps prints it (PID PGID SID COMM, COMM indented
// by depth), plus the parent, the state and the thread count.
#include "img/model/task_status.h"
#include "img/model/task_tree.h"
#include "img/views/views.h"
#include "table_cells.h"

namespace img {


Expected<Table> view_ps(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    Table t;
    t.name = "ps";
    t.columns = {{"pid", "PID", true}, {"pgid", "PGID", true}, {"sid", "SID", true},      {"comm", "COMM"},
                 {"ppid", "PPID", true}, {"state", "STATE"},  {"threads", "THREADS", true}, {"depth", ""}};
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        auto comm = task_comm(d, pid);
        if (!comm) return std::move(comm).error();
        auto state = task_state(d, pid);
        if (!state) return std::move(state).error();
        t.add_row({Cell(pid), Cell(tr.task->pgid()), Cell(tr.task->sid()),
                   Cell::shown(Cell(*comm), std::string(4 * tr.depth, ' ') + (comm->empty() ? "?" : *comm)),
                   Cell(tr.task->ppid()), state->empty() ? Cell() : Cell(*state),
                   Cell(static_cast<uint64_t>(tr.task->threads_size())), json_only(Cell(tr.depth))});
    }
    return t;
}

}  // namespace img
