#include "task_fd.h"

#include <cerrno>
#include <cstring>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/format.h>

namespace img {

Expected<TaskFd> TaskFd::copy(pid_t pid, int fd) {
    int pidfd = int(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd < 0) return make_error(fmt::format("task {}: fd {}: pidfd_open: {}", pid, fd, std::strerror(errno)));
    int mine = int(::syscall(SYS_pidfd_getfd, pidfd, fd, 0));
    int err = errno;
    ::close(pidfd);
    if (mine < 0) return make_error(fmt::format("task {}: fd {}: pidfd_getfd: {}", pid, fd, std::strerror(err)));
    return TaskFd(mine);
}

TaskFd::~TaskFd() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace img
