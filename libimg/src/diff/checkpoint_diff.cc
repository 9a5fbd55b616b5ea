#include "img/diff/checkpoint_diff.h"

#include <algorithm>

#include "diff_context.h"
#include "img/diff/checkpoint_differ.h"
#include "img/support/display.h"

namespace img {

std::string diff_options_error(const DiffOptions& o) {
    const auto& all = diff_aspects();
    for (const auto& a : o.only)
        if (std::find(all.begin(), all.end(), a) == all.end())
            return "--only: unknown aspect '" + a + "' (one of: tasks, threads, registers, creds, rlimits, signals, "
                   "seccomp, namespaces, mm, vmas, fds, files, mounts, container, pages, entries)";
    return "";
}

Expected<DiffResult> diff_checkpoints(Checkpoint& a, Checkpoint& b, const DiffOptions& o) {
    CheckpointDiffer differ(a, b, o);
    for (;;) {
        auto more = differ.step();
        if (!more) return std::move(more).error();
        if (!*more) return differ.take();
    }
}

namespace diff {

namespace {

// The aspect of a difference inside a thread's core, from its path.
std::string core_aspect(const std::string& path) {
    auto has = [&](const char* s) { return path.find(s) != std::string::npos; };
    if (has("/thread_info") || has("gpregs") || has("fpregs") || has("/ti_")) return "registers";
    if (has("creds")) return "creds";
    if (has("rlimits")) return "rlimits";
    if (has("sigactions") || has("blk_sigset") || has("signals") || has("sas") || has("sigpending")) return "signals";
    if (has("seccomp")) return "seccomp";
    return "threads";
}
std::string tasks_aspect(const std::string&) { return "tasks"; }

std::string task_where(Checkpoint& d, uint32_t pid) {
    auto core = d.core(pid);
    std::string comm = core && *core ? display_text((*core)->tc().comm()) : "";
    return "task " + std::to_string(pid) + (comm.empty() ? "" : " (" + comm + ")");
}

// The pstree entry of pid, as JSON, without the ids that --match comm expects to differ.
Expected<nlohmann::json> pstree_json(Checkpoint& d, uint32_t pid, bool by_comm) {
    auto t = d.task(pid);
    if (!t) return std::move(t).error();
    nlohmann::json j = message_json(**t);
    if (by_comm) { j.erase("pid"); j.erase("threads"); j.erase("ppid"); j.erase("pgid"); j.erase("sid"); }
    else j.erase("threads");
    return j;
}

template <class M>
Expected<nlohmann::json> optional_json(Expected<const M*> m) {
    if (!m) return std::move(m).error();
    return *m ? message_json(**m) : nlohmann::json::object();
}

Expected<void> diff_threads(Context& cx, const TaskPair& t, const std::string& where) {
    auto ta = cx.a.task(t.a), tb = cx.b.task(t.b);
    if (!ta) return std::move(ta).error();
    if (!tb) return std::move(tb).error();
    const auto& tha = (*ta)->threads();
    const auto& thb = (*tb)->threads();
    size_t n = std::max(tha.size(), thb.size());
    for (size_t i = 0; i < n; ++i) {
        // Threads pair by tid, or by position under --match comm (tids then differ).
        uint32_t ida = i < static_cast<size_t>(tha.size()) ? tha[static_cast<int>(i)] : 0;
        uint32_t idb = 0;
        if (cx.opt.match_comm) idb = i < static_cast<size_t>(thb.size()) ? thb[static_cast<int>(i)] : 0;
        else if (ida && std::find(thb.begin(), thb.end(), ida) != thb.end()) idb = ida;
        if (!cx.opt.match_comm && !ida) continue;
        std::string w = where + " thread " + std::to_string(ida ? ida : idb);
        if (!ida || !idb) {
            cx.add("threads", ida ? Change::Removed : Change::Added, w, "", ida ? std::to_string(ida) : "", idb ? std::to_string(idb) : "");
            continue;
        }
        auto ca = optional_json(cx.a.core(ida)), cb = optional_json(cx.b.core(idb));
        if (!ca) return std::move(ca).error();
        if (!cb) return std::move(cb).error();
        cx.add_json(w, *ca, *cb, core_aspect);
    }
    if (!cx.opt.match_comm)
        for (uint32_t id : thb)
            if (std::find(tha.begin(), tha.end(), id) == tha.end())
                cx.add("threads", Change::Added, where + " thread " + std::to_string(id), "", "", std::to_string(id));
    return {};
}

Expected<void> diff_task_images(Context& cx, const TaskPair& t, const std::string& where) {
    auto ia = optional_json(cx.a.ids(t.a)), ib = optional_json(cx.b.ids(t.b));
    if (!ia) return std::move(ia).error();
    if (!ib) return std::move(ib).error();
    cx.add_json(where + " ids", *ia, *ib, tasks_aspect, "namespaces");
    auto ma = cx.a.mm(t.a), mb = cx.b.mm(t.b);
    if (!ma) return std::move(ma).error();
    if (!mb) return std::move(mb).error();
    nlohmann::json ja = *ma ? message_json(**ma) : nlohmann::json::object();
    nlohmann::json jb = *mb ? message_json(**mb) : nlohmann::json::object();
    ja.erase("vmas"); jb.erase("vmas");
    ja.erase("exe_file_id"); jb.erase("exe_file_id");   // a file id: the file itself is compared below
    cx.add_json(where + " mm", ja, jb, tasks_aspect, "mm");
    return {};
}

}  // namespace

Expected<void> diff_task(Context& cx, const TaskPair& t) {
    if (!t.a || !t.b) {
        Checkpoint& d = t.a ? cx.a : cx.b;
        std::string where = task_where(d, t.a ? t.a : t.b);
        cx.add("tasks", t.a ? Change::Removed : Change::Added, where, "", t.a ? where : "", t.b ? where : "");
        return {};
    }
    std::string where = task_where(cx.a, t.a);
    if (t.a != t.b) where += " = " + task_where(cx.b, t.b);
    auto pa = pstree_json(cx.a, t.a, cx.opt.match_comm), pb = pstree_json(cx.b, t.b, cx.opt.match_comm);
    if (!pa) return std::move(pa).error();
    if (!pb) return std::move(pb).error();
    cx.add_json(where, *pa, *pb, tasks_aspect);
    for (auto step : {diff_threads, diff_task_images, diff_vmas, diff_fds}) {
        auto ok = step(cx, t, where);
        if (!ok) return ok;
    }
    return {};
}

}  // namespace diff

}  // namespace img
