// fds: every descriptor of each task, as crit x fds walks them (ids -> fdinfo ->
// files.img), then cwd and root (fs image) and the executable (mm image).
#include <algorithm>

#include <fmt/format.h>

#include "img/model/file_label.h"
#include "img/model/file_payload.h"
#include "img/model/task_tree.h"
#include "img/schema/flag_names.h"
#include "img/views/views.h"
#include "view_warnings.h"

namespace img {


Expected<Table> view_fds(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    auto ft = d.files();
    if (!ft) return std::move(ft).error();
    Table t;
    t.name = "fds";
    t.columns = {{"pid", "PID", true}, {"fd", "FD", true},  {"type", "TYPE"}, {"id", "ID", true},
                 {"cloexec", "CLOEXEC"}, {"flags", "FLAGS"}, {"pos", "POS", true}, {"file", "FILE"}};
    auto row = [&](uint32_t pid, Cell fd, uint32_t id, Cell cloexec) {
        const cimg::FileEntry* f = (*ft)->find(id);
        Cell flags, pos;
        if (f) {
            if (auto fl = file_open_flags(*f)) {
                flags = Cell::shown(Cell(*fl), open_flags(*fl));   // every kind stores the file's f_flags
            }
            if (auto p = file_pos(*f)) pos = Cell(*p);
        }
        t.add_row({Cell(pid), std::move(fd), f ? Cell(fd_type_name(f->type())) : Cell(), Cell(id), std::move(cloexec),
                   flags, pos, Cell(file_label(d, id))});
    };
    warn_files(t, d);
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        if (auto ok = warn_missing_fd_images(t, d, pid); !ok) return std::move(ok).error();
        if (auto ok = warn_if_missing(t, d, pid, fmt::format("mm-{}.img", pid), fmt::format("task {}'s executable is unknown", pid)); !ok)
            return std::move(ok).error();
        auto fdi = d.fdinfo(pid);
        if (!fdi) return std::move(fdi).error();
        if (*fdi) {
            std::vector<const cimg::FdinfoEntry*> by_fd;
            for (const auto& e : **fdi) by_fd.push_back(&e);
            std::stable_sort(by_fd.begin(), by_fd.end(), [](auto* a, auto* b) { return a->fd() < b->fd(); });
            for (const auto* e : by_fd) row(pid, Cell(e->fd()), e->id(), Cell((e->flags() & 1) != 0));
        }
        auto fs = d.fs(pid);
        if (!fs) return std::move(fs).error();
        if (*fs) {
            row(pid, Cell("cwd"), (*fs)->cwd_id(), Cell());
            row(pid, Cell("root"), (*fs)->root_id(), Cell());
        }
        auto mm = d.mm(pid);
        if (!mm) return std::move(mm).error();
        if (*mm) row(pid, Cell("exe"), (*mm)->exe_file_id(), Cell());
    }
    return t;
}

}  // namespace img
