#include "dump_folder.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "img/io/atomic_file.h"
#include "img/io/image_kind.h"
#include "img/io/image_writer.h"
#include "img/io/temp_dir_cleanup.h"

namespace img {
namespace {

Error sys_error(const std::string& file, const std::string& what) {
    Error e = make_error(fmt::format("{}: {}", what, std::strerror(errno)));
    return e.in_file(file);
}

bool is_empty_dir(const std::string& dir) {
    DIR* d = opendir(dir.c_str());
    if (!d) return false;
    bool empty = true;
    while (dirent* e = readdir(d))
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) { empty = false; break; }
    closedir(d);
    return empty;
}

Expected<void> write_all(const std::string& path, std::string_view data) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return sys_error(path, "cannot create");
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { Error e = sys_error(path, "cannot write"); ::close(fd); return e; }
        done += size_t(n);
    }
    ::close(fd);
    return {};
}

}  // namespace

Expected<DumpFolder> DumpFolder::create(const std::string& dir) {
    struct stat st{};
    if (::stat(dir.c_str(), &st) == 0 && !(S_ISDIR(st.st_mode) && is_empty_dir(dir)))
        return make_error("already exists and is not an empty folder (img-dump never mixes two dumps)").in_file(dir);
    std::string parent = directory_of(dir);
    std::string base = dir.substr(dir.find_last_of('/') == std::string::npos ? 0 : dir.find_last_of('/') + 1);
    std::string tmp = fmt::format("{}/.img-dump.{}.{}.tmp", parent, base, ::getpid());
    if (::mkdir(tmp.c_str(), 0755) != 0) return sys_error(tmp, "cannot create the dump's temporary folder");
    int slot = register_temp_dir(tmp);
    return DumpFolder(dir, tmp, slot);
}

DumpFolder::DumpFolder(DumpFolder&& o) noexcept
    : dir_(std::move(o.dir_)), tmp_(std::move(o.tmp_)), slot_(o.slot_), committed_(o.committed_) {
    o.committed_ = true;   // the moved-from folder owns nothing
    o.slot_ = -1;
}

DumpFolder::~DumpFolder() {
    if (committed_) return;
    if (slot_ >= 0) unregister_temp_dir(slot_);
    remove_temp_dir(tmp_.c_str());
}

Expected<void> DumpFolder::write_image(const std::string& name, std::string_view kind, const std::vector<Entry>& entries) {
    const ImageKind* k = kind_by_name(kind);
    if (!k) return make_error(fmt::format("no image kind {}", kind)).in_file(name);
    ImageWriter w(*k);
    for (const auto& e : entries) w.add(e.message->SerializeAsString(), e.payload);
    return write_all(tmp_ + "/" + name, w.take());
}

Expected<void> DumpFolder::write_image(const std::string& name, std::string_view kind,
                                       const std::vector<const google::protobuf::MessageLite*>& messages) {
    std::vector<Entry> entries;
    entries.reserve(messages.size());
    for (const auto* m : messages) entries.push_back({m, {}});
    return write_image(name, kind, entries);
}

Expected<int> DumpFolder::open_raw(const std::string& name) {
    std::string path = tmp_ + "/" + name;
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return sys_error(path, "cannot create");
    return fd;
}

Expected<void> DumpFolder::commit() {
    sync_directory(tmp_);
    if (::rename(tmp_.c_str(), dir_.c_str()) != 0) return sys_error(dir_, "cannot rename the finished dump into place");
    sync_directory(directory_of(dir_));
    committed_ = true;
    if (slot_ >= 0) unregister_temp_dir(slot_);
    return {};
}

}  // namespace img
