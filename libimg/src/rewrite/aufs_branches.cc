#include "img/rewrite/aufs_branches.h"

#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>


namespace img {
namespace {

// The value of `key=` in a comma-separated option list, or "".
std::string option_value(const std::string& opts, const std::string& key) {
    std::istringstream in(opts);
    for (std::string o; std::getline(in, o, ',');)
        if (o.rfind(key + "=", 0) == 0) return o.substr(key.size() + 1);
    return {};
}

}  // namespace

Expected<void> add_aufs_branches_from_mountinfo(BranchMap& map, const std::string& mountinfo, const std::string& sys_aufs) {
    std::istringstream in(mountinfo);
    size_t unions = 0, line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        std::istringstream f(line);
        std::vector<std::string> w;
        for (std::string x; f >> x;) w.push_back(x);
        size_t dash = 0;
        while (dash < w.size() && w[dash] != "-") ++dash;
        if (dash < 5 || dash + 3 >= w.size() || w[dash + 1] != "aufs") continue;
        std::string si = option_value(w[dash + 3], "si");
        auto mount_point = unescape_map_path(w[4]);
        if (si.empty() || !mount_point)
            return make_error(fmt::format("line {}: aufs mount without a si= option or with a bad mount point", line_no));
        if (auto r = map.add_aufs_si(fmt::format("{}/si_{}", sys_aufs, si), *mount_point); !r) return r;
        ++unions;
    }
    if (unions == 0) return make_error("no aufs mount: nothing for --aufs to map (use --aufs-si or --branch-map)");
    return {};
}

Expected<void> add_task_aufs_branches(BranchMap& map, pid_t pid) {
    std::string path = fmt::format("/proc/{}/mountinfo", pid);
    std::ifstream in(path);   // a /proc file: its size is 0 until read, so not mapped
    std::ostringstream text;
    if (!(in && text << in.rdbuf())) return make_error("cannot read the task's mount table").in_file(path);
    auto r = add_aufs_branches_from_mountinfo(map, text.str(), "/sys/fs/aufs");
    if (!r) return r.error().in_file(path);
    return {};
}

}  // namespace img
