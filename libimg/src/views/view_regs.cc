// regs: the general-purpose registers of every thread (core-<tid>.img). x86_64
// only for now; other architectures get one row saying so.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "img/model/task_tree.h"
#include "img/schema/flag_names.h"
#include "img/views/views.h"
#include "table_cells.h"

namespace img {


Expected<Table> view_regs(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    auto only = selected_thread(*ts, o.pid);
    Table t;
    t.name = "regs";
    t.columns = {{"pid", "PID", true}, {"tid", "TID", true}, {"arch", "ARCH"}, {"reg", "REG"}, {"value", "VALUE"},
                 {"note", ""}};
    static const char* order[] = {"ip", "sp",  "bp",  "ax",  "bx",  "cx",      "dx",    "si", "di", "r8",
                                  "r9", "r10", "r11", "r12", "r13", "r14",     "r15",   "orig_ax", "flags",
                                  "cs", "ss",  "ds",  "es",  "fs",  "gs",      "fs_base", "gs_base"};
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        std::vector<uint32_t> tids(tr.task->threads().begin(), tr.task->threads().end());
        if (tids.empty()) tids.assign(1, pid);
        for (uint32_t tid : tids) {
            if (only && tid != *only) continue;
            auto c = d.core(tid);
            if (!c) return std::move(c).error();
            if (!*c) {
                t.add_row({Cell(pid), Cell(tid), Cell(), Cell(), Cell(), Cell(fmt::format("core-{}.img is missing", tid))});
                continue;
            }
            const cimg::CoreEntry& core = **c;
            std::string arch = enum_name(core.mtype(), cimg::CoreEntry::March_descriptor());
            std::transform(arch.begin(), arch.end(), arch.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
            if (core.mtype() != cimg::CoreEntry::X86_64 || !core.has_thread_info()) {
                std::string note = core.mtype() == cimg::CoreEntry::X86_64
                                       ? std::string("no registers in the core image (a zombie?)")
                                       : fmt::format("registers of {} are not shown yet", arch);
                t.add_row({Cell(pid), Cell(tid), Cell(arch), Cell(), Cell(), Cell(note)});
                continue;
            }
            const auto& g = core.thread_info().gpregs();
            if (g.mode() == cimg::UserX86RegsEntry::COMPAT) arch += " (32-bit compat)";
            const auto* refl = g.GetReflection();
            for (const char* name : order) {
                const auto* f = g.GetDescriptor()->FindFieldByName(name);
                t.add_row({Cell(pid), Cell(tid), Cell(arch), Cell(name), hex0x(refl->GetUInt64(g, f)), json_only(Cell())});
            }
        }
    }
    return t;
}

}  // namespace img
