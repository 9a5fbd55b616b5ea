// The file objects of two checkpoints (files.img), paired once: by id when both sides have it with
// the same type (a dump and its repaired copy, two dumps of one process), else by the path they
// name. Each pair is compared field by field; a use of a file (fd, VMA, cwd) then differs only
// when it points at another file.
#include <map>

#include "diff_context.h"
#include "img/model/file_label.h"
#include "img/support/display.h"

namespace img::diff {

std::string file_name(Checkpoint& d, uint32_t id) { return display_text(file_label(d, id)); }

std::pair<std::string, std::string> file_targets(Context& cx, uint32_t ida, uint32_t idb) {
    std::string na = file_name(cx.a, ida);
    if (paired(cx, ida, idb)) return {na, na};
    // Not the same file, even where the names agree (two objects opened on /dev/null): say which.
    return {na + " (file " + std::to_string(ida) + ")", file_name(cx.b, idb) + " (file " + std::to_string(idb) + ")"};
}

namespace {

using Files = std::map<uint32_t, const cimg::FileEntry*>;

Expected<Files> files_of(Checkpoint& d) {
    auto t = d.files();
    if (!t) return std::move(t).error();
    Files out;
    if (*t)
        for (const auto& f : (*t)->all()) out[f.id()] = &f;
    return out;
}

nlohmann::json file_json(const cimg::FileEntry& f) {
    nlohmann::json j = message_json(f);
    j.erase("id");
    for (auto& [k, v] : j.items())
        if (v.is_object()) v.erase("id");
    return j;
}

void pair_by_name(Context& cx, const Files& fa, const Files& fb) {
    std::multimap<std::string, uint32_t> free_b;
    std::map<uint32_t, bool> taken;
    for (const auto& [ida, idb] : cx.file_pairs) taken[idb] = true;
    for (const auto& [id, f] : fb)
        if (!taken.count(id)) free_b.emplace(file_name(cx.b, id), id);
    for (const auto& [id, f] : fa) {
        if (cx.file_pairs.count(id)) continue;
        auto it = free_b.find(file_name(cx.a, id));
        if (it == free_b.end() || fb.at(it->second)->type() != f->type()) continue;
        cx.file_pairs[id] = it->second;
        free_b.erase(it);
    }
}

}  // namespace

Expected<void> diff_files(Context& cx) {
    auto fa = files_of(cx.a), fb = files_of(cx.b);
    if (!fa) return std::move(fa).error();
    if (!fb) return std::move(fb).error();
    for (const auto& [id, f] : *fa) {
        auto it = fb->find(id);
        if (it != fb->end() && it->second->type() == f->type()) cx.file_pairs[id] = id;
    }
    pair_by_name(cx, *fa, *fb);
    std::map<uint32_t, bool> paired_b;
    for (const auto& [id, f] : *fa) {
        std::string where = "file " + std::to_string(id) + " (" + file_name(cx.a, id) + ")";
        auto p = cx.file_pairs.find(id);
        if (p == cx.file_pairs.end()) {
            cx.add("files", Change::Removed, where, "", json_text(file_json(*f)), "");
            continue;
        }
        paired_b[p->second] = true;
        if (same_bytes(*f, *fb->at(p->second))) continue;
        cx.add_json(where, file_json(*f), file_json(*fb->at(p->second)), nullptr, "files");
    }
    for (const auto& [id, f] : *fb)
        if (!paired_b.count(id))
            cx.add("files", Change::Added, "file " + std::to_string(id) + " (" + file_name(cx.b, id) + ")", "", "", json_text(file_json(*f)));
    return {};
}

}  // namespace img::diff
