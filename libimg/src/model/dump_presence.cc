#include "img/model/dump_presence.h"

#include <sys/stat.h>

#include <vector>

namespace img {

namespace {

// The folders in `dir` that hold an inventory.img (a folder of dumps), in name order.
std::vector<std::string> dumps_inside(const DumpSource& src) {
    std::vector<std::string> found;
    for (const auto& name : src.list()) {
        struct stat st {};
        if (::stat(src.path_of(name + "/inventory.img").c_str(), &st) == 0) found.push_back(name);
    }
    return found;
}

}  // namespace

Expected<void> require_dump(const Checkpoint& d, const std::string& named) {
    const DumpSource& src = d.source();
    if (src.exists("inventory.img") || src.exists("pstree.img") || d.container()) return {};
    std::string what = "not a CRIU dump (no inventory.img or pstree.img in it)";
    auto inside = dumps_inside(src);
    if (!inside.empty()) {
        what += "; it holds dumps: ";
        for (size_t i = 0; i < inside.size() && i < 4; ++i) what += (i ? ", " : "") + inside[i];
        if (inside.size() > 4) what += ", ...";
    }
    Error e = make_error(what);
    e.file = named;
    return e;
}

}  // namespace img
