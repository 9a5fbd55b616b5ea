// VMAs of one task on both sides: matched by start address, then (a mapping that moved) by its
// file and offset; reported added, removed, or changed in size, protection, flags or file.
#include <map>

#include <fmt/format.h>

#include "diff_context.h"
#include "img/model/process_memory.h"
#include "img/model/vma_description.h"

namespace img::diff {

std::string vma_name(Checkpoint& d, uint32_t pid, const cimg::VmaEntry& v) {
    auto mm = d.mm(pid);
    if (!mm || !*mm) return "";
    return vma_description(d, **mm, v);
}

namespace {

std::string range_text(const cimg::VmaEntry& v) { return fmt::format("{:x}-{:x}", v.start(), v.end()); }

bool file_backed(const cimg::VmaEntry& v) { return v.status() & (kVmaFilePrivate | kVmaFileShared | kVmaMemfd); }

// What is compared of a VMA: its JSON without the file id (compared by name) and the unused fd.
nlohmann::json vma_json(const cimg::VmaEntry& v, const std::string& name) {
    nlohmann::json j = message_json(v);
    j.erase("shmid");
    j.erase("fd");
    j["file"] = name;
    return j;
}

// Both VMAs of a pair as JSON, their files named alike when the files are paired (file_targets).
std::pair<nlohmann::json, nlohmann::json> pair_json(Context& cx, uint32_t pa, const cimg::VmaEntry& va, uint32_t pb,
                                                     const cimg::VmaEntry& vb) {
    std::string na = vma_name(cx.a, pa, va), nb = vma_name(cx.b, pb, vb);
    if (file_backed(va) && file_backed(vb)) {
        auto [fa, fb] = file_targets(cx, static_cast<uint32_t>(va.shmid()), static_cast<uint32_t>(vb.shmid()));
        if (fa == fb && va.pgoff() == vb.pgoff()) nb = na;
    }
    return {vma_json(va, na), vma_json(vb, nb)};
}

using VmaMap = std::map<uint64_t, const cimg::VmaEntry*>;

VmaMap by_start(const cimg::MmEntry* mm) {
    VmaMap m;
    if (mm)
        for (const auto& v : mm->vmas()) m[v.start()] = &v;
    return m;
}

// VMAs left unmatched by address on both sides, paired when they map the same file and offset.
void match_moved(Context& cx, const TaskPair& t, VmaMap& ra, VmaMap& rb, std::vector<std::pair<const cimg::VmaEntry*, const cimg::VmaEntry*>>& out) {
    std::multimap<std::string, uint64_t> in_b;
    for (const auto& [s, v] : rb)
        if (file_backed(*v)) in_b.emplace(vma_name(cx.b, t.b, *v), s);
    for (auto it = ra.begin(); it != ra.end();) {
        auto hit = in_b.find(vma_name(cx.a, t.a, *it->second));
        if (file_backed(*it->second) && hit != in_b.end()) {
            out.emplace_back(it->second, rb[hit->second]);
            rb.erase(hit->second);
            in_b.erase(hit);
            it = ra.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace

Expected<void> diff_vmas(Context& cx, const TaskPair& t, const std::string& where) {
    if (!cx.wants("vmas")) return {};
    auto ma = cx.a.mm(t.a), mb = cx.b.mm(t.b);
    if (!ma) return std::move(ma).error();
    if (!mb) return std::move(mb).error();
    VmaMap ra = by_start(*ma), rb = by_start(*mb);
    std::vector<std::pair<const cimg::VmaEntry*, const cimg::VmaEntry*>> pairs;
    for (auto it = ra.begin(); it != ra.end();) {
        auto hit = rb.find(it->first);
        if (hit == rb.end()) { ++it; continue; }
        pairs.emplace_back(it->second, hit->second);
        rb.erase(hit);
        it = ra.erase(it);
    }
    match_moved(cx, t, ra, rb, pairs);
    for (const auto& [va, vb] : pairs) {
        if (same_bytes(*va, *vb) && (!file_backed(*va) || paired(cx, static_cast<uint32_t>(va->shmid()), static_cast<uint32_t>(vb->shmid()))))
            continue;   // the common case, decided without rendering either side
        std::string w = where + " vma " + range_text(*va);
        if (va->start() != vb->start()) w += " -> " + range_text(*vb);
        auto [ja, jb] = pair_json(cx, t.a, *va, t.b, *vb);
        cx.add_json(w, ja, jb, nullptr, "vmas");
    }
    for (const auto& [s, v] : ra)
        cx.add("vmas", Change::Removed, where + " vma " + range_text(*v), "", json_text(vma_json(*v, vma_name(cx.a, t.a, *v))), "");
    for (const auto& [s, v] : rb)
        cx.add("vmas", Change::Added, where + " vma " + range_text(*v), "", "", json_text(vma_json(*v, vma_name(cx.b, t.b, *v))));
    return {};
}

}  // namespace img::diff
