#include "unpack_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "img/io/temp_dir_cleanup.h"

namespace img {

std::string temp_parent() {
    const char* t = std::getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

// The pid in the name lets the next run tell a folder left by a killed process (removed) from one
// in use by a running one (kept).
Expected<std::shared_ptr<UnpackDir>> UnpackDir::create(const std::string& archive) {
    const std::string parent = temp_parent();
    remove_stale_temp_dirs(parent, kPrefix);
    std::string tmpl = fmt::format("{}/{}{}-XXXXXX", parent, kPrefix, ::getpid());
    auto fail = [&](const std::string& what) { Error e; e.file = archive; e.what = what; return e; };
    if (!::mkdtemp(tmpl.data()))
        return fail(fmt::format("cannot create a temporary directory from {}: {}", tmpl, std::strerror(errno)));
    std::shared_ptr<UnpackDir> d(new UnpackDir());
    d->path_ = tmpl;
    d->slot_ = register_temp_dir(tmpl);
    d->fd_ = ::open(tmpl.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d->fd_ < 0) return fail(fmt::format("cannot open {}: {}", tmpl, std::strerror(errno)));
    return d;
}

UnpackDir::~UnpackDir() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) remove_temp_dir(path_.c_str());
    unregister_temp_dir(slot_);
}

}  // namespace img
