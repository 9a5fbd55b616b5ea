#include "pages_files.h"

#include <fcntl.h>
#include <unistd.h>

namespace img::coredump_detail {

PagesFiles::~PagesFiles() {
    for (auto& [path, fd] : fds_)
        if (fd >= 0) ::close(fd);
}

std::optional<FileSpan> PagesFiles::locate(const ProcessMemory::Region& r, Bytes data) {
    // A reader's parent reads the same image in its source's parent dump: walk both chains together.
    const PagemapReader* pm = r.reader;
    const DumpSource* src = &src_;
    for (; pm && src; pm = pm->parent(), src = src->parent()) {
        auto pages = pm->pages();
        if (!pages) continue;
        Bytes all = (*pages)->bytes();
        if (data.data() < all.data() || data.data() + data.size() > all.data() + all.size()) continue;
        std::string path = src->path_of(pm->pages_file());
        auto it = fds_.find(path);
        if (it == fds_.end()) it = fds_.emplace(path, ::open(path.c_str(), O_RDONLY | O_CLOEXEC)).first;
        if (it->second < 0) return std::nullopt;
        return FileSpan{it->second, static_cast<uint64_t>(data.data() - all.data())};
    }
    return std::nullopt;
}

}  // namespace img::coredump_detail
