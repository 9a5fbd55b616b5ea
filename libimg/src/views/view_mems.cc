// mems: each task's executable and memory areas as crit x mems prints them
// (start-end, rwx, what backs it), plus how many of its pages the dump holds.
#include <algorithm>

#include "view_util.h"

namespace img {

using namespace viewutil;

namespace {

// The region made of VMA `v` (regions are sorted by start; several may start at one address).
const ProcessMemory::Region* region_of(const ProcessMemory& pmem, const cimg::VmaEntry& v) {
    const auto& rs = pmem.regions();
    auto it = std::lower_bound(rs.begin(), rs.end(), v.start(),
                               [](const ProcessMemory::Region& r, uint64_t a) { return r.start < a; });
    for (; it != rs.end() && it->start == v.start(); ++it)
        if (it->vma == &v) return &*it;
    return nullptr;
}

}  // namespace

Expected<Table> view_mems(Dump& d, const ViewOptions& o) {
    d.prefetch_files();   // read while the tasks' memory maps are: the exe and mapped files need it
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

        t.reserve(1 + static_cast<size_t>((*mm)->vmas_size()), 136);

        t.add_row({Cell(pid), Cell::shown(Cell(), "exe"), Cell(), Cell(), Cell(),
                   Cell(file_label(d, (*mm)->exe_file_id())), json_only(Cell()), json_only(Cell()),
                   json_only(Cell()), json_only(Cell("exe")), json_only(Cell())});
        for (const auto& v : (*mm)->vmas()) {
            // Pages of shared objects (shmem, memfd, SysV shm) live in their own pagemap.
            const ProcessMemory::Region* reg = region_of(*pmem, v);
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
            t.add(Cell(pid), Cell::shown(Cell(v.start()), address_range(v.start(), v.end())),
                  Cell(prot_string(v.prot())), Cell(std::move(map)), resident,
                  Cell(vma_description(d, **mm, v)), json_only(Cell(v.end())), json_only(Cell(v.pgoff())),
                  json_only(Cell(v.status())), json_only(Cell("vma")), json_only(std::move(pages_in)));
        }
    }
    return t;
}

}  // namespace img
