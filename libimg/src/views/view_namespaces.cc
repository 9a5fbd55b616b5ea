// namespaces: the namespace ids of each task (ids-<pid>.img) and whether CRIU
// dumped each one (it did when the id differs from the dumping CRIU's own,
// inventory root_ids), with what the namespace images say about it.
#include <fmt/format.h>

#include "img/model/image_loader.h"
#include "netdev.pb.h"
#include "pidns.pb.h"
#include "timens.pb.h"
#include "userns.pb.h"
#include "utsns.pb.h"
#include "img/model/task_tree.h"
#include "img/support/display.h"
#include "img/views/views.h"

namespace img {


namespace {

template <class M>
Expected<const M*> first_entry(Checkpoint& d, const std::string& name, std::optional<M>& keep) {
    auto v = load_entries<M>(d.source(), name);
    if (!v) return std::move(v).error();
    if (!*v || (*v)->empty()) return nullptr;
    keep = std::move((**v)[0]);
    return &*keep;
}

std::string extents(const google::protobuf::RepeatedPtrField<cimg::UidGidExtent>& v) {
    std::string s;
    for (const auto& e : v) s += fmt::format("{}{}->{}+{}", s.empty() ? "" : ",", e.first(), e.lower_first(), e.count());
    return s.empty() ? "none" : s;
}

// What the images of a dumped namespace say, in a few words ("" when nothing).
Expected<std::string> detail(Checkpoint& d, const std::string& kind, uint32_t id) {
    if (kind == "uts") {
        std::optional<cimg::UtsnsEntry> keep;
        auto e = first_entry(d, fmt::format("utsns-{}.img", id), keep);
        if (!e) return std::move(e).error();
        if (*e) return fmt::format("nodename {} domainname {}", display_text((*e)->nodename()), display_text((*e)->domainname()));
    } else if (kind == "user") {
        std::optional<cimg::UsernsEntry> keep;
        auto e = first_entry(d, fmt::format("userns-{}.img", id), keep);
        if (!e) return std::move(e).error();
        if (*e) return fmt::format("uid_map {} gid_map {}", extents((*e)->uid_map()), extents((*e)->gid_map()));
    } else if (kind == "time") {
        std::optional<cimg::TimensEntry> keep;
        auto e = first_entry(d, fmt::format("timens-{}.img", id), keep);
        if (!e) return std::move(e).error();
        if (*e)
            return fmt::format("monotonic {}.{:09}s boottime {}.{:09}s", (*e)->monotonic().tv_sec(),
                               (*e)->monotonic().tv_nsec(), (*e)->boottime().tv_sec(), (*e)->boottime().tv_nsec());
    } else if (kind == "pid") {
        std::optional<cimg::PidnsEntry> keep;
        auto e = first_entry(d, fmt::format("pidns-{}.img", id), keep);
        if (!e) return std::move(e).error();
        if (*e && (*e)->has_ext_key()) return "external " + display_text((*e)->ext_key());
    } else if (kind == "mnt") {
        auto m = d.mounts(id);
        if (!m) return std::move(m).error();
        if (*m) return fmt::format("{} mounts", (*m)->size());
    } else if (kind == "net") {
        auto v = load_entries<cimg::NetDeviceEntry>(d.source(), fmt::format("netdev-{}.img", id));
        if (!v) return std::move(v).error();
        if (*v) {
            std::string s = "devices";
            for (const auto& n : **v) s += " " + display_text(n.name());
            return (*v)->empty() ? std::string("no devices") : s;
        }
    }
    return std::string();
}

}  // namespace

Expected<Table> view_namespaces(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    auto inv = d.inventory();
    if (!inv) return std::move(inv).error();
    const cimg::TaskKobjIdsEntry* root = *inv && (*inv)->has_root_ids() ? &(*inv)->root_ids() : nullptr;

    Table t;
    t.name = "namespaces";
    t.columns = {{"pid", "PID", true}, {"ns", "NS"}, {"id", "ID", true}, {"dumped", "DUMPED"}, {"detail", "DETAIL"}};
    const auto* desc = cimg::TaskKobjIdsEntry::descriptor();
    static const char* kinds[] = {"pid", "net", "ipc", "uts", "mnt", "user", "cgroup", "time"};
    for (const auto& tr : *ts) {
        auto ids = d.ids(tr.pid());
        if (!ids) return std::move(ids).error();
        if (!*ids) continue;   // zombies have no ids image
        const auto* refl = (*ids)->GetReflection();
        for (const char* kind : kinds) {
            const auto* f = desc->FindFieldByName(std::string(kind) + "_ns_id");
            if (!f || !refl->HasField(**ids, f)) continue;
            uint32_t id = refl->GetUInt32(**ids, f);
            Cell dumped;
            std::string det;
            if (root && root->GetReflection()->HasField(*root, f)) {
                bool own = root->GetReflection()->GetUInt32(*root, f) != id;
                dumped = Cell(own);
                if (own) {
                    auto dt = detail(d, kind, id);
                    if (!dt) return std::move(dt).error();
                    det = *dt;
                } else {
                    det = "the dumping host's";
                }
            }
            t.add_row({Cell(tr.pid()), Cell(kind), Cell(id), dumped, Cell(det)});
        }
    }
    return t;
}

}  // namespace img
