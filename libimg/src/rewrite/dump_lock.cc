#include "dump_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace img {

namespace {
Error lock_error(const std::string& dir, const std::string& what) {
    Error e; e.file = dir; e.what = what; return e;
}
}  // namespace

Expected<DumpLock> DumpLock::acquire(const std::string& dir, bool wait) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return lock_error(dir, std::string("cannot open dump directory: ") + std::strerror(errno));
    int r;
    do r = ::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
    while (r != 0 && errno == EINTR);
    if (r == 0) return DumpLock(fd);
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK)
        return lock_error(dir, "another img-fixpaths is repairing this dump (lock held); try again when it ends");
    return lock_error(dir, std::string("cannot lock the dump directory: ") + std::strerror(err));
}

DumpLock& DumpLock::operator=(DumpLock&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = o.fd_;
        o.fd_ = -1;
    }
    return *this;
}

DumpLock::~DumpLock() {
    if (fd_ >= 0) ::close(fd_);   // closing the last descriptor releases the flock
}

}  // namespace img
