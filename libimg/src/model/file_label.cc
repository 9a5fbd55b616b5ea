#include "img/model/file_label.h"

#include <fmt/format.h>

#include "img/support/display.h"

namespace img {

namespace {

void append_label(std::string& out, Checkpoint& d, const FileTable* ft, const cimg::FileEntry& f) {
    if (!ft) { out += fmt::format("{}.{}", fd_type_name(f.type()), f.id()); return; }
    if (f.has_memfd()) {
        auto inodes = d.memfd_inodes();
        if (inodes && *inodes)
            for (const auto& ino : **inodes)
                if (ino.inode_id() == f.memfd().inode_id()) {
                    out += "memfd:";
                    append_display_text(out, ino.name());
                    return;
                }
    }
    ft->append_description(out, f);
}

}  // namespace

std::string file_label(Checkpoint& d, const cimg::FileEntry& f) {
    auto ft = d.files();
    std::string s;
    append_label(s, d, ft ? *ft : nullptr, f);
    return s;
}

void append_file_label(std::string& out, Checkpoint& d, uint32_t id) {
    auto ft = d.files();
    if (!ft) { out += fmt::format("file {}", id); return; }
    const cimg::FileEntry* f = (*ft)->find(id);
    if (f) append_label(out, d, *ft, *f);
    else out += fmt::format("missing file id {}", id);
}

std::string file_label(Checkpoint& d, uint32_t id) {
    std::string s;
    append_file_label(s, d, id);
    return s;
}

}  // namespace img
