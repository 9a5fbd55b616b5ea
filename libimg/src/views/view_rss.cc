// rss: each task's pagemap runs (what the dump holds, page by page range) next
// to the memory areas they fall in, as crit x rss prints them. A run that spans
// several areas gets one row per area; the run's columns are blank in text on
// the extra rows (JSON repeats them, so every row stands alone).
#include <algorithm>

#include <fmt/format.h>


#include "tables.pb.h"
#include "img/model/address_range.h"
#include "img/model/process_memory.h"
#include "img/model/task_tree.h"
#include "img/model/vma_description.h"
#include "img/schema/flag_names.h"
#include "img/views/views.h"
#include "table_cells.h"
#include "view_warnings.h"

namespace img {


Expected<Table> view_rss(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    Table t;
    t.name = "rss";
    t.columns = {{"pid", "PID", true},       {"vaddr", "VADDR"},         {"nr_pages", "PAGES", true},
                 {"flags", "FLAGS"},          {"vma_start", "VMA"},       {"vma_pages", "VMA PAGES", true},
                 {"vma_desc", "WHAT"},        {"vma_end", ""}};
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        auto pm = d.pagemap(pid);
        if (!pm) return std::move(pm).error();
        if (auto ok = warn_if_missing(t, d, pid, fmt::format("pagemap-{}.img", pid), fmt::format("task {}'s pages are unknown", pid)); !ok)
            return std::move(ok).error();
        if (!*pm) continue;
        auto mm = d.mm(pid);
        if (!mm) return std::move(mm).error();
        if (!*mm) t.warn(fmt::format("mm-{0}.img is missing: task {0}'s pages are shown without their VMAs", pid));
        std::vector<const cimg::VmaEntry*> vmas;
        if (*mm)
            for (const auto& v : (*mm)->vmas())
                if (!(v.status() & kVmaGuard) && v.end() > v.start()) vmas.push_back(&v);
        std::sort(vmas.begin(), vmas.end(), [](auto* a, auto* b) { return a->start() < b->start(); });

        for (const PageRun& r : (*pm)->runs()) {
            std::string flags = flag_names(r.flags, cimg::PmapFlags::Bits_descriptor());
            auto run_cells = [&](bool first) {
                std::vector<Cell> c = {Cell(pid), Cell::hex(r.start), Cell(r.nr_pages), Cell(flags)};
                if (!first)
                    for (auto& x : c) x = blank_text(std::move(x));
                return c;
            };
            auto it = std::upper_bound(vmas.begin(), vmas.end(), r.start,
                                       [](uint64_t a, const cimg::VmaEntry* v) { return a < v->start(); });
            if (it != vmas.begin() && (*std::prev(it))->end() > r.start) --it;
            bool first = true;
            for (; it != vmas.end() && (*it)->start() < r.end(); ++it) {
                const cimg::VmaEntry& v = **it;
                if (v.end() <= r.start) continue;
                auto row = run_cells(first);
                row.push_back(Cell::shown(Cell(v.start()), address_text(v.start())));
                row.push_back(Cell((v.end() - v.start()) / kPageSize));
                row.push_back(Cell(vma_description(d, **mm, v)));
                row.push_back(json_only(Cell(v.end())));
                t.add_row(std::move(row));
                first = false;
            }
            if (first) {
                auto row = run_cells(true);
                row.insert(row.end(), {Cell(), Cell(), Cell("(no memory area)"), json_only(Cell())});
                t.add_row(std::move(row));
            }
        }
    }
    return t;
}

}  // namespace img
