// rlimits: each task's resource limits (core tc.rlimits, or the legacy rlimit-<pid>.img).
#include <fmt/format.h>

#include "img/model/image_loader.h"
#include "rlimit.pb.h"
#include "img/model/task_tree.h"
#include "img/views/views.h"

namespace img {


namespace {

std::string rlimit_name(size_t i) {
    static const char* names[] = {"RLIMIT_CPU",    "RLIMIT_FSIZE",   "RLIMIT_DATA",     "RLIMIT_STACK",
                                  "RLIMIT_CORE",   "RLIMIT_RSS",     "RLIMIT_NPROC",    "RLIMIT_NOFILE",
                                  "RLIMIT_MEMLOCK", "RLIMIT_AS",     "RLIMIT_LOCKS",    "RLIMIT_SIGPENDING",
                                  "RLIMIT_MSGQUEUE", "RLIMIT_NICE",  "RLIMIT_RTPRIO",   "RLIMIT_RTTIME"};
    return i < std::size(names) ? names[i] : fmt::format("RLIMIT_{}", i);
}

// ~0 is RLIM_INFINITY: "unlimited" in both text and JSON (a 2^64-1 number helps nobody).
Cell limit(uint64_t v) { return v == ~uint64_t{0} ? Cell("unlimited") : Cell(v); }

}  // namespace

Expected<Table> view_rlimits(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    Table t;
    t.name = "rlimits";
    t.columns = {{"pid", "PID", true}, {"resource", "RESOURCE"}, {"cur", "SOFT", true}, {"max", "HARD", true}};
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        auto c = d.core(pid);
        if (!c) return std::move(c).error();
        std::vector<cimg::RlimitEntry> lims;
        if (*c && (*c)->has_tc() && (*c)->tc().has_rlimits()) {
            lims.assign((*c)->tc().rlimits().rlimits().begin(), (*c)->tc().rlimits().rlimits().end());
        } else {
            auto l = load_entries<cimg::RlimitEntry>(d.source(), fmt::format("rlimit-{}.img", pid));
            if (!l) return std::move(l).error();
            if (*l) lims = std::move(**l);
        }
        for (size_t i = 0; i < lims.size(); ++i)
            t.add_row({Cell(pid), Cell(rlimit_name(i)), limit(lims[i].cur()), limit(lims[i].max())});
    }
    return t;
}

}  // namespace img
