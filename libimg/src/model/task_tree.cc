#include "img/model/task_tree.h"

#include "img/model/checkpoint_archive.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace img {

namespace {

Error pstree_error(const Checkpoint& d, std::string what) {
    Error e;
    e.file = d.source().shown_path("pstree.img");
    e.what = std::move(what);
    return e;
}

// Iterative depth-first walk from the entries' roots; `seen` guards against loops in a corrupt pstree.
std::vector<TaskRef> walk_tree(const std::vector<cimg::PstreeEntry>& entries) {
    std::map<uint32_t, std::vector<size_t>> children;   // in pstree order
    std::set<uint32_t> pids;
    for (const auto& e : entries) pids.insert(e.pid());
    std::vector<size_t> roots;
    for (size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (e.ppid() == 0 || e.ppid() == e.pid() || !pids.count(e.ppid())) roots.push_back(i);
        else children[e.ppid()].push_back(i);
    }
    std::vector<TaskRef> out;
    std::vector<bool> seen(entries.size(), false);
    std::vector<std::pair<size_t, int>> stack;
    auto walk = [&](size_t root) {
        stack.push_back({root, 0});
        while (!stack.empty()) {
            auto [i, depth] = stack.back();
            stack.pop_back();
            if (seen[i]) continue;
            seen[i] = true;
            out.push_back(TaskRef{&entries[i], depth});
            auto it = children.find(entries[i].pid());
            if (it == children.end()) continue;
            for (auto c = it->second.rbegin(); c != it->second.rend(); ++c) stack.push_back({*c, depth + 1});
        }
    };
    for (size_t r : roots) walk(r);
    for (size_t i = 0; i < entries.size(); ++i)
        if (!seen[i]) walk(i);   // only in a pstree whose parent links form a loop
    return out;
}

}  // namespace

Expected<std::vector<TaskRef>> task_tree(Checkpoint& d) {
    auto pst = d.pstree();
    if (!pst) return std::move(pst).error();
    if (!*pst) {
        // A container checkpoint whose checkpoint/ is empty has no tasks, and says so (the views).
        if (const ContainerMetadata* m = d.container(); m && m->images_absent()) return std::vector<TaskRef>{};
        return pstree_error(d, "missing: is this a CRIU image directory?");
    }
    return walk_tree(**pst);
}

Expected<std::vector<TaskRef>> select_tasks(Checkpoint& d, std::optional<uint32_t> pid) {
    auto all = task_tree(d);
    if (!all || !pid) return all;
    for (const auto& t : *all) {
        if (t.pid() == *pid) return std::vector<TaskRef>{t};
    }
    for (const auto& t : *all) {
        const auto& th = t.task->threads();
        if (std::find(th.begin(), th.end(), *pid) != th.end()) return std::vector<TaskRef>{t};
    }
    if (const ContainerMetadata* m = d.container(); m && m->images_absent()) {
        Error e;
        e.file = m->origin;
        e.what = fmt::format("no task or thread {}: the checkpoint holds no images (checkpoint/ is empty)", *pid);
        return e;
    }
    std::string pids;
    for (const auto& t : *all) pids += (pids.empty() ? "" : ", ") + std::to_string(t.pid());
    return pstree_error(d, fmt::format("no task or thread {} in this dump (tasks: {})", *pid, pids));
}

Expected<std::optional<uint32_t>> selected_task_pid(Checkpoint& d, std::optional<uint32_t> pid) {
    if (!pid) return std::optional<uint32_t>{};
    auto ts = select_tasks(d, pid);
    if (!ts) return std::move(ts).error();
    return std::optional<uint32_t>((*ts)[0].pid());
}

std::optional<uint32_t> selected_thread(const std::vector<TaskRef>& tasks, std::optional<uint32_t> pid) {
    if (!pid || tasks.size() != 1 || tasks[0].pid() == *pid) return std::nullopt;
    return pid;
}

}  // namespace img
