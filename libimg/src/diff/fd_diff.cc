// Descriptors of one task on both sides, matched by number, with the files behind them (and the
// task's cwd and root): added, removed, or a changed type, flags, target, position, size, mode.
#include <map>

#include "diff_context.h"
#include "img/support/display.h"

namespace img::diff {

namespace {

std::string files_aspect(const std::string&) { return "files"; }

// The file object `id` as JSON, without ids that only name it inside its own dump.
nlohmann::json file_json(Checkpoint& d, uint32_t id) {
    auto files = d.files();
    if (!files || !*files) return nlohmann::json{{"id", id}};
    const cimg::FileEntry* f = (*files)->find(id);
    if (!f) return nlohmann::json{{"missing", id}};
    nlohmann::json j = message_json(*f);
    j.erase("id");
    for (auto& [k, v] : j.items())
        if (v.is_object()) v.erase("id");
    j["target"] = display_text((*files)->describe(id));
    return j;
}

Expected<std::map<uint32_t, const cimg::FdinfoEntry*>> fds_of(Checkpoint& d, uint32_t pid) {
    auto fi = d.fdinfo(pid);
    if (!fi) return std::move(fi).error();
    std::map<uint32_t, const cimg::FdinfoEntry*> out;
    if (*fi)
        for (const auto& e : **fi) out[e.fd()] = &e;
    return out;
}

nlohmann::json fd_json(Checkpoint& d, const cimg::FdinfoEntry& e) {
    nlohmann::json j = message_json(e);
    j.erase("id");
    j["file"] = file_json(d, e.id());
    return j;
}

void diff_fs(Context& cx, const TaskPair& t, const std::string& where) {
    auto fa = cx.a.fs(t.a), fb = cx.b.fs(t.b);
    if (!fa || !fb || !*fa || !*fb) return;
    cx.add_json(where + " cwd", file_json(cx.a, (*fa)->cwd_id()), file_json(cx.b, (*fb)->cwd_id()), files_aspect);
    cx.add_json(where + " root", file_json(cx.a, (*fa)->root_id()), file_json(cx.b, (*fb)->root_id()), files_aspect);
    if ((*fa)->umask() != (*fb)->umask())
        cx.add("files", Change::Changed, where, "/umask", std::to_string((*fa)->umask()), std::to_string((*fb)->umask()));
}

}  // namespace

Expected<void> diff_fds(Context& cx, const TaskPair& t, const std::string& where) {
    if (!cx.wants("fds") && !cx.wants("files")) return {};
    auto fa = fds_of(cx.a, t.a), fb = fds_of(cx.b, t.b);
    if (!fa) return std::move(fa).error();
    if (!fb) return std::move(fb).error();
    for (const auto& [fd, e] : *fa) {
        std::string w = where + " fd " + std::to_string(fd);
        auto it = fb->find(fd);
        if (it == fb->end()) cx.add("fds", Change::Removed, w, "", json_text(fd_json(cx.a, *e)), "");
        else cx.add_json(w, fd_json(cx.a, *e), fd_json(cx.b, *it->second), nullptr, "fds");
    }
    for (const auto& [fd, e] : *fb)
        if (!fa->count(fd))
            cx.add("fds", Change::Added, where + " fd " + std::to_string(fd), "", "", json_text(fd_json(cx.b, *e)));
    diff_fs(cx, t, where);
    return {};
}

}  // namespace img::diff
