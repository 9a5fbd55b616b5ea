// Reading what waits in a task's pipe or FIFO without taking it out: the pipe is opened again
// through /proc/PID/fd/N and tee(2)'d into a pipe of our own, which is then drained.
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>

#include "img/support/error.h"

namespace img {

struct PipeContents {
    uint32_t buffer_size = 0;   // F_GETPIPE_SZ of the task's pipe
    std::string bytes;          // queued data, unchanged in the task's pipe
};

Expected<PipeContents> peek_pipe(pid_t pid, int fd);

}  // namespace img
