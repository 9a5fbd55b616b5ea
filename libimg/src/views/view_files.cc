// files: every file object of files.img (or the legacy per-type images), with
// the REG details and which tasks use it (fd numbers, cwd, root, exe, map).
#include <algorithm>

#include <fmt/format.h>

#include "img/model/image_loader.h"
#include "remap_file_path.pb.h"
#include "img/model/file_label.h"
#include "img/model/file_payload.h"
#include "img/model/file_uses.h"
#include "img/schema/flag_names.h"
#include "img/views/views.h"
#include "file_view_inputs.h"
#include "table_cells.h"

namespace img {


Expected<Table> view_files(Checkpoint& d, const ViewOptions& o) {
    Table t;
    auto in = file_view_inputs(d, o, t);
    if (!in) return std::move(in).error();
    const FileTable* ft = in->files;
    const auto& uses = in->uses;
    const std::optional<uint32_t> pid = in->pid;
    // Unlinked or invisible files CRIU remapped: orig id -> how.
    auto remaps = load_entries<cimg::RemapFilePathEntry>(d.source(), "remap-fpath.img");
    if (!remaps) return std::move(remaps).error();
    std::map<uint32_t, std::string> remap_of;
    if (*remaps)
        for (const auto& r : **remaps) {
            uint32_t type = r.has_remap_type() ? r.remap_type() : ((r.remap_id() >> 31) ? 1u : 0u);
            uint32_t rid = r.has_remap_type() ? r.remap_id() : (r.remap_id() & 0x7fffffffu);
            remap_of[r.orig_id()] = type == 1   ? fmt::format("ghost, ghost-file-{:x}.img", rid)
                                    : type == 2 ? fmt::format("procfs, pid {}", rid)
                                                : fmt::format("linked to {}", file_label(d, rid));
        }
    t.name = "files";
    t.columns = {{"id", "ID", true},      {"type", "TYPE"},     {"flags", "FLAGS"},       {"pos", "POS", true},
                 {"size", "SIZE", true},  {"mode", "MODE"},     {"mnt_id", "MNT", true},  {"used_by", "USED BY"},
                 {"file", "FILE"}};
    static const std::vector<FileUse> kNone;
    // By file id: files.img holds them in the order CRIU met them.
    std::vector<const cimg::FileEntry*> by_id;
    for (const auto& f : ft->all()) by_id.push_back(&f);
    std::stable_sort(by_id.begin(), by_id.end(), [](auto* a, auto* b) { return a->id() < b->id(); });
    for (const cimg::FileEntry* fp : by_id) {
        const cimg::FileEntry& f = *fp;
        auto it = uses.find(f.id());
        const auto& u = it == uses.end() ? kNone : it->second;
        if (pid && !used_by(u, *pid)) continue;
        Cell flags, pos, size, mode, mnt;
        if (auto fl = file_open_flags(f))
            flags = Cell::shown(Cell(*fl), open_flags(*fl));   // every kind stores the file's f_flags
        if (auto p = file_pos(f)) pos = Cell(*p);
        if (f.has_reg()) {
            const auto& r = f.reg();
            if (r.has_size()) size = Cell(r.size());
            if (r.has_mode()) mode = Cell::shown(Cell(r.mode()), fmt::format("0{:o}", r.mode()));
            if (r.has_mnt_id()) mnt = Cell(static_cast<int64_t>(r.mnt_id()));
        } else if (f.has_usk() && f.usk().has_mnt_id()) {
            mnt = Cell(static_cast<int64_t>(f.usk().mnt_id()));
        }
        std::string label = file_label(d, f);
        if (f.has_reg() && f.reg().ext()) label += " (external)";
        if (auto r = remap_of.find(f.id()); r != remap_of.end()) label += " (" + r->second + ")";
        t.add_row({Cell(f.id()), Cell(fd_type_name(f.type())), flags, pos, size, mode, mnt,
                   joined(use_labels(u), ","), Cell(label)});
    }
    return t;
}

}  // namespace img
