#include "file_view_inputs.h"

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
    return in;
}

}  // namespace img
