// Pages: every pagemap is ordered and inside its task's VMAs, every pages file
// holds exactly the pages its pagemaps describe, PE_PARENT runs are covered.
#include <sys/stat.h>

#include <algorithm>
#include <map>

#include "img/model/process_memory.h"
#include "verify_context.h"

namespace img::verify {

namespace {

// True when [lo, hi) is covered by runs of `pm` holding data (here or further up the chain).
bool covered_by(const PagemapReader* pm, uint64_t lo, uint64_t hi) {
    while (lo < hi) {
        if (!pm) return false;
        const PageRun* r = pm->find(lo);
        if (!r) return false;
        uint64_t e = std::min(hi, r->end());
        if (!(r->flags & kPePresent)) {
            if (!(r->flags & kPeParent) || !covered_by(pm->parent(), lo, e)) return false;
        }
        lo = e;
    }
    return true;
}

// The VMAs whose contents the restore takes from the task's pagemap (CRIU: vma_entry_is_private).
bool filled_from_pagemap(uint32_t status) {
    if (status & kVmaGuard) return false;
    bool private_memory = (status & kVmaRegular) && (status & (kVmaAnonPrivate | kVmaFilePrivate));
    return private_memory || (status & (kVmaShstk | kVmaAioring));
}

// What the pagemaps say of the pages files.
struct PagesUse {
    std::map<uint32_t, uint64_t> described;        // pages_id -> bytes described by PE_PRESENT runs
    std::map<uint32_t, std::string> first_user;    // pages_id -> the first pagemap naming it
};

// One pagemap's runs: in address order, not overlapping, those in the parent dump held there.
// Adds the bytes its present runs describe to `use`.
void check_runs(VerifyContext& cx, const std::string& name, const PagemapReader& pm, PagesUse& use) {
    if (!pm.sorted_in_file())
        cx.add(Severity::Error, "pages", name, -1, "pagemap entries are not in address order");
    const auto& runs = pm.runs();
    for (size_t i = 1; i < runs.size(); ++i)
        if (runs[i].start < runs[i - 1].end())
            cx.add(Severity::Error, "pages", name, -1, "runs {:x}+{} and {:x}+{} overlap", runs[i - 1].start, runs[i - 1].nr_pages,
                   runs[i].start, runs[i].nr_pages);
    for (const auto& r : runs) {
        if (r.flags & kPePresent) use.described[pm.pages_id()] += r.nr_pages * kPageSize;
        if ((r.flags & kPeParent) && !(r.flags & kPePresent) && !covered_by(pm.parent(), r.start, r.end()))
            cx.add(Severity::Error, "pages", name, -1, "run {:x}+{} is in the parent dump, but {}",
                   r.start, r.nr_pages, pm.parent() ? "the parent does not hold those pages" : "there is no parent dump");
    }
    use.first_user.emplace(pm.pages_id(), name);
}

// A task pagemap's runs lie inside the VMAs CRIU's restore fills from it (private anonymous or
// file memory, shadow stacks, AIO rings); elsewhere: "Page entry address %lx outside of VMA".
void check_runs_inside_vmas(VerifyContext& cx, const std::string& name, const PagemapReader& pm) {
    if (name.rfind("pagemap-shmem-", 0) == 0) return;
    uint32_t pid = 0;
    if (std::sscanf(name.c_str(), "pagemap-%u.img", &pid) != 1) return;
    auto mm = cx.dump.mm(pid);
    if (!mm || !*mm) {
        cx.add(Severity::Error, "pages", name, -1, "no mm-{}.img describes this task's memory", pid);
        return;
    }
    std::vector<std::pair<uint64_t, uint64_t>> areas;
    for (const auto& v : (*mm)->vmas())
        if (filled_from_pagemap(v.status())) areas.emplace_back(v.start(), v.end());
    std::sort(areas.begin(), areas.end());
    for (const auto& r : pm.runs()) {
        uint64_t lo = r.start;
        auto it = std::upper_bound(areas.begin(), areas.end(), std::pair{lo, UINT64_MAX});
        if (it != areas.begin()) --it;
        while (lo < r.end() && it != areas.end() && it->first <= lo) {
            if (it->second > lo) lo = it->second;
            ++it;
        }
        if (lo < r.end())
            cx.add(Severity::Error, "pages", name, -1, "run {:x}+{} reaches {:x}, outside every private VMA of task {} "
                   "(restore: \"Page entry address {:x} outside of VMA\")", r.start, r.nr_pages, lo, pid, lo);
    }
}

// Every pagemap of the dump, read and checked.
PagesUse check_pagemaps(VerifyContext& cx) {
    const DumpSource& src = cx.dump.source();
    PagesUse use;
    for (const std::string& name : src.list()) {
        if (name.rfind("pagemap-", 0) != 0) continue;
        auto pmr = PagemapReader::open(src, name);
        if (!pmr) {   // a run that overflows, say: an error unless the structure check named this image already
            if (!cx.has_error_on(name)) { cx.add_error("pages", pmr.error()); cx.report.findings.back().image = name; }
            continue;
        }
        check_runs(cx, name, **pmr, use);
        check_runs_inside_vmas(cx, name, **pmr);
    }
    return use;
}

// Each pages file the pagemaps use holds exactly the bytes they describe.
void check_pages_sizes(VerifyContext& cx, PagesUse& use) {
    const DumpSource& src = cx.dump.source();
    for (auto& [id, bytes] : use.described) {
        std::string pages = fmt::format("pages-{}.img", id);
        struct stat st {};
        if (::stat(src.path_of(pages).c_str(), &st) != 0) {
            if (bytes) cx.add(Severity::Error, "pages", pages, -1, "missing, but {} describes {} bytes of pages in it", use.first_user[id], bytes);
            continue;
        }
        uint64_t size = static_cast<uint64_t>(st.st_size);
        if (size < bytes)
            cx.add(Severity::Error, "pages", pages, -1, "holds {} bytes but its pagemap describes {}: truncated by {} bytes ({} pages)",
                   size, bytes, bytes - size, (bytes - size + kPageSize - 1) / kPageSize);
        else if (size > bytes)
            cx.add(Severity::Error, "pages", pages, -1, "holds {} bytes but its pagemap describes only {}: {} bytes nobody reads",
                   size, bytes, size - bytes);
    }
}

// Pages no pagemap describes are memory the restore never puts back: an error unless there are none.
void check_unused_pages_files(VerifyContext& cx, const PagesUse& use) {
    const DumpSource& src = cx.dump.source();
    for (const std::string& name : src.list()) {
        uint32_t id = 0;
        if (std::sscanf(name.c_str(), "pages-%u.img", &id) != 1 || use.first_user.count(id)) continue;
        struct stat st {};
        uint64_t size = ::stat(src.path_of(name).c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
        if (size)
            cx.add(Severity::Error, "pages", name, -1, "holds {} bytes ({} pages) but no readable pagemap refers to it: "
                   "memory the restore would not put back", size, (size + kPageSize - 1) / kPageSize);
        else
            cx.add(Severity::Warning, "pages", name, -1, "empty, and no pagemap refers to it");
    }
}

}  // namespace

void check_pages(VerifyContext& cx) {
    PagesUse use = check_pagemaps(cx);
    check_pages_sizes(cx, use);
    check_unused_pages_files(cx, use);
}

}  // namespace img::verify
