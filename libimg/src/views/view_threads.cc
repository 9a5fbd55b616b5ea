// threads: one row per thread (pstree threads[] and their core-<tid>.img).
#include <fmt/format.h>

#include "img/model/task_status.h"
#include "img/model/task_tree.h"
#include "img/support/display.h"
#include "img/views/views.h"
#include "table_cells.h"

namespace img {


namespace {

std::string sched_policy_name(uint32_t p) {
    switch (p & ~0x40000000u) {   // SCHED_RESET_ON_FORK
    case 0: return "SCHED_OTHER";
    case 1: return "SCHED_FIFO";
    case 2: return "SCHED_RR";
    case 3: return "SCHED_BATCH";
    case 5: return "SCHED_IDLE";
    case 6: return "SCHED_DEADLINE";
    }
    return fmt::format("{}", p);
}

}  // namespace

Expected<Table> view_threads(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    auto only = selected_thread(*ts, o.pid);
    Table t;
    t.name = "threads";
    t.columns = {{"pid", "PID", true}, {"tid", "TID", true}, {"comm", "COMM"},   {"state", "STATE"},
                 {"blocked", "BLOCKED"}, {"policy", "POLICY"}, {"nice", "NICE", true}, {"prio", "PRIO", true},
                 {"ip", "IP"},          {"sp", "SP"}};
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        auto leader = d.core(pid);
        if (!leader) return std::move(leader).error();
        const cimg::TaskCoreEntry* tc = *leader && (*leader)->has_tc() ? &(*leader)->tc() : nullptr;
        std::vector<uint32_t> tids;
        if (tr.task->threads().empty()) tids.assign(1, pid);
        else tids.assign(tr.task->threads().begin(), tr.task->threads().end());
        for (uint32_t tid : tids) {
            if (only && tid != *only) continue;
            auto c = d.core(tid);
            if (!c) return std::move(c).error();
            // A zombie's threads are recorded as [0], with no core of their own.
            if (!*c && tid != 0)
                t.warn(fmt::format("core-{0}.img is missing: thread {0}'s state and registers are unknown", tid));
            const cimg::CoreEntry* core = *c;
            const cimg::ThreadCoreEntry* th = core && core->has_thread_core() ? &core->thread_core() : nullptr;
            std::string comm = th && th->has_comm() ? th->comm() : tc ? tc->comm() : "";
            Cell blocked, policy, nice, prio, ip, sp;
            if (th && th->has_blk_sigset()) blocked = hex0x(th->blk_sigset());
            else if (tc) blocked = hex0x(tc->blk_sigset());
            if (th && th->has_sched_policy()) policy = Cell(sched_policy_name(th->sched_policy()));
            if (th && th->has_sched_nice()) nice = Cell(th->sched_nice());
            if (th && th->has_sched_prio()) prio = Cell(th->sched_prio());
            if (core && core->mtype() == cimg::CoreEntry::X86_64 && core->has_thread_info()) {
                ip = hex0x(core->thread_info().gpregs().ip());
                sp = hex0x(core->thread_info().gpregs().sp());
            }
            t.add_row({Cell(pid), Cell(tid), Cell(display_text(comm)),
                       tc ? Cell(task_state_name(tc->task_state())) : Cell(), blocked, policy, nice, prio, ip, sp});
        }
    }
    return t;
}

}  // namespace img
