#include "img/model/dump_source.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "archive_members.h"

namespace img {

Expected<std::unique_ptr<DumpSource>> DumpSource::open_dir(const std::string& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) { Error e; e.file = dir; e.what = std::string("cannot open: ") + std::strerror(errno); return e; }
    if (!S_ISDIR(st.st_mode)) { Error e; e.file = dir; e.what = "not a directory"; return e; }
    auto s = std::unique_ptr<DumpSource>(new DumpSource());
    s->dir_ = dir;
    while (s->dir_.size() > 1 && s->dir_.back() == '/') s->dir_.pop_back();
    return s;
}

bool DumpSource::exists(const std::string& name) const {
    return ::access(path_of(name).c_str(), F_OK) == 0;
}

uint64_t DumpSource::size(const std::string& name) const {
    struct stat st {};
    return ::stat(path_of(name).c_str(), &st) == 0 && S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
}

std::string DumpSource::shown_path(const std::string& name) const {
    if (archive_.empty()) return path_of(name);
    auto it = members_.find(name);
    return archive_ + ":" + (it != members_.end() ? it->second : "checkpoint/" + name);
}

Expected<MappedFile> DumpSource::open(const std::string& name) const {
    if (unpacked_) {
        if (auto ok = unpacked_->ensure(name); !ok) return std::move(ok).error();
    }
    auto f = MappedFile::open(path_of(name));
    if (!f) {
        f.error().file = shown_path(name);
        return f;
    }
    f->rename(shown_path(name));
    return f;
}

std::vector<std::string> DumpSource::list() const {
    std::vector<std::string> v;
    if (DIR* d = ::opendir(dir_.c_str())) {
        while (dirent* de = ::readdir(d)) {
            std::string n = de->d_name;
            if (n != "." && n != "..") v.push_back(n);
        }
        ::closedir(d);
    }
    std::sort(v.begin(), v.end());
    return v;
}

const DumpSource* DumpSource::parent() const {
    if (parent_checked_) return parent_.get();
    parent_checked_ = true;
    if (depth_ > 64) return nullptr;   // a loop of parent links
    std::string p = path_of("parent");
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return nullptr;
    auto s = open_dir(p);
    if (!s) return nullptr;
    (*s)->depth_ = depth_ + 1;
    parent_ = std::move(*s);
    return parent_.get();
}

}  // namespace img
