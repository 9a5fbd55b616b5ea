// Descriptors of one task on both sides, matched by number, with the files behind them (and the
// task's cwd, root and umask): added, removed, or a changed type, flags or target file (the
// files themselves are compared once, in file_diff.cc).
#include <map>
#include <tuple>

#include "diff_context.h"

namespace img::diff {

namespace {

Expected<std::map<uint32_t, const cimg::FdinfoEntry*>> fds_of(Checkpoint& d, uint32_t pid) {
    auto fi = d.fdinfo(pid);
    if (!fi) return std::move(fi).error();
    std::map<uint32_t, const cimg::FdinfoEntry*> out;
    if (*fi)
        for (const auto& e : **fi) out[e.fd()] = &e;
    return out;
}

nlohmann::json fd_json(const cimg::FdinfoEntry& e, const std::string& target) {
    nlohmann::json j = message_json(e);
    j.erase("id");
    j["file"] = target;
    return j;
}

Expected<void> diff_fs(Context& cx, const TaskPair& t, const std::string& where) {
    auto fa = cx.a.fs(t.a), fb = cx.b.fs(t.b);
    if (!fa) return std::move(fa).error();
    if (!fb) return std::move(fb).error();
    if (!*fa || !*fb) return {};
    for (auto [name, ida, idb] : {std::tuple{"cwd", (*fa)->cwd_id(), (*fb)->cwd_id()},
                                  std::tuple{"root", (*fa)->root_id(), (*fb)->root_id()}}) {
        auto [na, nb] = file_targets(cx, ida, idb);
        if (na != nb) cx.add("fds", Change::Changed, where, std::string("/") + name, json_text(na), json_text(nb));
    }
    if ((*fa)->umask() != (*fb)->umask())
        cx.add("fds", Change::Changed, where, "/umask", std::to_string((*fa)->umask()), std::to_string((*fb)->umask()));
    return {};
}

}  // namespace

Expected<void> diff_fds(Context& cx, const TaskPair& t, const std::string& where) {
    if (!cx.wants("fds")) return {};
    auto fa = fds_of(cx.a, t.a), fb = fds_of(cx.b, t.b);
    if (!fa) return std::move(fa).error();
    if (!fb) return std::move(fb).error();
    for (const auto& [fd, e] : *fa) {
        std::string w = where + " fd " + std::to_string(fd);
        auto it = fb->find(fd);
        if (it == fb->end()) {
            cx.add("fds", Change::Removed, w, "", json_text(fd_json(*e, file_name(cx.a, e->id()))), "");
            continue;
        }
        if (same_bytes(*e, *it->second) && paired(cx, e->id(), it->second->id())) continue;
        auto [na, nb] = file_targets(cx, e->id(), it->second->id());
        cx.add_json(w, fd_json(*e, na), fd_json(*it->second, nb), nullptr, "fds");
    }
    for (const auto& [fd, e] : *fb)
        if (!fa->count(fd))
            cx.add("fds", Change::Added, where + " fd " + std::to_string(fd), "", "", json_text(fd_json(*e, file_name(cx.b, e->id()))));
    return diff_fs(cx, t, where);
}

}  // namespace img::diff
