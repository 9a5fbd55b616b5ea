#include "file_view_inputs.h"

#include <charconv>
#include <cstdint>

#include "img/model/task_tree.h"
#include "view_warnings.h"

namespace img {

Expected<FileViewInputs> file_view_inputs(Checkpoint& d, const ViewOptions& o, Table& t) {
    FileViewInputs in;
    warn_files(t, d);
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    for (const auto& tr : *ts)
        if (auto ok = warn_missing_fd_images(t, d, tr.pid()); !ok) return std::move(ok).error();
    auto ft = d.files();
    if (!ft) return std::move(ft).error();
    in.files = *ft;
    auto uses = file_uses(d);
    if (!uses) return std::move(uses).error();
    in.uses = std::move(*uses);
    auto selected = selected_task_pid(d, o.pid);
    if (!selected) return std::move(selected).error();
    in.pid = *selected;
    auto all = select_tasks(d, std::nullopt);
    if (!all) return std::move(all).error();
    for (const auto& tr : *all) in.tree_rank.emplace(tr.pid(), in.tree_rank.size());
    return in;
}

std::pair<size_t, uint64_t> FileViewInputs::fd_order(const std::vector<FileUse>& uses) const {
    std::pair<size_t, uint64_t> best{SIZE_MAX, UINT64_MAX};
    for (const auto& u : uses) {
        uint64_t fd = 0;
        auto [end, ec] = std::from_chars(u.what.data(), u.what.data() + u.what.size(), fd);
        if (ec != std::errc() || end != u.what.data() + u.what.size()) continue;   // cwd, root, exe, map
        auto r = tree_rank.find(u.pid);
        best = std::min(best, std::pair{r == tree_rank.end() ? SIZE_MAX - 1 : r->second, fd});
    }
    return best;
}

}  // namespace img
