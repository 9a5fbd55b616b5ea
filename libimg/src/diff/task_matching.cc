// Which task of one checkpoint is which task of the other: by pid, or (--match comm) by the chain
// of commands from the root and the place among siblings of the same command.
#include <map>

#include "diff_context.h"
#include "img/support/display.h"

namespace img::diff {

namespace {

// pid -> "comm#n/comm#n/..." from the root, n counting earlier siblings with the same comm.
Expected<std::map<std::string, uint32_t>> tree_keys(Checkpoint& d) {
    auto ps = d.pstree();
    if (!ps) return std::move(ps).error();
    std::map<std::string, uint32_t> out;
    if (!*ps) return out;
    std::map<uint32_t, std::string> key_of;
    std::map<std::pair<uint32_t, std::string>, int> seen;   // (ppid, comm) -> siblings so far
    for (const auto& t : **ps) {   // pstree lists parents before children
        auto core = d.core(t.pid());
        if (!core) return std::move(core).error();
        std::string comm = *core ? display_text((*core)->tc().comm()) : "?";
        int n = seen[{t.ppid(), comm}]++;
        auto parent = key_of.find(t.ppid());
        std::string key = (parent == key_of.end() ? std::string() : parent->second + "/") + comm + "#" + std::to_string(n);
        key_of[t.pid()] = key;
        out[key] = t.pid();
    }
    return out;
}

Expected<std::vector<uint32_t>> pids(Checkpoint& d) {
    auto ps = d.pstree();
    if (!ps) return std::move(ps).error();
    std::vector<uint32_t> out;
    if (*ps)
        for (const auto& t : **ps) out.push_back(t.pid());
    return out;
}

}  // namespace

Expected<std::vector<TaskPair>> match_tasks(Checkpoint& a, Checkpoint& b, bool by_comm) {
    std::vector<TaskPair> out;
    if (by_comm) {
        auto ka = tree_keys(a), kb = tree_keys(b);
        if (!ka) return std::move(ka).error();
        if (!kb) return std::move(kb).error();
        for (const auto& [k, pid] : *ka) {
            auto it = kb->find(k);
            out.push_back({pid, it == kb->end() ? 0 : it->second});
        }
        for (const auto& [k, pid] : *kb)
            if (!ka->count(k)) out.push_back({0, pid});
        return out;
    }
    auto pa = pids(a), pb = pids(b);
    if (!pa) return std::move(pa).error();
    if (!pb) return std::move(pb).error();
    std::map<uint32_t, bool> in_b;
    for (uint32_t p : *pb) in_b[p] = false;
    for (uint32_t p : *pa) {
        auto it = in_b.find(p);
        if (it != in_b.end()) it->second = true;
        out.push_back({p, it == in_b.end() ? 0 : p});
    }
    for (uint32_t p : *pb)
        if (!in_b[p]) out.push_back({0, p});
    return out;
}

}  // namespace img::diff
