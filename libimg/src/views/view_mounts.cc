// mounts: the mount table of each mount namespace the tasks live in, from
// mountpoints-<mnt_ns_id>.img (CRIU writes it only for namespaces it dumped).
#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "img/model/task_tree.h"
#include "img/schema/flag_names.h"
#include "img/support/display.h"
#include "img/views/views.h"
#include "table_cells.h"

namespace img {


namespace {

std::string fstype_name(const cimg::MntEntry& m) {
    if (m.fstype() == cimg::MntEntry::AUTO && m.has_fsname()) return display_text(m.fsname());
    std::string s = enum_name(m.fstype(), cimg::MntEntry::Fstype_descriptor());
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

Expected<Table> view_mounts(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    std::vector<uint32_t> ns_ids;
    std::map<uint32_t, std::vector<std::string>> ns_tasks;
    for (const auto& tr : *ts) {
        auto ids = d.ids(tr.pid());
        if (!ids) return std::move(ids).error();
        if (!*ids || !(*ids)->has_mnt_ns_id()) continue;
        uint32_t ns = (*ids)->mnt_ns_id();
        if (!ns_tasks.count(ns)) ns_ids.push_back(ns);
        ns_tasks[ns].push_back(std::to_string(tr.pid()));
    }
    if (!o.pid) {   // images of namespaces no task names (should not happen, but show them)
        for (const auto& n : d.source().list()) {
            unsigned id = 0;
            char tail[8] = {};
            if (std::sscanf(n.c_str(), "mountpoints-%u.%4s", &id, tail) == 2 && std::string(tail) == "img" &&
                !ns_tasks.count(id)) {
                ns_ids.push_back(id);
                ns_tasks[id];
            }
        }
    }
    auto inv = d.inventory();
    if (!inv) return std::move(inv).error();
    std::optional<uint32_t> host_ns;
    if (*inv && (*inv)->has_root_ids() && (*inv)->root_ids().has_mnt_ns_id()) host_ns = (*inv)->root_ids().mnt_ns_id();
    Table t;
    t.name = "mounts";
    // ROOT last: a bind mount's root (an overlay or AUFS branch) is the longest cell.
    t.columns = {{"mnt_ns", "NS", true},     {"mnt_id", "ID", true},    {"parent", "PARENT", true},
                 {"fstype", "TYPE"},         {"mountpoint", "MOUNTPOINT"}, {"source", "SOURCE"},
                 {"options", "OPTIONS"},     {"root", "ROOT"},          {"dumped", ""},
                 {"tasks", ""},              {"flags", ""},             {"shared_id", ""},
                 {"master_id", ""},          {"ext_key", ""}};
    for (uint32_t ns : ns_ids) {
        auto m = d.mounts(ns);
        if (!m) return std::move(m).error();
        Cell tasks_cell = json_only(Cell(ns_tasks[ns]));
        if (!*m) {
            t.add_row({Cell(ns), Cell(), Cell(), Cell(),
                       Cell::shown(Cell(), host_ns == ns ? "(not dumped: the mount namespace of the dumping host)"
                                                         : fmt::format("(mountpoints-{}.img is missing)", ns)),
                       Cell(), Cell(), Cell(), json_only(Cell(false)), tasks_cell, json_only(Cell()), json_only(Cell()),
                       json_only(Cell()), json_only(Cell())});
            continue;
        }
        // By mount point (then id): the image holds them in the order CRIU walked the tree.
        std::vector<const cimg::MntEntry*> by_path;
        for (const auto& e : **m) by_path.push_back(&e);
        std::stable_sort(by_path.begin(), by_path.end(), [](auto* a, auto* b) {
            if (a->mountpoint() != b->mountpoint()) return a->mountpoint() < b->mountpoint();
            return a->mnt_id() < b->mnt_id();
        });
        for (const auto* ep : by_path) {
            const auto& e = *ep;
            t.add_row({Cell(ns), Cell(e.mnt_id()), Cell(e.parent_mnt_id()), Cell(fstype_name(e)),
                       Cell(display_text(e.mountpoint())), Cell(display_text(e.source())),
                       Cell(display_text(e.options())), Cell(display_text(e.root())), json_only(Cell(true)), tasks_cell, json_only(Cell(e.flags())),
                       e.has_shared_id() ? json_only(Cell(e.shared_id())) : json_only(Cell()),
                       e.has_master_id() ? json_only(Cell(e.master_id())) : json_only(Cell()),
                       e.has_ext_key() ? json_only(Cell(display_text(e.ext_key()))) : json_only(Cell())});
        }
    }
    return t;
}

}  // namespace img
