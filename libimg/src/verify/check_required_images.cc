// Required images: those CRIU 4.2's restore opens and needs an entry from. For
// each task of pstree.img its core (whose state says whether the task is a
// zombie); for a live task also its thread cores, ids, mm, fs, pagemap and fd
// table. A zombie has only its core: CRIU writes nothing else for it, and its
// thread list holds no real thread id (the restore never reads it). For each
// thread in seccomp filter mode, its filter chain in seccomp.img; for each
// connected TCP socket its tcp-stream image; for each dumped network namespace
// its netns and netdev images (warnings: CRIU restores without them, but not
// the namespace as it was). Images that exist but hold no entry are reported
// with the image (check_structure).
#include <map>
#include <vector>

#include "img/model/image_loader.h"
#include "seccomp.pb.h"
#include "verify_context.h"

namespace img::verify {

namespace {

constexpr uint32_t kTaskDead = 2;   // core tc.task_state of a zombie
constexpr uint32_t kIpprotoTcp = 6;
constexpr uint32_t kSeccompModeFilter = 2;

struct FilteredThread {
    uint32_t tid = 0;
    uint32_t filter = 0;   // index of its last filter in seccomp.img
};

void require(VerifyContext& cx, const std::string& image, const std::string& why) {
    if (!cx.dump.source().exists(image)) cx.add(Severity::Error, "structure", image, -1, "missing: {}", why);
}

void note_seccomp(const cimg::CoreEntry& core, uint32_t tid, std::vector<FilteredThread>& filtered) {
    if (core.has_thread_core() && core.thread_core().seccomp_mode() == kSeccompModeFilter)
        filtered.push_back({tid, core.thread_core().seccomp_filter()});
}

void check_live_task(VerifyContext& cx, const cimg::PstreeEntry& t, const cimg::CoreEntry& core,
                     std::vector<FilteredThread>& filtered) {
    note_seccomp(core, t.pid(), filtered);
    for (uint32_t tid : t.threads()) {
        if (tid == t.pid()) continue;
        require(cx, fmt::format("core-{}.img", tid),
                fmt::format("thread {} of task {} has no core (restore: \"Can't open core data for {}\")", tid, t.pid(), tid));
        if (auto c = cx.dump.core(tid); c && *c) note_seccomp(**c, tid, filtered);
    }
    // Images from before ids-PID.img carried the ids in the core; CRIU still takes them there.
    if (!core.has_ids())
        require(cx, fmt::format("ids-{}.img", t.pid()), fmt::format("live task {} needs it (restore: \"Core IDS data missed for non-zombie\")", t.pid()));
    require(cx, fmt::format("mm-{}.img", t.pid()), fmt::format("live task {} needs its address space", t.pid()));
    require(cx, fmt::format("fs-{}.img", t.pid()), fmt::format("live task {} needs its cwd and root", t.pid()));
    require(cx, fmt::format("pagemap-{}.img", t.pid()), fmt::format("live task {} needs its memory pages", t.pid()));
    auto ids = cx.dump.ids(t.pid());
    if (ids && *ids) require(cx, fmt::format("fdinfo-{}.img", (*ids)->files_id()), fmt::format("the fd table of task {}", t.pid()));
}

// A TCP socket with a peer (CRIU: dst_port set) is restored from tcp-stream-<ino>.img, and only
// by a restore given --tcp-established (or --tcp-close, which drops the connection).
void check_tcp_streams(VerifyContext& cx) {
    auto ft = cx.dump.files();
    if (!ft) return;   // reported by the consistency check
    for (size_t i = 0; i < (*ft)->all().size(); ++i) {
        const auto& f = (*ft)->all()[i];
        if (!f.has_isk() || f.isk().proto() != kIpprotoTcp || f.isk().dst_port() == 0) continue;
        require(cx, fmt::format("tcp-stream-{:x}.img", f.isk().ino()),
                fmt::format("the connected TCP socket {:#x} (files.img #{}) is restored from it", f.id(), i));
        cx.add(Severity::Info, "structure", (*ft)->legacy() ? "inetsk.img" : "files.img", static_cast<int64_t>(i),
               "TCP socket {:#x} is connected: restore it with criu restore --tcp-established", f.id());
    }
}

// A thread in seccomp filter mode gets back filter `filter` of seccomp.img and those its `prev` links
// lead to. CRIU's restore indexes the list without a check when the image is missing, and loops
// for ever on a cycle: each index must be inside the list, each chain end.
void check_seccomp_filters(VerifyContext& cx, const std::vector<FilteredThread>& filtered) {
    if (filtered.empty()) return;
    auto img = load_entries<cimg::SeccompEntry>(cx.dump.source(), "seccomp.img");
    if (!img) return;   // unreadable: reported by the structure check
    if (!*img || (*img)->empty()) {
        cx.add(Severity::Error, "structure", "seccomp.img", -1, "{}: thread {} runs under seccomp filter {}",
               *img ? "holds no entry" : "missing", filtered[0].tid, filtered[0].filter);
        return;
    }
    const auto& filters = (**img)[0].seccomp_filters();
    size_t n = static_cast<size_t>(filters.size());
    for (const auto& f : filtered) {
        size_t steps = 0;
        for (uint64_t i = f.filter;; i = filters[static_cast<int>(i)].prev(), ++steps) {
            if (i >= n) {
                cx.add(Severity::Error, "structure", "seccomp.img", 0, "thread {} runs under filter {}, but the image holds {} "
                       "(restore: \"Corrupted filter index\")", f.tid, i, n);
                break;
            }
            if (steps > n) {
                cx.add(Severity::Error, "structure", "seccomp.img", 0, "the filters of thread {} link in a loop", f.tid);
                break;
            }
            if (!filters[static_cast<int>(i)].has_prev()) break;
        }
    }
}

void check_tasks(VerifyContext& cx) {
    auto tree = cx.dump.pstree();
    if (!tree || !*tree) return;
    std::vector<FilteredThread> filtered;
    for (const auto& t : **tree) {
        ++cx.report.tasks;
        std::string core_name = fmt::format("core-{}.img", t.pid());
        if (!cx.dump.source().exists(core_name)) {
            cx.add(Severity::Error, "structure", core_name, -1, "missing: task {} has no core (restore: \"Can't open core data for {}\")",
                   t.pid(), t.pid());
            continue;
        }
        auto core = cx.dump.core(t.pid());
        if (!core || !*core) continue;   // unreadable or without its entry: reported with the image
        if (!(*core)->has_tc()) {
            cx.add(Severity::Error, "structure", core_name, 0, "the task leader's core has no task state (tc)");
            continue;
        }
        if ((*core)->tc().task_state() != kTaskDead) check_live_task(cx, t, **core, filtered);
    }
    check_seccomp_filters(cx, filtered);
}

// A task whose net_ns_id differs from the one CRIU itself ran in (inventory root_ids) lives in a
// network namespace of the dump. Seen with CRIU 4.2: without netns-ID.img the namespace comes back
// with default sysctls, without netdev-ID.img with no device configured (lo stays down).
void check_net_namespaces(VerifyContext& cx) {
    auto inv = cx.dump.inventory();
    auto tree = cx.dump.pstree();
    if (!inv || !*inv || !(*inv)->has_root_ids() || !tree || !*tree) return;
    std::map<uint32_t, uint32_t> dumped;   // net ns id -> first task in it
    for (const auto& t : **tree)
        if (auto ids = cx.dump.ids(t.pid()); ids && *ids && (*ids)->has_net_ns_id() &&
                                             (*ids)->net_ns_id() != (*inv)->root_ids().net_ns_id())
            dumped.emplace((*ids)->net_ns_id(), t.pid());
    for (const auto& [ns, pid] : dumped)
        for (auto [kind, lost] : {std::pair{"netns", "its sysctls"}, std::pair{"netdev", "its devices (lo stays down)"}}) {
            std::string image = fmt::format("{}-{}.img", kind, ns);
            if (!cx.dump.source().exists(image))
                cx.add(Severity::Warning, "structure", image, -1, "missing: task {} lives in the dumped network namespace {}, "
                       "which CRIU restores without {}", pid, ns, lost);
        }
}

}  // namespace

void check_required_images(VerifyContext& cx) {
    check_tasks(cx);
    check_tcp_streams(cx);
    check_net_namespaces(cx);
}

}  // namespace img::verify
