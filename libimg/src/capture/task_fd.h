// TaskFd: img-dump's own copy of a seized task's descriptor (pidfd_getfd), sharing its open file
// description, for what only the file itself can answer (socket options, queued packets).
#pragma once

#include <sys/types.h>

#include "img/support/error.h"

namespace img {

class TaskFd {
public:
    static Expected<TaskFd> copy(pid_t pid, int fd);
    TaskFd(TaskFd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    TaskFd(const TaskFd&) = delete;
    TaskFd& operator=(const TaskFd&) = delete;
    TaskFd& operator=(TaskFd&&) = delete;
    ~TaskFd();
    int get() const { return fd_; }

private:
    explicit TaskFd(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace img
