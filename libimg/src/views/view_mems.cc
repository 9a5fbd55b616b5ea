// mems: each task's executable and memory areas as crit x mems prints them
// (start-end, rwx, what backs it), plus how many of its pages the dump holds.
#include <algorithm>

#include "img/model/address_range.h"
#include "img/model/file_label.h"
#include "img/model/page_count.h"
#include "img/model/process_memory.h"
#include "img/model/task_tree.h"
#include "img/model/vma_description.h"
#include "img/views/views.h"
#include "table_cells.h"

namespace img {

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

// Where a VMA's pages are counted: [lo, hi) of a pagemap, or nowhere (pm null).
struct PageSource {
    const PagemapReader* pm = nullptr;
    uint64_t lo = 0, hi = 0;
};

// The task's pagemap, except for shared objects (shmem, memfd, SysV shm): their pages live in
// their own pagemap, at the object's offset.
PageSource page_source(const ProcessMemory& pmem, const PagemapReader* task_pm, const cimg::VmaEntry& v) {
    const ProcessMemory::Region* reg = region_of(pmem, v);
    if (reg && reg->shared) {
        if (!reg->reader) return {};
        return {reg->reader, v.start() + reg->delta, v.end() + reg->delta};
    }
    if (task_pm && v.end() > v.start()) return {task_pm, v.start(), v.end()};
    return {};
}

// The cells of a task's VMA rows, kept from one row to the next: strings refilled in place, no
// allocation per VMA.
struct VmaRow {
    explicit VmaRow(uint32_t pid) : pid_cell(pid) {}

    void fill(Checkpoint& d, const cimg::MmEntry& mm, const cimg::VmaEntry& v, const PageSource& pages) {
        resident = Cell();
        if (pages.pm) {
            resident.value = count_pages(*pages.pm, pages.lo, pages.hi);
            if (!std::holds_alternative<std::string>(pages_in.value)) pages_in.value = std::string();
            std::get<std::string>(pages_in.value).assign(pages.pm->name());
        } else {
            pages_in.value = std::monostate();
        }
        address.value = v.start();
        address.text.clear();
        append_address_range(address.text, v.start(), v.end());
        prot.value = prot_string(v.prot());
        auto& map_text = std::get<std::string>(map.value);
        map_text = (v.flags() & 1) ? "shared" : "private";
        if (v.flags() & 0x20) map_text += ",anon";
        auto& desc_text = std::get<std::string>(desc.value);
        desc_text.clear();
        append_vma_description(desc_text, d, mm, v);
        end.value = v.end();
        pgoff.value = v.pgoff();
        status.value = static_cast<uint64_t>(v.status());
    }
    void add_to(Table& t) const { t.add(pid_cell, address, prot, map, resident, desc, end, pgoff, status, kind, pages_in); }

    Cell pid_cell, address, prot, map{std::string()}, resident, desc{std::string()};
    Cell end = json_only(Cell()), pgoff = json_only(Cell()), status = json_only(Cell());
    Cell kind = json_only(Cell("vma")), pages_in = json_only(Cell());
};

// The rows of one task: its executable, then each VMA.
Expected<void> add_task_rows(Table& t, Checkpoint& d, uint32_t pid) {
    auto mm = d.mm(pid);
    if (!mm) return std::move(mm).error();
    auto task_pm = d.pagemap(pid);
    if (!task_pm) return std::move(task_pm).error();
    auto pmem = ProcessMemory::open(d, pid);
    if (!pmem) return std::move(pmem).error();
    if (!pmem->missing().empty()) t.warn(pmem->missing());
    if (!*mm) return {};   // a zombie, or no mm image: no VMAs to list

    t.reserve(1 + static_cast<size_t>((*mm)->vmas_size()), 136);
    t.add_row({Cell(pid), Cell::shown(Cell(), "exe"), Cell(), Cell(), Cell(),
               Cell(file_label(d, (*mm)->exe_file_id())), json_only(Cell()), json_only(Cell()),
               json_only(Cell()), json_only(Cell("exe")), json_only(Cell())});
    VmaRow row(pid);
    for (const auto& v : (*mm)->vmas()) {
        row.fill(d, **mm, v, page_source(*pmem, *task_pm, v));
        row.add_to(t);
    }
    return {};
}

}  // namespace

Expected<Table> view_mems(Checkpoint& d, const ViewOptions& o) {
    d.prefetch_files();   // read while the tasks' memory maps are: the exe and mapped files need it
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    Table t;
    t.name = "mems";
    // Text shows "start-end" under ADDRESS; JSON has "start" and (last, text-less) "end".
    t.columns = {{"pid", "PID", true},     {"start", "ADDRESS"},     {"prot", "PROT"},  {"map", "MAP"},
                 {"resident_pages", "PAGES", true}, {"desc", "WHAT"}, {"end", ""},      {"pgoff", ""},
                 {"status", ""},           {"kind", ""},       {"pages_in", ""}};
    for (const auto& tr : *ts)
        if (auto ok = add_task_rows(t, d, tr.pid()); !ok) return std::move(ok).error();
    return t;
}

}  // namespace img
