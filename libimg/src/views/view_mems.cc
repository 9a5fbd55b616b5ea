// mems: each task's executable and memory areas as crit x mems prints them
// (start-end, rwx, what backs it), plus how many of its pages the dump holds.
#include <unordered_map>

#include <fmt/format.h>

#include "view_util.h"

namespace img {

using namespace viewutil;

Expected<Table> view_mems(Dump& d, const ViewOptions& o) {
    auto ts = tasks(d, o);
    if (!ts) return std::move(ts).error();
    Table t;
    t.name = "mems";
    // Text shows "start-end" under ADDRESS; JSON has "start" and (last, text-less) "end".
    t.columns = {{"pid", "PID", true},     {"start", "ADDRESS"},     {"prot", "PROT"},  {"map", "MAP"},
                 {"resident_pages", "PAGES", true}, {"desc", "WHAT"}, {"end", ""},      {"pgoff", ""},
                 {"status", ""},           {"kind", ""},       {"pages_in", ""}};
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        auto mm = d.mm(pid);
        if (!mm) return std::move(mm).error();
        if (!*mm) continue;   // a zombie: no memory
        auto task_pm = d.pagemap(pid);
        if (!task_pm) return std::move(task_pm).error();
        auto pmem = ProcessMemory::open(d, pid);
        if (!pmem) return std::move(pmem).error();

        t.rows.reserve(t.rows.size() + 1 + static_cast<size_t>((*mm)->vmas_size()));
        std::unordered_map<const cimg::VmaEntry*, const ProcessMemory::Region*> region_of;
        for (const auto& r : pmem->regions()) region_of.emplace(r.vma, &r);

        t.add_row({Cell(pid), Cell::shown(Cell(), "exe"), Cell(), Cell(), Cell(),
                   Cell(file_label(d, (*mm)->exe_file_id())), json_only(Cell()), json_only(Cell()),
                   json_only(Cell()), json_only(Cell("exe")), json_only(Cell())});
        for (const auto& v : (*mm)->vmas()) {
            // Pages of shared objects (shmem, memfd, SysV shm) live in their own pagemap.
            auto found = region_of.find(&v);
            const ProcessMemory::Region* reg = found == region_of.end() ? nullptr : found->second;
            Cell resident, pages_in;
            if (reg && reg->shared) {
                if (reg->reader) {
                    resident = Cell(count_pages(*reg->reader, v.start() + reg->delta, v.end() + reg->delta));
                    pages_in = Cell(reg->reader->name());
                }
            } else if (*task_pm && v.end() > v.start()) {
                resident = Cell(count_pages(**task_pm, v.start(), v.end()));
                pages_in = Cell((*task_pm)->name());
            }
            std::string map = (v.flags() & 1) ? "shared" : "private";
            if (v.flags() & 0x20) map += ",anon";
            t.add(Cell(pid), Cell::shown(Cell(v.start()), fmt::format("{:08x}-{:08x}", v.start(), v.end())),
                  Cell(prot_string(v.prot())), Cell(std::move(map)), std::move(resident),
                  Cell(vma_description(d, **mm, v)), json_only(Cell(v.end())), json_only(Cell(v.pgoff())),
                  json_only(Cell(v.status())), json_only(Cell("vma")), json_only(std::move(pages_in)));
        }
    }
    return t;
}

}  // namespace img
