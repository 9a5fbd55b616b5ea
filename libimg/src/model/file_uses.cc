#include "img/model/file_uses.h"

#include <algorithm>
#include <utility>

#include "img/model/process_memory.h"
#include "img/model/task_tree.h"

namespace img {

namespace {

using UseMap = std::map<uint32_t, std::vector<FileUse>>;

void add_use(UseMap& uses, uint32_t id, uint32_t pid, std::string what) {
    auto& v = uses[id];
    for (const auto& u : v)
        if (u.pid == pid && u.what == what) return;
    v.push_back(FileUse{pid, std::move(what)});
}

// A VMA that maps a file object through its shmid: a regular file mapping, not SysV shm,
// shared anonymous memory or a packet socket's ring.
bool maps_a_file(uint32_t status) {
    return (status & kVmaRegular) && (status & (kVmaFilePrivate | kVmaFileShared)) &&
           !(status & (kVmaSysvipc | kVmaAnonShared | kVmaSocket));
}

// The uses of one task: its fds, cwd and root, exe and mapped files.
Expected<void> add_task_uses(UseMap& uses, Checkpoint& d, uint32_t pid) {
    auto fdi = d.fdinfo(pid);
    if (!fdi) return std::move(fdi).error();
    if (*fdi)
        for (const auto& f : **fdi) add_use(uses, f.id(), pid, std::to_string(f.fd()));
    auto fs = d.fs(pid);
    if (!fs) return std::move(fs).error();
    if (*fs) {
        add_use(uses, (*fs)->cwd_id(), pid, "cwd");
        add_use(uses, (*fs)->root_id(), pid, "root");
    }
    auto mm = d.mm(pid);
    if (!mm) return std::move(mm).error();
    if (*mm) {
        add_use(uses, (*mm)->exe_file_id(), pid, "exe");
        for (const auto& v : (*mm)->vmas())
            if (maps_a_file(v.status())) add_use(uses, static_cast<uint32_t>(v.shmid()), pid, "map");
    }
    return {};
}

}  // namespace

Expected<std::map<uint32_t, std::vector<FileUse>>> file_uses(Checkpoint& d) {
    auto ts = task_tree(d);
    if (!ts) return std::move(ts).error();
    UseMap uses;
    for (const auto& t : *ts)
        if (auto ok = add_task_uses(uses, d, t.pid()); !ok) return std::move(ok).error();
    return uses;
}

std::vector<std::string> use_labels(const std::vector<FileUse>& uses) {
    std::vector<std::string> v;
    for (const auto& u : uses) v.push_back(u.label());
    return v;
}

bool used_by(const std::vector<FileUse>& uses, uint32_t pid) {
    return std::any_of(uses.begin(), uses.end(), [&](const FileUse& u) { return u.pid == pid; });
}

}  // namespace img
