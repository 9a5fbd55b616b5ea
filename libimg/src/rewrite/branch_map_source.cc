#include "img/rewrite/branch_map_source.h"

#include "img/rewrite/aufs_branches.h"

namespace img {
namespace {

// Adds `r`'s error to `out`; true when there was none.
bool keep(const Expected<void>& r, std::vector<Error>& out) {
    if (!r) out.push_back(r.error());
    return r.ok();
}

// The sources other than map files, in command-line order of kinds; stops at the first error.
void add_other_sources(const BranchMapSources& s, BranchMap& map, std::vector<Error>& errors) {
    for (const auto& d : s.aufs_si_dirs) if (!keep(map.add_aufs_si(d), errors)) return;
    for (const auto& l : s.dump_logs) if (!keep(map.add_dump_log(l), errors)) return;
    for (const auto& a : s.assignments) if (!keep(map.add_assignment(a), errors)) return;
    if (s.aufs_task) keep(add_task_aufs_branches(map, *s.aufs_task), errors);
}

}  // namespace

BranchMapBuild build_branch_map(const BranchMapSources& sources) {
    BranchMapBuild b;
    for (const auto& f : sources.map_files)
        for (auto& e : b.map.add_map_file_all(f)) b.errors.push_back(std::move(e));
    if (b.errors.empty()) add_other_sources(sources, b.map, b.errors);
    return b;
}

}  // namespace img
